import { beforeAll, describe, expect, it } from 'vitest';
import { loadPersonFinder, type PersonFinder } from '../../../src/lib/anonymize/person-finder';
import { scrubText } from '../../../src/lib/anonymize/scrub';

// Names found with the wide name list and by how a sentence treats a word no dictionary knows.
// "Kwesi", "Vsevolod" (Cyrillic in the list) and "Seoyun" (Hangul) are only in the wide list;
// "Zorvana" and "Mawuli" are in no list at all.
let findPersons: PersonFinder;
beforeAll(async () => {
	findPersons = await loadPersonFinder();
}, 60_000);
const scrub = (text: string) => scrubText(text, { findPersons }).text;

describe('scrubText: the wide name list', () => {
	it('finds listed names in lower case, at a sentence start, and from other scripts', () => {
		expect(scrub('lol kwesi is so dramatic')).toBe('lol [PERSON] is so dramatic');
		expect(scrub('Vsevolod fixed the sink')).toBe('[PERSON] fixed the sink');
		expect(scrub('going out with seoyun later')).toBe('going out with [PERSON] later');
		// Where the sentence gives no cue at all, only the list knows.
		expect(scrub('kwesi where are you')).toBe('[PERSON] where are you');
		// A name that opens a message and turns to its reader is a name without any list (scrub-names-shapes.test.ts).
		expect(scrub('mawuli where are you')).toBe('[PERSON] where are you');
	});

	it('keeps listed names that are everyday words unless the sentence says so', () => {
		expect(scrub('what a great idea, a rose garden')).toBe('what a great idea, a rose garden');
	});

	it('keeps the possessive ending after a name', () => {
		expect(scrub("I borrowed Kwesi's charger")).toBe("I borrowed [PERSON]'s charger");
	});
});

describe('scrubText: words in no dictionary', () => {
	it('are names when the sentence treats them as someone', () => {
		expect(scrub('Zorvana is running late')).toBe('[PERSON] is running late');
		expect(scrub('yo mawuli where u at')).toBe('yo [PERSON] where u at');
		expect(scrub('Mawuli: on my way')).toBe('[PERSON]: on my way');
		expect(scrub('Zorvana ji will do the pooja')).toBe('[PERSON] ji will do the pooja');
		expect(scrub('mawuli and i are cooking')).toBe('[PERSON] and i are cooking');
	});

	it('are not names after a possessive word, and contractions without apostrophes are words', () => {
		expect(scrub('my fitbit is broken, your zorvana is here')).toBe('my fitbit is broken, your zorvana is here');
		expect(scrub('nah [PERSON] didnt show up')).toBe('nah [PERSON] didnt show up');
	});

	it('leave the greeting or the relation before a name in place', () => {
		expect(scrub('Morning Zorvana!')).toBe('Morning [PERSON]!');
		expect(scrub('Aunty Zorvana sent food')).toBe('Aunty [PERSON] sent food');
	});

	it('are names after a cue', () => {
		expect(scrub('hi qiaoyun, ready?')).toBe('hi [PERSON], ready?');
	});
});
