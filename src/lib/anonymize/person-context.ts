import { ADDRESS_BEFORE, AND_WORDS, CHAT_SOUNDS, GREETING_REST, GREETINGS, HONORIFIC_AFTER, inCueList } from './person-cues';
import { bare, isLastWord, joined, type Cues, type Term } from './person-shapes';

/**
 * Session 15: names that are everyday words ("Will", "Hope", "Blessing", "Memory"), found only when
 * the sentence treats the word as someone; and unknown words after "to"/"for" or "thank you".
 */

/** How a person is, after "is"/"was": "Joy is sick today", "Will is bringing the drinks"; not "Memory is full". */
const PERSON_STATE = new Set(
	'sick ill late here there home back away out coming going pregnant busy asleep awake tired fine ok okay online offline outside inside downstairs upstairs at with not also still already really'.split(' ')
);
/** Verbs whose subject is a person more often than a thing, in the forms a subject takes. */
const PERSON_VERBS = new Set('got gets says said told asks asked wants wanted needs needed called calls texted texts loves loved brought brings made makes won lost left joined thinks thought knows knew sent sends went goes came comes'.split(' '));
/** Before someone's name and nothing else: "ask Will", "cc Hope", "tell grace". */
const NAMING_BEFORE = new Set('ask asked tell told cc ping pinged text texted message messaged invite invited met birthday bday'.split(' '));
/** After "tell X", "ask X": a clause of its own ("tell dawn i said hi", "ask drew to come"), so X is someone, not a thing told. */
const CLAUSE_AFTER = new Set('i he she we they to that if'.split(' '));
/** "thank u will", "love you summer", "miss you feven": said to someone by name. */
const SAID_TO_YOU = new Set('thank thanks love miss ty'.split(' '));
const YOU = new Set(['u', 'you', 'ya']);
/** "send the keys to xóchitl", "a gift for ubah": where something goes. */
const TURNED_TO_READER = new Set('pls plz please where wya'.split(' '));
const TOWARDS = new Set(['to', 'for']);
const TIME_AFTER = new Set('today tomorrow tonight later now asap first'.split(' '));
const TRAVEL_BEFORE = new Set(
	'go goes going gone went come comes coming came move moves moving moved fly flies flying flew travel travelling traveling travelled traveled drive driving drove head heading headed ride riding walk walking back way road bus train trip ticket tickets flight flights welcome'.split(' ')
);
const KIN_BEFORE = new Set('aunt auntie aunty uncle grandma grandpa granny cousin tita kuya manang manong mr mrs ms dr'.split(' '));
const OWNER_BEFORE = new Set(['my', 'your', 'his', 'her', 'our', 'their', 'its', 'this', 'that', 'the', 'a', 'an', 'some', 'any', 'no', 'every']);

const lower = (term: Term | undefined) => term?.text.toLowerCase() ?? '';
const isCapitalised = (word: string) => /^\p{Lu}\p{Ll}+$/u.test(word);

/**
 * A name that is also a word ("Will", "Hope", "Blessing", "Memory"), in any case, when the sentence
 * makes it someone: it opens the sentence before a verb a person does ("Hope got promoted", "Will
 * is bringing the drinks", "precious wants pizza"; not "Will do", "Hope so", "Memory is full",
 * "Grace period ends"); it follows a greeting, a form of address or "ask"/"tell" and ends the
 * sentence or is capitalised ("thanks will", "auntie innocent", "ask Gift"; not "hi hope you are
 * well"); it follows "thank you" ("love you summer"); it comes before "said" or an honorific; or it
 * owns something ("Faith's place", "memory's mum").
 */
export function byEverydayName(sentence: Term[], i: number, nameWords: ReadonlySet<string>): boolean {
	const term = sentence[i];
	if (!term) return false;
	const word = bare(term.text);
	if (!nameWords.has(word.toLowerCase()) || !(isCapitalised(word) || word === word.toLowerCase())) return false;
	// "just met Ayaan": an adverb is what the word is here.
	if (term.tags.includes('Adverb')) return false;
	const [before, next] = [sentence[i - 1], sentence[i + 1]];
	if (OWNER_BEFORE.has(lower(before))) return false;
	if (term.tags.includes('Possessive') || /^['’]s$/u.test(term.text.slice(word.length))) return next?.tags.includes('Noun') === true && !next.tags.includes('Adjective');
	const ends = isLastWord(sentence, i) || !joined(term);
	if (before && joined(before)) {
		const cue = lower(before);
		if ((inCueList(GREETINGS, cue) || ADDRESS_BEFORE.has(cue) || NAMING_BEFORE.has(cue)) && (ends || isCapitalised(word))) return true;
		if (NAMING_BEFORE.has(cue) && joined(term) && CLAUSE_AFTER.has(lower(next))) return true;
		// After "auntie", "uncle", "Mr": a name, whatever follows ("auntie innocent is here").
		if (KIN_BEFORE.has(cue) && !term.tags.includes('Modal')) return true;
		if (YOU.has(cue) && SAID_TO_YOU.has(lower(sentence[i - 2])) && (ends || isCapitalised(word))) return true;
	}
	// "Joy, can you call me", "Hope, where are you": called by name, then asked.
	if (i === 0 && isCapitalised(word) && /^\s*,\s*$/u.test(term.post) && asksReader(sentence, i + 1)) return true;
	if (!joined(term) || !next) return false;
	if ((i === 0 || isCapitalised(word)) && (['said', 'says', 'told', 'texted', 'asked'].includes(lower(next)) || HONORIFIC_AFTER.has(lower(next)))) return true;
	// "will do", "will you come": a modal opens the sentence unless a verb follows it ("will is here").
	return i === 0 && opensWithVerb(sentence) && !(term.tags.includes('Modal') && !isCapitalised(word) && !['is', 'was', 'says', 'said', 'got'].includes(lower(next)));
}

/** "can you …", "are u …", "pls …", "where are you": a question or request to the reader. */
function asksReader(sentence: Term[], i: number): boolean {
	const [first, second] = [sentence[i], sentence[i + 1]];
	if (!first) return false;
	if (TURNED_TO_READER.has(lower(first))) return true;
	return first.tags.some((tag) => tag === 'Modal' || tag === 'Copula' || tag === 'Auxiliary' || tag === 'QuestionWord') && (YOU.has(lower(second)) || (second?.tags.includes('Copula') === true && YOU.has(lower(sentence[i + 2]))));
}

/** "X got …", "X says …", "X is bringing …", "X is sick": the second word of the sentence is a verb a person does. */
function opensWithVerb(sentence: Term[]): boolean {
	const [verb, third] = [sentence[1], sentence[2]];
	if (!verb) return false;
	const text = lower(verb);
	// "Mark can you check", "Joy where are you", "dawn pls": turned to its reader (not "Hope you are well").
	if (TURNED_TO_READER.has(text) || (verb.tags.includes('Modal') && YOU.has(lower(third)))) return true;
	// "Frank from IT says": someone from a team or a place.
	if (text === 'from') return third !== undefined && /^\p{Lu}/u.test(third.text);
	if (text === 'is' || text === 'was') return third !== undefined && joined(verb) && (third.tags.includes('Gerund') || PERSON_STATE.has(lower(third)));
	if (PERSON_VERBS.has(text) || (verb.tags.includes('PastTense') && !verb.tags.includes('Passive') && third !== undefined)) return true;
	// "Holly sings alto", "Wade has the car": a verb in the third person with an object; "Chase just landed".
	if (isThirdPerson(verb) && third !== undefined && joined(verb)) return true;
	return verb.tags.includes('Adverb') && joined(verb) && third !== undefined && (third.tags.includes('PastTense') || isThirdPerson(third));
}

function isThirdPerson(verb: Term): boolean {
	return verb.tags.includes('PresentTense') && /\p{Ll}s$/u.test(verb.text);
}

/**
 * "thank u fionnuala", "send the keys to xóchitl", "sitting next to guðrún": a word in no
 * dictionary after "thank you", or last in the sentence (or before a time that is: "to tafadzwa
 * tomorrow") after "to"/"for" in an English sentence (the word before the preposition is one of
 * the dictionary's; "ke", "ya" are not).
 */
export function byAddressee(sentence: Term[], i: number, isStrange: (term: Term) => boolean, isWord: (lower: string) => boolean): boolean {
	const term = sentence[i];
	const before = sentence[i - 1];
	if (!term || !before || !joined(before) || !isStrange(term)) return false;
	if (YOU.has(lower(before)) && SAID_TO_YOU.has(lower(sentence[i - 2])) && joined(sentence[i - 2])) return true;
	// "send it to tafadzwa tomorrow": a time after the name may end the sentence instead.
	const next = sentence[i + 1];
	const ends = isLastWord(sentence, i) || (joined(term) && TIME_AFTER.has(lower(next)) && isLastWord(sentence, i + 1));
	if (!TOWARDS.has(lower(before)) || !ends) return false;
	const earlier = sentence[i - 2];
	// "going to kisumu", "a ticket to mbale": where one goes is a place.
	return earlier !== undefined && joined(earlier) && isWord(bare(earlier.text).toLowerCase()) && !TRAVEL_BEFORE.has(lower(earlier));
}

/** "selamat pagi semua", "bom dia gente", "hola a todos": the word goes on a greeting, it names nobody. */
export function endsGreeting(sentence: Term[], i: number): boolean {
	if (!GREETING_REST.has(lower(sentence[i]))) return false;
	const greets = (term: Term | undefined) => GREETINGS.has(lower(term)) || GREETING_REST.has(lower(term));
	if (greets(sentence[i - 1]) || greets(sentence[i + 1])) return true;
	return sentence.slice(Math.max(0, i - 3), i).some((term) => GREETINGS.has(lower(term)));
}

/** "Zarghuna's place", "at rūta's": a word in no dictionary and no place list that owns something is someone (the engine calls it a place). */
export function byOwner(term: Term | undefined, cues: Cues): boolean {
	if (!term || !/^(?:\p{Lu}\p{Ll}+|\p{Ll}+)['’]s$/u.test(term.text)) return false;
	const word = bare(term.text).toLowerCase();
	if (word.length < 3 || cues.isWord(word) || cues.isOther(word)) return false;
	return term.tags.every((tag) => OWNER_TAGS.has(tag));
}
const OWNER_TAGS = new Set(['Noun', 'Singular', 'ProperNoun', 'Possessive', 'Place', 'Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Actor', 'Organization']);

/**
 * "salote, mbuyi and kristaps said yes", "Rustam, Dilnoza, Sherzod": three or more words of a list
 * (commas, and "and" in several languages), each a name or a word in no dictionary, are people;
 * "me" may be one of the three ("me, ruvimbo, thabiso"; not "me, bread, milk").
 * Found once per sentence (a 16 KB message can be one sentence).
 */
export function byCommaList(sentence: Term[], i: number, isItem: (term: Term, j: number) => boolean): boolean {
	let members = listMembers.get(sentence);
	if (!members) {
		const found = new Set<number>();
		let run: number[] = [];
		let commas = 0;
		const close = () => {
			const people = run.filter((j) => !SELF.has(lower(sentence[j])));
			if (run.length >= 3 && commas >= 1) for (const j of people) found.add(j);
			run = [];
			commas = 0;
		};
		sentence.forEach((term, j) => {
			// "me, ruvimbo, thabiso": the writer is in the list too, and stays.
			if (!isItem(term, j) && !SELF.has(lower(term))) {
				if (!(run.length > 0 && AND_WORDS.has(lower(term)) && joined(term))) close();
				return;
			}
			run.push(j);
			if (/^\s*,\s*$/u.test(term.post)) commas++;
			else if (!(joined(term) && AND_WORDS.has(lower(sentence[j + 1])))) close();
		});
		close();
		members = found;
		listMembers.set(sentence, members);
	}
	return members.has(i);
}
const listMembers = new WeakMap<Term[], Set<number>>();
const SELF = new Set(['me', 'myself']);

/**
 * A verb only by the engine's guess from its ending ("feven" a participle, "kanokwan" a verb): a
 * word in no dictionary that is not an English verb's form either ("vibing", "ghosted", "texts"
 * are: their stem is a word). Lower case and Latin letters only: capitalised it is as often a
 * brand ("Heineken").
 */
export function isVerbGuess(term: Term, guessTags: ReadonlySet<string>, cues: Cues): boolean {
	const word = term.text.toLowerCase();
	if (term.text !== word || !/^\p{Script=Latin}+$/u.test(word) || !term.tags.includes('Verb')) return false;
	if (!term.tags.every((tag) => guessTags.has(tag) || VERB_GUESS_TAGS.has(tag))) return false;
	for (const ending of ['ing', 'ed', 'es', 's', 'd']) {
		if (!word.endsWith(ending)) continue;
		const stem = word.slice(0, -ending.length);
		if (cues.isWord(stem) || cues.isWord(`${stem}e`) || (/(\p{L})\1$/u.test(stem) && cues.isWord(stem.slice(0, -1)))) return false;
	}
	return true;
}
const VERB_GUESS_TAGS = new Set(['Verb', 'PresentTense', 'Infinitive', 'PastTense', 'Participle', 'Gerund', 'Imperative']);

/** How a message is signed: "Regards, Naw", "xoxo willow", "Love, Hetal". */
const SIGN_OFF = new Set('regards best love cheers thanks thx xoxo xo hugs sincerely yours warmly bests'.split(' '));

/**
 * Someone who signs or introduces themselves (a name, or a word in no dictionary, in either case):
 * the last word after a sign-off that opens its sentence ("Regards, Naw", "xoxo willow") or alone
 * after a dash ("thanks! — Pearl"); "X here" opening a message ("Daisy here, running late"); a
 * capitalised one before a chat sound that ends the message ("Nunu lol"); one alone in
 * parentheses ("(Tatenda)"). Not "Love you all", "— the management", "me here".
 */
export function bySignature(sentence: Term[], i: number, isNameish: (term: Term) => boolean): boolean {
	const term = sentence[i];
	if (!term || !isNameish(term)) return false;
	const [before, next] = [sentence[i - 1], sentence[i + 1]];
	const last = isLastWord(sentence, i);
	if (last && i === 1 && before && SIGN_OFF.has(lower(before))) return true;
	if (last && i === 0 && /[—–-]\s*$/u.test(term.pre ?? '')) return true;
	if (last && i === 0 && /\(\s*$/u.test(term.pre ?? '') && /^\s*\)/u.test(term.post)) return true;
	if (i !== 0 || !next || !joined(term)) return false;
	if (lower(next) === 'here' && (isLastWord(sentence, i + 1) || /^\s*,/u.test(next.post))) return true;
	return isCapitalised(term.text) && CHAT_SOUNDS.has(lower(next)) && isLastWord(sentence, i + 1);
}
