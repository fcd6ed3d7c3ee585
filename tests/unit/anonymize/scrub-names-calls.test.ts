import { beforeAll, describe, expect, it } from 'vitest';
import { loadPersonFinder, type PersonFinder } from '../../../src/lib/anonymize/person-finder';
import { scrubText } from '../../../src/lib/anonymize/scrub';

// Session 18: names called out as chat writes them (person-calls.ts), and the words of chat around
// names that are not names. "Zorvana", "Quelindo", "tremavik" are in no name list and no dictionary.
let findPersons: PersonFinder;
beforeAll(async () => {
	findPersons = await loadPersonFinder();
}, 60_000);
const scrub = (text: string) => scrubText(text, { findPersons }).text;

describe('scrubText: a name with its letters stretched or a number after it', () => {
	it('takes it alone, in capitals too, and before a question', () => {
		expect(scrub('ZORVANAAA')).toBe('[PERSON]');
		expect(scrub('quelindooo')).toBe('[PERSON]');
		expect(scrub('tremavik2 where are you')).toBe('[PERSON] where are you');
	});

	it('keeps stretched words, acronyms and numbered things', () => {
		for (const text of ['NOOO', 'YESSS', 'heyyy', 'sooo', 'WWIII', 'NASA', 'gpt4 where is it', 'byeee']) expect(scrub(text)).toBe(text);
	});

	it('takes a lone word of five capitals or more called out with "!"', () => {
		expect(scrub('ZORVANA!!!')).toBe('[PERSON]!!!');
	});

	it('keeps lone words in capitals that are words, chat or acronyms', () => {
		for (const text of ['NASA!!!', 'HELLO!!!', 'FINALLY!!!', 'YESSIR!!', 'UNICEF?', 'ZORVANA']) expect(scrub(text)).toBe(text);
	});
});

describe('scrubText: the writer in a list', () => {
	it('takes the others when "me" is one of three', () => {
		expect(scrub('lunch? me, zorvana, quelindo')).toBe('lunch? me, [PERSON], [PERSON]');
		expect(scrub('zorvana, me and tremavik')).toBe('[PERSON], me and [PERSON]');
	});

	it('keeps lists of things and pronouns', () => {
		for (const text of ['me, bread, milk', 'me, you and him', 'me, zorvana']) expect(scrub(text)).toBe(text);
	});
});

describe('scrubText: the reader called last, or before "bro"', () => {
	it('takes a word in no dictionary after "here", "already", "now" that ends the message', () => {
		expect(scrub('come here zorvana')).toBe('come here [PERSON]');
		expect(scrub('miss you already quelindo')).toBe('miss you already [PERSON]');
		expect(scrub('me too zorvana')).toBe('me too [PERSON]');
		expect(scrub('same here quelindo')).toBe('same here [PERSON]');
		expect(scrub('get well soon tremavik')).toBe('get well soon [PERSON]');
	});

	it('keeps words there and things before "now"', () => {
		for (const text of ['the bus is here now', 'I want zorvana now', 'put it there pls', 'here zorvana', 'we eat zorvana tonight']) expect(scrub(text)).toBe(text);
	});

	it('takes a name before "bro" or "sis" that ends the message', () => {
		expect(scrub('Zorvana bro 🤙')).toBe('[PERSON] bro 🤙');
		expect(scrub('quelindo sis!')).toBe('[PERSON] sis!');
	});

	it('keeps interjections and words before "bro"', () => {
		for (const text of ['Oya bro', 'abeg bro', 'thanks bro', 'Damn bro', 'nice one bro', 'Eish bro']) expect(scrub(text)).toBe(text);
	});
});

describe('scrubText: words of chat next to names', () => {
	it('keeps a listed place after "from"', () => {
		expect(scrub('Zorvana says hi from Bamako')).toBe('[PERSON] says hi from Bamako');
		expect(scrub('I went with Quelindo')).toBe('I went with [PERSON]');
	});

	it('keeps the interjections of many languages, alone and next to a name', () => {
		expect(scrub('emeka abeg send the file')).toBe('[PERSON] abeg send the file');
		for (const text of ['oya make we go', 'eish, wallahi', 'yaar jaldi', 'alamak lah']) expect(scrub(text)).toBe(text);
	});

	it('keeps "habibi", "mama", "baba" before a name, and greetings of more languages after one', () => {
		expect(scrub('habibi Quelindo call me')).toBe('habibi [PERSON] call me');
		expect(scrub('the money is from baba tremavik')).toBe('the money is from baba [PERSON]');
		expect(scrub('Mama cooked jollof')).toBe('Mama cooked jollof');
		expect(scrub('zorvana niaje')).toBe('[PERSON] niaje');
	});

	it('keeps festivals the tagger does not know', () => {
		for (const text of ['Diwali was lovely', 'Happy Holi!', 'Eid Mubarak fam', 'Hanukkah starts on Sunday', 'Ramadan starts tomorrow']) expect(scrub(text)).toBe(text);
	});
});

describe('scrubText: someone as the object of a verb, or where something goes', () => {
	it('takes a word in no dictionary after "remind", "owe", "hug", "dm", "greet", "blame", "RIP"', () => {
		expect(scrub('remind zorvana to bring the chairs')).toBe('remind [PERSON] to bring the chairs');
		expect(scrub('i still owe quelindo 50 bucks')).toBe('i still owe [PERSON] 50 bucks');
		expect(scrub('dm tremavik the address')).toBe('dm [PERSON] the address');
		expect(scrub('RIP tremavik')).toBe('RIP [PERSON]');
	});

	it('keeps what is reminded of, owed or tagged', () => {
		for (const text of ['remind me about the meeting', 'we owe money', 'tag the photo please', 'hug the dog for me']) expect(scrub(text)).toBe(text);
	});

	it('takes one as the object of "pick up", "waiting on", or between "drop"/"pay" and "off"/"back"', () => {
		expect(scrub('can someone pick up zorvana')).toBe('can someone pick up [PERSON]');
		expect(scrub('pick up quelindo from school')).toBe('pick up [PERSON] from school');
		expect(scrub('waiting on tremavik')).toBe('waiting on [PERSON]');
		expect(scrub('i will pay quelindo back on friday')).toBe('i will pay [PERSON] back on friday');
	});

	it('keeps things picked up, dropped off or waited on', () => {
		for (const text of ['pick up milk', 'drop it off', 'pay rent back', 'waiting on the bus', 'pick up the kids from school']) expect(scrub(text)).toBe(text);
	});

	it('takes one after "to"/"for" before a time that ends the sentence', () => {
		expect(scrub('send it to zorvana tomorrow')).toBe('send it to [PERSON] tomorrow');
		expect(scrub('the cake is for quelindo tonight')).toBe('the cake is for [PERSON] tonight');
	});

	it('keeps where someone goes, with or without a time', () => {
		for (const text of ['going to zorvana tomorrow', 'we drove to quelindo', 'a ticket to tremavik', 'send it to the office tomorrow']) expect(scrub(text)).toBe(text);
	});
});
