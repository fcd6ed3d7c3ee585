import { beforeAll, describe, expect, it } from 'vitest';
import { loadPersonFinder, type PersonFinder } from '../../../src/lib/anonymize/person-finder';
import { scrubText } from '../../../src/lib/anonymize/scrub';

// Session 15: names found by context. "Zorvana", "Quelindo", "Mawuli", "zorvanen" are in no name
// list and no dictionary; "Memory", "Hope", "Will", "Comfort" are names that are English words.
let findPersons: PersonFinder;
beforeAll(async () => {
	findPersons = await loadPersonFinder();
}, 60_000);
const scrub = (text: string) => scrubText(text, { findPersons }).text;

describe('scrubText: names that are everyday words', () => {
	it('takes one that opens a sentence before a verb a person does', () => {
		expect(scrub('Hope got promoted')).toBe('[PERSON] got promoted');
		expect(scrub('Will is bringing the drinks')).toBe('[PERSON] is bringing the drinks');
		expect(scrub('Memory is sick today')).toBe('[PERSON] is sick today');
		expect(scrub('Mark can you check')).toBe('[PERSON] can you check');
	});

	it('keeps the word where it is a word', () => {
		for (const text of ['Will do', 'will do tomorrow', 'Hope so', 'Hope you are well', 'Memory is full', 'Grace period ends friday', 'Patience is a virtue', 'summer is here', 'just met them at the bus stop', 'Faith restored'])
			expect(scrub(text)).toBe(text);
	});

	it('takes one after a greeting, a form of address or "thank you" when it ends the sentence or is capitalised', () => {
		expect(scrub('thank u will')).toBe('thank u [PERSON]');
		expect(scrub('auntie innocent')).toBe('auntie [PERSON]');
		expect(scrub('auntie innocent is here')).toBe('auntie [PERSON] is here');
		expect(scrub('ask Gift for the receipt')).toBe('ask [PERSON] for the receipt');
		expect(scrub('hi hope you are well')).toBe('hi hope you are well');
	});

	it('takes one that owns something', () => {
		expect(scrub("dinner at Faith's place")).toBe("dinner at [PERSON]'s place");
	});

	it('takes one capitalised before a name, and one paired with a name by "&"', () => {
		expect(scrub('Comfort Asare is the new treasurer')).toBe('[PERSON] is the new treasurer');
		expect(scrub('Quelindo & Memory are hosting')).toBe('[PERSON] & [PERSON] are hosting');
		expect(scrub('Land of Hope & Glory')).toBe('Land of Hope & Glory');
	});
});

describe('scrubText: unknown words by their place in a sentence', () => {
	it('takes one after "thank you"/"love you", or last after "to"/"for" in an English sentence', () => {
		expect(scrub('love you zorvana ❤️')).toBe('love you [PERSON] ❤️');
		expect(scrub('send the keys to zorvana')).toBe('send the keys to [PERSON]');
		expect(scrub('going to the gym')).toBe('going to the gym');
	});

	it("takes one that owns something, even where the engine calls it a place, but not a place of the lists", () => {
		expect(scrub("dinner at Zorvana's place")).toBe("dinner at [PERSON]'s place");
		expect(scrub("Nairobi's traffic is bad")).toBe("Nairobi's traffic is bad");
	});

	it('takes the words of a list of three or more', () => {
		expect(scrub('we had zorvana, quelindo and mawuli over')).toBe('we had [PERSON], [PERSON] and [PERSON] over');
		expect(scrub('bread, milk and eggs')).toBe('bread, milk and eggs');
	});

	it("counts the engine's verb guess for a lower-case word in no dictionary, not an English verb's form", () => {
		expect(scrub('auntie feven is here')).toBe('auntie [PERSON] is here');
		for (const text of ['lol im vibing', 'she ghosted me', 'Frontend deploy done']) expect(scrub(text)).toBe(text);
	});

	it('keeps words of scripts without case next to a name', () => {
		expect(scrub('xinyu lanying 下午见')).toBe('[PERSON] 下午见');
	});

	it('takes a quoted name before a verb', () => {
		expect(scrub('"Zorvana" signed the card')).toBe('"[PERSON]" signed the card');
	});
});

describe('scrubText: someone who signs or introduces themselves', () => {
	it('takes the name after a sign-off or a dash that ends the message, "X here", "X lol", "(X)"', () => {
		expect(scrub('Cheers, Zorvana')).toBe('Cheers, [PERSON]');
		expect(scrub('xoxo willow')).toBe('xoxo [PERSON]');
		expect(scrub('thanks! — Pearl')).toBe('thanks! — [PERSON]');
		expect(scrub('Zorvana here, running late')).toBe('[PERSON] here, running late');
		expect(scrub('Quelindo lol')).toBe('[PERSON] lol');
		expect(scrub('(Quelindo)')).toBe('([PERSON])');
	});

	it('keeps sign-offs and asides with no name', () => {
		for (const text of ['Love you all', 'thanks! — the management', 'me here, running late', 'Best regards', 'Yikes lol', '(sigh)']) expect(scrub(text)).toBe(text);
	});
});

describe('scrubText: greetings and "and" in more languages', () => {
	it('takes the name after a greeting and before a thanks of another language', () => {
		expect(scrub('gamarjoba Zorvana')).toBe('gamarjoba [PERSON]');
		expect(scrub('Zorvana paldies')).toBe('[PERSON] paldies');
	});

	it('keeps greetings to everyone, and a greeting that is a name in some list', () => {
		for (const text of ['selamat pagi semua', 'bom dia gente', 'hola a todos']) expect(scrub(text)).toBe(text);
	});

	it('takes the name next to a form of address of more languages, and keeps the address', () => {
		expect(scrub('quelindo dai kaha ho')).toContain('[PERSON] dai');
		expect(scrub('tonton quelindo arrive')).toContain('tonton [PERSON]');
	});

	it('takes both sides of "and" in other languages', () => {
		expect(scrub('Zorvana ir Mawuli atvažiuoja')).toBe('[PERSON] ir [PERSON] atvažiuoja');
	});
});
