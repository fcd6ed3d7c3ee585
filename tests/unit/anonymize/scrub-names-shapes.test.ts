import { beforeAll, describe, expect, it } from 'vitest';
import { loadPersonFinder, type PersonFinder } from '../../../src/lib/anonymize/person-finder';
import { scrubText } from '../../../src/lib/anonymize/scrub';

// Session 14: names found by the shape of a chat message. "Zorvana", "Quelindo" and "Mawuli" are
// in no name list and no dictionary; "tadhg" is one the NLP engine guesses is a surname.
let findPersons: PersonFinder;
beforeAll(async () => {
	findPersons = await loadPersonFinder();
}, 60_000);
const scrub = (text: string) => scrubText(text, { findPersons }).text;

describe('scrubText: a name called out', () => {
	it('is a name when it is the whole message, with punctuation or emoji', () => {
		expect(scrub('zorvana?')).toBe('[PERSON]?');
		expect(scrub('Zorvana.')).toBe('[PERSON].');
		expect(scrub('who drove? Quelindo.')).toBe('who drove? [PERSON].');
		expect(scrub('Zorvana😂😂')).toBe('[PERSON]😂😂');
	});

	it('keeps a bare unknown word as the whole message: as often a one-word reply in another language', () => {
		expect(scrub('zorvana')).toBe('zorvana');
		expect(scrub('wahala')).toBe('wahala');
	});

	it('keeps one-word messages that are chat shorthand, greetings, places or words', () => {
		for (const text of ['brb.', 'yeet', 'sksksk', 'Seriously?', 'merci', 'obrigado!', 'Gaborone.']) expect(scrub(text)).toBe(text);
	});

	it('opens a message that turns to its reader', () => {
		expect(scrub('mawuli where are you')).toBe('[PERSON] where are you');
		expect(scrub('Zorvana pls')).toBe('[PERSON] pls');
	});

	it('closes a message after an exclamation or "where is"', () => {
		expect(scrub('omg zorvana')).toBe('omg [PERSON]');
		expect(scrub('where is zorvana')).toBe('where is [PERSON]');
		expect(scrub('happy bday zorvana 🥳')).toBe('happy bday [PERSON] 🥳');
	});
});

describe('scrubText: names the engine guesses in lower case', () => {
	it('counts its guess of a name when the sentence says someone', () => {
		expect(scrub('ty tadhg!!')).toBe('ty [PERSON]!!');
		expect(scrub('zorvana tadhg is presenting')).toBe('[PERSON] is presenting');
	});

	it('joins only words of the same case to a name', () => {
		expect(scrub('Mbak Zorvana lagi sibuk')).toBe('Mbak [PERSON] lagi sibuk');
	});
});

describe('scrubText: names side by side', () => {
	it('takes two unknown capitalised words that open a message for a full name', () => {
		expect(scrub('Zorvana Quelindo — 2nd place')).toBe('[PERSON] — 2nd place');
	});

	it('splits a slashed pair of names, not slashed words or abbreviations', () => {
		expect(scrub('Zorvana/Quelindo whoever is free')).toBe('[PERSON]/[PERSON] whoever is free');
		for (const text of ['TCP/IP is old', 'and/or', 'Kotlin/Swift either way']) expect(scrub(text)).toBe(text);
	});

	it('takes both sides of "&" or "n" for people when neither is a word', () => {
		expect(scrub('Zorvana & Quelindo are hosting')).toBe('[PERSON] & [PERSON] are hosting');
		expect(scrub('zorvana n quelindo r late')).toBe('[PERSON] n [PERSON] r late');
		expect(scrub('Salt & Pepper is closed')).toBe('Salt & Pepper is closed');
	});

	it('takes the word before "family" for a family name', () => {
		expect(scrub('Quelindo family dinner on sunday')).toBe('[PERSON] family dinner on sunday');
		expect(scrub('the Royal family waved')).toBe('the Royal family waved');
	});
});

describe('scrubText: cues in many languages', () => {
	it('takes the word after a greeting or thanks, and keeps the greeting', () => {
		expect(scrub('gracias Zorvana')).toBe('gracias [PERSON]');
		expect(scrub('makasih zorvana')).toBe('makasih [PERSON]');
	});

	it('takes the word next to a form of address, and keeps the address', () => {
		expect(scrub('kuya zorvana!')).toBe('kuya [PERSON]!');
		expect(scrub('Mbak Zorvana is outside')).toBe('Mbak [PERSON] is outside');
		expect(scrub('Zorvana hocam sınav ne zaman')).toBe('[PERSON] hocam sınav ne zaman');
	});

	it('keeps places that no name list has, where only the word\'s shape spoke for a name', () => {
		expect(scrub('Gaborone is quiet')).toBe('Gaborone is quiet');
		expect(scrub('She speaks Amharic')).toBe('She speaks Amharic');
	});
});

describe('scrubText: more shapes (session 14, second round)', () => {
	it('reads a sentence in capitals as if in lower case', () => {
		expect(scrub('OMG ZORVANA')).toBe('OMG [PERSON]');
		expect(scrub('WHERE ARE YOU')).toBe('WHERE ARE YOU');
		// One word in capitals is more often an acronym than a name shouted.
		expect(scrub('ZORVANA')).toBe('ZORVANA');
	});

	it('takes the word after a question opener or an exclamation', () => {
		expect(scrub('is zorvana ok?')).toBe('is [PERSON] ok?');
		expect(scrub('is sushi ok?')).toBe('is sushi ok?');
		expect(scrub('hahaha zorvana stop')).toBe('hahaha [PERSON] stop');
		expect(scrub('zorvana where you at')).toBe('[PERSON] where you at');
	});

	it('takes a run of unknown words before a dash or colon that opens a message for names', () => {
		expect(scrub('zorvana quelindo - lunch?')).toBe('[PERSON] - lunch?');
	});

	it('takes both sides of "w" for people', () => {
		expect(scrub('zorvana w quelindo are outside')).toBe('[PERSON] w [PERSON] are outside');
	});

	it('takes a listed name that is also a word when capitalised inside a sentence', () => {
		expect(scrub('did Princess ever reply?')).toBe('did [PERSON] ever reply?');
		expect(scrub('Sunny side up please')).toBe('Sunny side up please');
		expect(scrub('my Princess costume')).toBe('my Princess costume');
	});

	it('does not trust a plural guess in lower case, only on a capitalised word', () => {
		expect(scrub('Stelios 👋')).toBe('[PERSON] 👋');
		expect(scrub('lisbon trams are old')).toBe('lisbon trams are old');
	});
});
