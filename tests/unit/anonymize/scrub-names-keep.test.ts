import { beforeAll, describe, expect, it } from 'vitest';
import { loadPersonFinder, type PersonFinder } from '../../../src/lib/anonymize/person-finder';
import { scrubText } from '../../../src/lib/anonymize/scrub';

// Session 19 (issue 14): brands, places, holidays and other languages' words the name finder took
// for people (src/lib/anonymize/person-keep.ts, ordinary-proper-words.ts), and possessives written
// without an apostrophe. Sentences of their own, not lines of the corpus.
let findPersons: PersonFinder;
beforeAll(async () => {
	findPersons = await loadPersonFinder();
}, 60_000);
const scrub = (text: string) => scrubText(text, { findPersons }).text;

describe('scrubText: ordinary capitalised words are kept', () => {
	it('keeps apps, shops and brands', () => {
		for (const text of ['the Moniepoint agent is closed', 'Lazada delivered early', 'top up on Safaricom first', 'Tusker is cold here']) expect(scrub(text)).toBe(text);
	});

	it('keeps cities, neighbourhoods, rivers and landmarks', () => {
		for (const text of ['we drove from Arusha to Moshi', 'the Okavango is flooding', 'lunch in Kileleshwa', 'Kilimanjaro is clear today']) expect(scrub(text)).toBe(text);
	});

	it('keeps holidays and festivals, alone and as phrases', () => {
		for (const text of ['Happy Dashain everyone', 'Merry Christmas', 'Selamat Hari Raya semua', 'Karwa Chauth is tomorrow']) expect(scrub(text)).toBe(text);
	});

	it("keeps another language's words among their own language's words", () => {
		for (const text of ['Pole sana rafiki', 'no pasa nada']) expect(scrub(text)).toBe(text);
	});

	it('keeps a place or an organisation named before its head word', () => {
		for (const text of ['Yaya Centre is open', 'the Equity Bank queue is long', 'Westgate Mall was busy']) expect(scrub(text)).toBe(text);
	});
});

describe('scrubText: kept words that are names are still names in a clear cue', () => {
	it('after a title, before a verb of saying, after a greeting, beside a name', () => {
		expect(scrub('Mr Costa is here')).toBe('Mr [PERSON] is here');
		expect(scrub('Salvador said yes')).toBe('[PERSON] said yes');
		expect(scrub('João Costa paid the bill')).toBe('[PERSON] paid the bill');
		expect(scrub('hi Nada!')).toBe('hi [PERSON]!');
		// A state only people are in; a word of no name list that speaks; a form of address after it.
		expect(scrub('Kenya is coming tomorrow')).toBe('[PERSON] is coming tomorrow');
		expect(scrub('Kenya is beautiful in June')).toBe('Kenya is beautiful in June');
		expect(scrub('Hennessy texted me')).toBe('[PERSON] texted me');
		expect(scrub('Annapurna aunty called')).toBe('[PERSON] aunty called');
	});

	it("another language's word that is a name, after an English greeting", () => {
		expect(scrub('hi sana')).toBe('hi [PERSON]');
		expect(scrub('asante sana')).toBe('asante sana');
	});
});

describe('scrubText: a possessive without its apostrophe', () => {
	it('is the name before a thing', () => {
		expect(scrub('Kwames laptop is slow')).toBe('[PERSON] laptop is slow');
		expect(scrub('priyas mum called')).toBe('[PERSON] mum called');
		// A word in no list, before someone's family or things.
		expect(scrub('Tendais mum called')).toBe('[PERSON] mum called');
		expect(scrub('we met at rudos house')).toBe('we met at [PERSON] house');
	});

	it('is not a plural or a verb', () => {
		for (const text of ['the apples are ripe', 'she likes tea', 'my friends car is here', 'the adidas bag', 'Texas house prices']) expect(scrub(text)).toBe(text);
	});
});
