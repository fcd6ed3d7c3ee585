import { beforeAll, describe, expect, it } from 'vitest';
import { loadPersonFinder, type PersonFinder } from '../../../src/lib/anonymize/person-finder';
import { scrubText, wordPlaces } from '../../../src/lib/anonymize/scrub';

let findPersons: PersonFinder;
beforeAll(async () => {
	findPersons = await loadPersonFinder();
}, 60_000);

describe('scrubText: names the app knows', () => {
	const context = { names: ['Alice Smith', 'José Núñez', 'Mom'], handles: ['alice.s'] };

	it('replaces contacts\' full names in any case, and their parts as written', () => {
		expect(scrubText('alice smith and Alice came, Smith too', context).text).toBe('[PERSON] and [PERSON] came, [PERSON] too');
	});

	it('matches a name without its accents and a one-word nickname', () => {
		expect(scrubText('Jose Nunez called mom', context).text).toBe('[PERSON] called [PERSON]');
	});

	it('replaces known handles with or without the @', () => {
		expect(scrubText('I am alice.s, or @alice.s', context).text).toBe('I am [HANDLE], or [HANDLE]');
	});

	it('leaves ordinary words that are only part of a name in lower case', () => {
		expect(scrubText('the smith forged it', { names: ['Rose Smith'] }).text).toBe('the smith forged it');
	});

	it('counts one person for a run of name words', () => {
		const result = scrubText('Alice Smith said hi', context);
		expect(result.text).toBe('[PERSON] said hi');
		expect(result.found.PERSON).toBe(1);
	});
});

describe('scrubText: names found by the NLP engine and by titles', () => {
	const scrub = (text: string) => scrubText(text, { findPersons }).text;

	it('finds names of many cultures with and without context', () => {
		expect(scrub('I met Priya Sharma yesterday')).toBe('I met [PERSON] yesterday');
		expect(scrub('ask Wei Zhang about it')).toBe('ask [PERSON] about it');
		expect(scrub('Olusegun Obasanjo called')).toBe('[PERSON] called');
		expect(scrub('Thanks Ngozi!')).toBe('Thanks [PERSON]!');
		expect(scrub('Jean-Pierre Dubois and Björn Andersson')).toBe('[PERSON] and [PERSON]');
		expect(scrub('dinner with Tanvir tonight')).toBe('dinner with [PERSON] tonight');
		expect(scrub('my colleague Kagiso can help')).toBe('my colleague [PERSON] can help');
	});

	it('finds names after titles and before honorifics, keeping the title', () => {
		expect(scrub('Dr. Okonkwo said Tanaka-san agreed')).toBe('Dr. [PERSON] said [PERSON]-san agreed');
		expect(scrub('Frau Schäfer ist da')).toBe('Frau [PERSON] ist da');
	});

	it('keeps capitalised words at a sentence start, places, days, brands and things after an article', () => {
		for (const text of ['Sadly the train was late.', 'Great idea, see you Monday.', 'Paris in April is lovely.', 'The Apple store opens at 9.', 'Meet me at the McDonalds.', 'I use Postgres 16 daily.', 'Netflix raised prices.']) {
			expect(scrub(text), text).toBe(text);
		}
	});

	it('does not take placeholders for names', () => {
		expect(scrub('Mail [EMAIL] to [PERSON] now')).toBe('Mail [EMAIL] to [PERSON] now');
	});
});

describe('scrubText: found names that overlap', () => {
	it('joins names the finder returns overlapping into one placeholder', () => {
		const finder: PersonFinder = () => ['Jean-Baptiste Le', 'Le Gall'];
		expect(scrubText('ask Jean-Baptiste Le Gall today', { findPersons: finder }).text).toBe('ask [PERSON] today');
	});

	it('replaces a found name at every place it stands as a whole word, and nowhere inside a word', () => {
		const finder: PersonFinder = () => ['Ana'];
		expect(scrubText('Ana met Anatole and ana, then Ana left', { findPersons: finder }).text).toBe('[PERSON] met Anatole and ana, then [PERSON] left');
	});

	it('the real finder leaves no particle between two placeholders', async () => {
		const text = scrubText('Jean-Baptiste Le Gall sera là demain', { findPersons }).text;
		expect(text).not.toMatch(/\[PERSON\] \p{L}+ \[PERSON\]/u);
		expect(text).not.toContain('Gall');
	});
});

describe('wordPlaces', () => {
	it('joins overlapping places and keeps touching ones apart', () => {
		expect(wordPlaces('ab cd ef', ['ab cd', 'cd ef'])).toEqual([[0, 8]]);
		expect(wordPlaces('ab cd', ['ab', 'cd'])).toEqual([[0, 2], [3, 5]]);
	});

	it('treats a letter outside the Basic Multilingual Plane as part of the word', () => {
		expect(wordPlaces('𝐀Ana Ana', ['Ana'])).toEqual([[6, 9]]);
	});
});
