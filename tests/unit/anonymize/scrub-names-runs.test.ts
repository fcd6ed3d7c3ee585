import { beforeAll, describe, expect, it } from 'vitest';
import { loadPersonFinder, type PersonFinder } from '../../../src/lib/anonymize/person-finder';
import { scrubText } from '../../../src/lib/anonymize/scrub';

// Session 16: names read from the words around them (person-runs.ts). "Zorvana", "Quelindo",
// "tremavik" are in no name list and no dictionary; "Heather", "Drew", "Holly", "Ivy", "Wade" are
// listed names that are English words.
let findPersons: PersonFinder;
beforeAll(async () => {
	findPersons = await loadPersonFinder();
}, 60_000);
const scrub = (text: string) => scrubText(text, { findPersons }).text;

describe('scrubText: the writer and their companion', () => {
	it('takes the one named next to "me"', () => {
		expect(scrub('me n tremavik are going')).toBe('me n [PERSON] are going');
		expect(scrub('Quelindo n me will drive')).toBe('[PERSON] n me will drive');
		expect(scrub('me and drew went home')).toBe('me and [PERSON] went home');
		expect(scrub('Zorvana and her sister came')).toBe('[PERSON] and her sister came');
	});

	it('keeps pronouns, words and modals next to "me"', () => {
		for (const text of ['me and u', 'me and my mum', 'me n bf are going', 'you and me', 'me and will go', 'the dog and her puppies came']) expect(scrub(text)).toBe(text);
	});
});

describe('scrubText: a full name opening a message', () => {
	it('takes a listed given name and a listed surname, alone or before a verb', () => {
		expect(scrub('ivy king')).toBe('[PERSON]');
		expect(scrub('hunter bell')).toBe('[PERSON]');
		expect(scrub('zorvana tremavik from book club')).toBe('[PERSON] from book club');
	});

	it('keeps a name-word before an ordinary word, and two unknown words alone', () => {
		for (const text of ['ivy league', 'hunter boots', 'green light', 'dawn chorus', 'kak dela']) expect(scrub(text)).toBe(text);
	});
});

describe('scrubText: surnames with particles', () => {
	it('replaces the whole name, particles included', () => {
		expect(scrub('Marloes van der Berg')).toBe('[PERSON]');
		expect(scrub('wilkin de la cruz')).toBe('[PERSON]');
		expect(scrub('Khalid al-Harbi is here')).toBe('[PERSON] is here');
		expect(scrub('Hafiz bin Osman')).toBe('[PERSON]');
		expect(scrub('the de la Cruz family sent flowers')).toBe('the [PERSON] family sent flowers');
	});

	it('keeps particles that are words, and the other "de" of the message', () => {
		expect(scrub('Thijs de Bruijn says it is de facto done')).toBe('[PERSON] says it is de facto done');
		for (const text of ['put it in the bin', 'fiesta de la playa', 'the van broke down']) expect(scrub(text)).toBe(text);
		// "hora" is a name in some list; in lower case, "comida" after the particles must be one too.
		expect(scrub('hora de la comida')).toMatch(/ de la comida$/u);
	});
});

describe('scrubText: short names, hyphenated names, asides, typos', () => {
	// Found by the rules for capitalised words the engine does not know; kept here as the shape v13 tried.
	it('takes a two-letter capitalised name inside a lower-case sentence', () => {
		expect(scrub('pick up Xu from school')).toBe('pick up [PERSON] from school');
		expect(scrub('thank god for Ng')).toBe('thank god for [PERSON]');
	});

	it('keeps two-letter words and abbreviations', () => {
		for (const text of ['we go to Ok corral', 'i am in the US', 'see you at Dr appointment']) expect(scrub(text)).toBe(text);
	});

	it('takes both halves of a hyphenated given name', () => {
		expect(scrub('nils-aslak valkeapää')).toBe('[PERSON]');
	});

	it('takes the name before an aside and a verb', () => {
		expect(scrub('Grace (28) likes hiking')).toBe('[PERSON] (28) likes hiking');
		expect(scrub('Dawn Wood (she/her) joined the choir')).toBe('[PERSON] (she/her) joined the choir');
		expect(scrub('Tremavik (support) closed the ticket')).toBe('[PERSON] (support) closed the ticket');
	});

	it('keeps software and acronyms before an aside', () => {
		for (const text of ['Postgres (16) crashed', 'Kotlin (JVM) compiles', 'Summer (2024) was great']) expect(scrub(text)).toBe(text);
	});

	it('takes a listed name with two letters swapped or one doubled', () => {
		expect(scrub('jmaes is late')).toBe('[PERSON] is late');
		expect(scrub('kavtiha is late')).toBe('[PERSON] is late');
	});

	it('keeps words of other languages a letter away from a name', () => {
		for (const text of ['sudah bayar', 'nyama choma', 'paella tonight']) expect(scrub(text)).toBe(text);
	});
});

describe('scrubText: names that are words, by what the sentence does with them', () => {
	it('takes one before a verb in the third person, or after "tell" before a clause', () => {
		expect(scrub('Holly sings alto')).toBe('[PERSON] sings alto');
		expect(scrub('Wade has the car this week')).toBe('[PERSON] has the car this week');
		expect(scrub('Chase just landed')).toBe('[PERSON] just landed');
		expect(scrub('tell heather i said hi')).toBe('tell [PERSON] i said hi');
		expect(scrub('happy birthday ivy')).toBe('happy birthday [PERSON]');
	});

	it('takes capitalised name-words in a list with a name', () => {
		expect(scrub('Heather, Drew and Holly')).toBe('[PERSON], [PERSON] and [PERSON]');
	});

	it('keeps the word where it is a word', () => {
		for (const text of ['Autumn leaves fall', 'tell the truth', 'Summer sale ends', 'Grace period ends friday', 'Rose gold', 'Will do']) expect(scrub(text)).toBe(text);
	});
});

describe('scrubText: how chat calls someone', () => {
	it('reads a stretched greeting as the greeting, and "w" as "with"', () => {
		expect(scrub('heyyy grace')).toBe('heyyy [PERSON]');
		expect(scrub('byeee tremavik')).toBe('byeee [PERSON]');
		expect(scrub('lunch w tremavik')).toBe('lunch w [PERSON]');
	});

	it('keeps a stretched chat word alone', () => {
		for (const text of ['heyyy', 'lolll', 'soooo good']) expect(scrub(text)).toBe(text);
	});

	it('takes the name after "where\'s"', () => {
		expect(scrub("where's tremavik")).toBe("where's [PERSON]");
	});

	it('takes a name that is a word when it is called, then asked', () => {
		expect(scrub('Joy, can you call me')).toBe('[PERSON], can you call me');
		expect(scrub('Hope, where are you')).toBe('[PERSON], where are you');
		for (const text of ['Sure, can you send it', 'Thanks, can you send it', 'Hope you can come']) expect(scrub(text)).toBe(text);
	});

	it('takes two unknown words joined by "and" when one is a name', () => {
		expect(scrub('bolormaa and tsegaye')).toBe('[PERSON] and [PERSON]');
		expect(scrub('bolormaa n tsegaye are coming')).toBe('[PERSON] n [PERSON] are coming');
		for (const text of ['rock n roll', 'salt and pepper', 'githeri and mukimo', 'tteokbokki and kimbap']) expect(scrub(text)).toBe(text);
	});
});
