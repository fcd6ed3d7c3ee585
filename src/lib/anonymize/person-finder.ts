import { createHyphenNameFinder } from './hyphen-names';
import { byCallAtEnd, byPeerWord, byPhrasalObject, isCalledInCapitals, stretchForms, withoutCount } from './person-calls';
import { PII_KINDS } from './kinds';
import { nameLexicon } from './name-lexicon';
import { byAddressee, byCommaList, byEverydayName, byOwner, bySignature, endsGreeting, isVerbGuess } from './person-context';
import { ADDRESS_BEFORE, AND_WORDS, CHAT_SOUNDS, FESTIVALS, GREETING_REST, GREETINGS, HONORIFIC_AFTER, inCueList, VIRTUE_NAMES } from './person-cues';
import { byAside, byCompanion, byCouple, byFullName, isNameTypo, isParticle, particleNames } from './person-runs';
import { everydayWords, keptWords } from './person-keep';
import { byBarePossessive } from './person-possessive';
import { createScriptNameFinder } from './script-names';
import type { NameSpan } from './script-text';
import { bare, sentencesOf, byFamilyName, byLoneWord, byOpeningList, byPair, isLastWord, isShouted, isWhereIs, joined, sameCase, slashedNames, type Cues, type Term } from './person-shapes';

/**
 * Finds person names the app was not told about, with an NLP engine (compromise: English-centred
 * part-of-speech tagging, runs offline in the browser and in Node), a wide list of names and a list
 * of everyday words (`name-list.ts`). The engine and the lists are handed in, not imported, so this
 * module stays cheap to load; they are fetched only when an export or the CLI starts
 * (`loadPersonFinder`), in the export worker's bundle (~300 KB brotli with the lists).
 */
/** Words to replace wherever they stand, and spans (names inside unspaced or other-script text) to replace where found. */
export type PersonFinder = (text: string) => (string | NameSpan)[];

/** The part of compromise's API used here. */
export interface NlpEngine {
	(text: string): { json: (options?: object) => unknown };
	addWords: (words: Record<string, string>) => unknown;
	/** The engine's dictionary: word → tag(s). */
	model: () => { one: { lexicon: Record<string, unknown> } };
}

/** Never a person, whatever the context. */
const NOT_A_PERSON = new Set(['Month', 'WeekDay', 'Date', 'Holiday', 'Demonym', 'Acronym', 'Url', 'Email', 'Currency', 'Pronoun', 'Honorific', 'Verb', 'Adjective', 'Determiner', 'Preposition', 'Conjunction', 'Expression', 'Value']);
/** Usually not a person: a name only when the sentence says so ("Park told me"). */
const PROBABLY_NOT = new Set(['Place', 'Country', 'City', 'Region', 'Organization', 'Company', 'SportsTeam', 'Plural']);
const CUE_BEFORE = new Set([
	...'with w ask asked tell told met meet meeting love call called calling text texted message messaged from cc ping pinged saw see seeing invite invited visit visited married named miss birthday bday vs nah ok okay shoutout'.split(' '),
	// Session 18: verbs whose object is someone: "remind wanjala", "i owe nyasha", "dm kudzai the address".
	...'remind reminded owe owes owed hug hugged tag tagged dm dmd greet greeted blame blamed congratulate congratulated forgive forgave rip'.split(' '),
	...GREETINGS
]);
const RELATION_BEFORE = ADDRESS_BEFORE;
/** Tags the engine gives that a listed name can never have. */
const NEVER_LISTED = new Set(['Month', 'WeekDay', 'Date', 'Holiday', 'Demonym', 'Acronym', 'Url', 'Email', 'Currency', 'Pronoun', 'Determiner', 'Preposition', 'Conjunction', 'Value']);
/** All the engine tags a capitalised word it does not know with. */
const UNKNOWN_TAGS = new Set(['Noun', 'Singular', 'ProperNoun', 'Possessive']);
/** What the engine guesses for a word it does not know, from the word's ending or place. */
// "Hyphenated" says only how it is written: "nils-aslak", "joan-pèire".
const STRANGE_TAGS = new Set([...UNKNOWN_TAGS, 'Actor', 'Adjective', 'Expression', 'Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Plural', 'Hyphenated']);
const NAME_TAGS = /^(?:Person|FirstName|LastName|MaleName|FemaleName|Honorific)$/;
/** Verbs of saying: what comes before them is someone, even a word the tagger took for a place. */
const SPEECH_AFTER = new Set('said says told asked texted wrote replied mentioned'.split(' '));
const CUE_AFTER = new Set('called thinks thought sent wants needs loves likes knows'.split(' '));
const ARTICLES = new Set(['the', 'a', 'an']);
/** After a name that opens a message: "mawuli where are you", "Chukwuemeka pls", "tamsin u there?". */
const ADDRESSED_AFTER = new Set('u you ur your pls plz please where what when why how who'.split(' '));
/** Opening a question about someone: "is paloma ok?", "did stelios reply". */
const ASKING_FIRST = new Set('is was are did does has can could will would should'.split(' '));
const OWNER_BEFORE = new Set(['my', 'your', 'his', 'her', 'our', 'their', 'its', 'this', 'that', 'these', 'those', 'some', 'any', 'no', 'every']);
const PLACEHOLDER_WORDS = new Set<string>(PII_KINDS);
const SEASONS = new Set(['spring', 'summer', 'autumn', 'winter']);

/** Lower-case word lists (`name-list.ts`), loaded with the engine. */
export interface WordLists {
	/** Names from many cultures. */
	names: ReadonlySet<string>;
	/** Everyday words: never a name by the list alone. */
	words: ReadonlySet<string>;
	/** Places and languages (`placeNames`): not someone by a word's shape alone. */
	places?: ReadonlySet<string>;
}

/**
 * A listed name that is also an everyday word or a word of the engine's dictionary ("rose",
 * "hunter", "park") is dropped from the list: such a word is a name only by context.
 */
export function createPersonFinder(nlp: NlpEngine, lists: WordLists = { names: new Set(), words: new Set() }): (text: string) => string[] {
	const lexicon = nameLexicon();
	const dictionary = nlp.model().one.lexicon;
	// Session 19: chat's everyday words of many countries that the dictionaries lack ("app", "jollof", "matatu").
	const everyday = new Set(everydayWords());
	const known = (lower: string) => lists.words.has(lower) || everyday.has(lower) || isOrdinaryWord(dictionary, lower);
	const isWord = (lower: string) => known(lower) || (lower.endsWith('s') && known(lower.slice(0, -1)));
	// A greeting or a form of address that is also someone's name somewhere ("Hola", "Selam") is a cue here.
	// (Our own lexicon's "Selam" stays a name: chosen by hand. A form of address, "Dada", stays one too.)
	const isGreeting = (lower: string) => inCueList(CHAT_SOUNDS, lower) || inCueList(CUE_BEFORE, lower);
	const isCueWord = (lower: string) => isGreeting(lower) || HONORIFIC_AFTER.has(lower) || RELATION_BEFORE.has(lower) || FESTIVALS.has(lower);
	const names = new Set([...lists.names].filter((name) => !isWord(name) && !isGreeting(name) && !FESTIVALS.has(name)));
	// "Princess", "Patience", "Will", "Blessing": names that are words too, a name only by context.
	// A season ("summer is here") is one far more often.
	const nameWords = new Set([...lists.names, ...VIRTUE_NAMES].filter((name) => isWord(name) && !isCueWord(name) && !SEASONS.has(name) && !(name in lexicon)));
	nlp.addWords(lexicon);
	const listed = new Set([...Object.keys(lexicon), ...names]);
	const places = lists.places ?? new Set<string>();
	// A word that greets or addresses someone, or a place no name list has, is not a name by its shape.
	const isOther = (lower: string) => isCueWord(lower) || GREETING_REST.has(lower) || (places.has(lower) && !listed.has(lower));
	const cues: Cues = { listed, isWord, isOther, nameWords };
	// A name of any list, or a word in no dictionary, as written in chat: "Pearl", "naw", "tatenda".
	const isNameish = (term: Term) => {
		const lower = term.text.toLowerCase();
		if (!/^(?:\p{Lu}\p{Ll}+|\p{Ll}+)$/u.test(term.text) || term.tags.some((tag) => NEVER_LISTED.has(tag))) return false;
		return listed.has(lower) || nameWords.has(lower) || (lower.length >= 3 && !isWord(lower) && !isOther(lower));
	};
	const find = (text: string): string[] => {
		const found = new Set<string>();
		for (const sentence of sentencesOf(nlp(text).json())) {
			// A sentence in capitals ("OMG KEMI"): the engine reads its words as acronyms; read it in lower case.
			if (isShouted(sentence) || isCalledInCapitals(sentence)) {
				for (const word of find(sentence.map((term) => term.text + term.post).join('').toLowerCase())) found.add(word.toUpperCase());
				continue;
			}
			const isPerson = sentence.map(
				(term, i) =>
					byFamilyName(sentence, i, cues) ||
					byPair(sentence, i, cues) ||
					byCompanion(sentence, i, cues) ||
					byCouple(sentence, i, cues) ||
					byFullName(sentence, i, cues) ||
					byAside(sentence, i, cues) ||
					(!ARTICLES.has(sentence[i - 1]?.text.toLowerCase() ?? '') &&
						!isRelation(term) &&
						!endsGreeting(sentence, i) &&
						((isNamed(term, listed) && !(i === 0 && nameWords.has(bare(term.text).toLowerCase()))) ||
							byList(sentence, i, cues) ||
							byBarePossessive(sentence, i, cues) ||
							byUnknownWord(sentence, i, cues) ||
							byContext(sentence, i, cues) ||
							byLoneWord(sentence, i, (term) => isStrangeWord(term, 0, cues)) ||
							byNameWord(sentence, i, nameWords) ||
							byEverydayName(sentence, i, nameWords) ||
							byOwner(term, cues) ||
							bySignature(sentence, i, isNameish) ||
							byPeerWord(sentence, i, isNameish) ||
							byCallAtEnd(sentence, i, (term) => isStrangeWord(term, i, cues)) ||
							byPhrasalObject(sentence, i, (term) => isStrangeWord(term, i, cues)) ||
							// In a list a plural guess says nothing either: "salote, mbuyi and kristaps".
							// A capitalised name that is a word counts as an item too: "Heather, Drew and Holly".
							byCommaList(sentence, i, (term, j) => byList(sentence, j, cues) || isCapitalisedNameWord(term, nameWords) || isStrangeWord({ ...term, tags: term.tags.filter((tag) => tag !== 'Plural') }, j, cues)) ||
							byAddressee(sentence, i, (term) => isStrangeWord(term, i, cues), isWord) ||
							byOpeningList(sentence, i, (term, j) => isStrangeWord(term, j, cues))))
			);
			// Brands, places, holidays, other languages' words the rules took for someone (`person-keep.ts`).
			const isName = (lower: string) => listed.has(lower) || lists.names.has(lower) || nameWords.has(lower);
			const kept = keptWords(sentence, isPerson, isName);
			kept.forEach((keep, i) => keep && (isPerson[i] = false));
			// A capitalised word next to a name is part of it ("Olusegun Obasanjo", "Jiho Park").
			for (let pass = 0; pass < 2; pass++) {
				for (let i = 0; i < sentence.length; i++) {
					if (isPerson[i] || kept[i] || isCue(sentence[i])) continue;
					// "Comfort Asare", "precious moyo": a listed name, even one that is a word, before a name.
					if (isPerson[i + 1] && joined(sentence[i]) && sameCase(sentence[i], sentence[i + 1]) && isGivenName(sentence[i], i, cues, nameWords)) isPerson[i] = true;
					if (!(isNameLike(sentence[i]) || isStrangeWord(sentence[i], i, cues))) continue;
					// In the same case only: "aarav kulkarni", "Dewi Kusuma", but not "Dewi lagi" (Indonesian "again").
					const nextTo = (j: number) => isPerson[j] === true && sameCase(sentence[i], sentence[j]);
					if ((nextTo(i - 1) && joined(sentence[i - 1])) || (nextTo(i + 1) && joined(sentence[i]))) isPerson[i] = true;
					// "Yerlan and Aigerim": the other side of an "and" is a person.
					if ((isPerson[i + 2] && isAnd(sentence[i + 1])) || (isPerson[i - 2] && isAnd(sentence[i - 1]))) isPerson[i] = true;
				}
			}
			// What the passes joined to a name is looked at again: "Kenya" beside "Airways".
			keptWords(sentence, isPerson, isName).forEach((keep, i) => keep && (isPerson[i] = false));
			// Particles go with their name only: "van der Berg", never every "van" of the message.
			const covered = new Set<number>();
			for (const name of particleNames(sentence, isPerson, cues, covered)) found.add(name);
			sentence.forEach((term, i) => {
				const word = bare(term.text);
				if (isPerson[i] && !PLACEHOLDER_WORDS.has(word) && !(covered.has(i) && isParticle(word))) found.add(word);
				for (const name of slashedNames(term, cues)) found.add(name);
			});
		}
		return [...found].filter((word) => /\p{L}{2}/u.test(word));
	};
	return find;
}

function isCapitalisedNameWord(term: Term, nameWords: ReadonlySet<string>): boolean {
	return /^\p{Lu}\p{Ll}+$/u.test(term.text) && nameWords.has(term.text.toLowerCase()) && !term.tags.includes('Modal');
}

/** A listed name that is also a word, capitalised inside a sentence and tagged as a noun: "did Princess reply?", "ask Sunny". */
function byNameWord(sentence: Term[], i: number, nameWords: ReadonlySet<string>): boolean {
	const term = sentence[i];
	if (i === 0 || !term || !/^\p{Lu}\p{Ll}+$/u.test(bare(term.text)) || !nameWords.has(bare(term.text).toLowerCase())) return false;
	if (OWNER_BEFORE.has(sentence[i - 1]?.text.toLowerCase() ?? '')) return false;
	return term.tags.every((tag) => STRANGE_TAGS.has(tag) && tag !== 'Adjective' && tag !== 'Expression');
}

/**
 * Tagged as a person by the engine. In lower case only a word of our name list: the engine also
 * tags the word after a first name as a surname ("with Tanvir tonight").
 */
function isNamed(term: Term | undefined, listed: ReadonlySet<string>): boolean {
	if (!term || !term.tags.includes('Person')) return false;
	if (term.tags.some((tag) => NOT_A_PERSON.has(tag) || PROBABLY_NOT.has(tag))) return false;
	return /^\p{Lu}/u.test(term.text) || listed.has(term.text.toLowerCase());
}

function isOrdinaryWord(dictionary: Record<string, unknown>, lower: string): boolean {
	const tags = dictionary[lower];
	if (tags === undefined) return false;
	return !(Array.isArray(tags) ? tags : [tags]).some((tag) => typeof tag === 'string' && NAME_TAGS.test(tag));
}

/** "Yerlan and Aigerim", "Siddharth vs Abhishek": the other side is a person too. */
function isAnd(term: Term | undefined): boolean {
	return term !== undefined && AND_WORDS.has(term.text.toLowerCase());
}

/** A listed name, or a name that is a word ("Comfort", "precious") but not a modal ("will"), as a first name. */
function isGivenName(term: Term | undefined, i: number, cues: Cues, nameWords: ReadonlySet<string>): boolean {
	if (!term || !/^(?:\p{Lu}\p{Ll}+|\p{Ll}+)$/u.test(term.text) || term.tags.some((tag) => NEVER_LISTED.has(tag) || tag === 'Modal')) return false;
	const lower = term.text.toLowerCase();
	// In lower case a word-name only opens a message ("precious moyo pls call"; not "good job emeka").
	return cues.listed.has(lower) || (nameWords.has(lower) && (i === 0 || lower !== term.text));
}

/**
 * A word in no dictionary and unknown to the engine, as the first word of a sentence or in lower
 * case anywhere ("ayaka said", "yo serkan", "tamsin u there?", "Reut: running late"): a name when
 * the sentence treats it as someone. (A capitalised one inside a sentence: `isUnknownProperNoun`.)
 */
function byUnknownWord(sentence: Term[], i: number, cues: Cues): boolean {
	const term = sentence[i];
	if (!isStrangeWord(term, i, cues)) return false;
	const [before, next, third] = [sentence[i - 1], sentence[i + 1], sentence[i + 2]];
	const text = (t: Term | undefined) => t?.text.toLowerCase() ?? '';
	if (term.tags.includes('Possessive')) return true;
	// "my email is", "your wifi was": a thing someone has.
	if (OWNER_BEFORE.has(text(before))) return false;
	if (before && joined(before) && (inCueList(CUE_BEFORE, text(before)) || RELATION_BEFORE.has(text(before)))) return true;
	if (isAnd(before) && ['me', 'i'].includes(text(sentence[i - 2]))) return true;
	if (i === 0 && /^\s*[:,]/u.test(term.post)) return true;
	// "Feven selam", "kristaps paldies": a name, then the greeting or thanks that ends the message.
	if (i === 0 && joined(term) && GREETINGS.has(text(next)) && !cues.isWord(text(next)) && isLastWord(sentence, i + 1)) return true;
	if (before && ((joined(before) && before.tags.includes('Expression')) || (isLastWord(sentence, i) && isWhereIs(sentence, i)))) return true;
	if (i === 1 && ASKING_FIRST.has(text(before))) return true;
	if (!joined(term)) return false;
	if (SPEECH_AFTER.has(text(next)) || HONORIFIC_AFTER.has(text(next)) || text(next) === 'u') return true;
	// A message that opens with a name and turns to its reader: "mawuli where are you", "Hodan Warsame won".
	if (i === 0 && (ADDRESSED_AFTER.has(text(next)) || next?.tags.includes('QuestionWord') === true || isUnknownProperNoun(next, cues))) return true;
	if (isAnd(next) && ['me', 'i'].includes(text(third))) return true;
	return isVerb(next) || (next?.tags.includes('Adverb') === true && isVerb(third));
}

/**
 * In no dictionary: the engine's tags for it are guesses from its ending ("Rizky" an adjective,
 * "Yasaman" an actor), so only tags that say it is a known kind of thing rule it out.
 */
function isStrangeWord(term: Term | undefined, i: number, cues: Cues): term is Term {
	if (!term) return false;
	// A handle's number goes with the name ("farai2"); a name has a vowel ("gpt4" is no one).
	const word = withoutCount(bare(term.text));
	const lower = word.toLowerCase();
	if (word !== bare(term.text) && !/[aeiouy]/iu.test(word)) return false;
	if (!term.tags.every((tag) => STRANGE_TAGS.has(tag)) && !isVerbGuess(term, STRANGE_TAGS, cues)) return false;
	// Letters with case only: "下午见" is no name this finder can tell. "yesss" is "yes" stretched.
	if (word.length < 3 || !/^\p{L}+$/u.test(word) || word === word.toUpperCase() || stretchForms(lower).some((form) => cues.isWord(form) || cues.isOther(form))) return false;
	// The engine's "plural" guess for a capitalised word ending in s ("Stelios", "Mads") says nothing; in lower case it is a noun ("trams").
	if (word === lower) return !term.tags.includes('Plural');
	return i === 0 && /^\p{Lu}\p{Ll}+$/u.test(word);
}

function isVerb(term: Term | undefined): boolean {
	return term !== undefined && term.tags.some((tag) => tag === 'Verb' || tag === 'Modal' || tag === 'Copula');
}

/** "Auntie", "Coach", "Uncle": how someone is addressed, not who. */
function isRelation(term: Term | undefined): boolean {
	return term !== undefined && RELATION_BEFORE.has(term.text.toLowerCase());
}

/** "Morning Eero", "Aunty Dulce": the word before the name stays. */
function isCue(term: Term | undefined): boolean {
	return term !== undefined && (CUE_BEFORE.has(term.text.toLowerCase()) || isRelation(term));
}

/** A name of the lists, capitalised or in lower case, anywhere in the sentence. */
function byList(sentence: Term[], i: number, cues: Cues): boolean {
	const term = sentence[i];
	if (!term || term.tags.some((tag) => NEVER_LISTED.has(tag))) return false;
	const word = bare(term.text);
	const lower = word.toLowerCase();
	if (!/^\p{L}+$/u.test(word) || (word !== lower && !/^\p{Lu}\p{Ll}+$/u.test(word))) return false;
	return cues.listed.has(lower) || isNameTypo(lower, cues);
}

/** Capitalised and a noun: could be a name if the sentence says so. */
function isNameLike(term: Term | undefined): boolean {
	if (!term || !/^\p{Lu}\p{Ll}/u.test(term.text) || isRelation(term)) return false;
	return (term.tags.includes('Noun') || term.tags.includes('ProperNoun')) && !term.tags.some((tag) => NOT_A_PERSON.has(tag));
}

/**
 * A capitalised word inside a sentence that the tagger does not know at all (it tags it only as
 * a proper noun) is, in chat, more often a person than anything else: the tagger knows places,
 * organisations and months. Brands it does not know ("Postgres") are lost to this rule; a version
 * number after the word ("Kotlin 2") saves the common case.
 */
function isUnknownProperNoun(term: Term | undefined, cues: Cues): boolean {
	if (!term || cues.isWord(bare(term.text).toLowerCase()) || cues.isOther(bare(term.text).toLowerCase()) || !/^(?:\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}\p{Ll}+)?|(?:Mc|Mac|O'|O’)\p{Lu}\p{Ll}+)(?:['’]s)?$/u.test(term.text)) return false;
	return term.tags.includes('ProperNoun') && term.tags.every((tag) => UNKNOWN_TAGS.has(tag) && tag !== 'Singular');
}

function byContext(sentence: Term[], i: number, cues: Cues): boolean {
	const { listed } = cues;
	const term = sentence[i];
	if (!isNameLike(term)) return false;
	const after = sentence[i + 1]?.text.toLowerCase() ?? '';
	if ((SPEECH_AFTER.has(after) || HONORIFIC_AFTER.has(after)) && joined(term)) return true;
	// Sentence-initial words are capitalised anyway: only a proper noun by the tagger counts there.
	if (term?.tags.some((tag) => PROBABLY_NOT.has(tag)) || (i === 0 && !term?.tags.includes('ProperNoun'))) return false;
	const before = sentence[i - 1];
	const beforeWord = before?.text.toLowerCase() ?? '';
	if (i > 0 && isUnknownProperNoun(term, cues) && !/^\p{N}/u.test(sentence[i + 1]?.text ?? '')) return true;
	// "says hi from Bamako": after "from" or "with", a place no name list has is still a place.
	if ((CUE_BEFORE.has(beforeWord) || RELATION_BEFORE.has(beforeWord)) && joined(before)) return !cues.isOther(bare(term?.text ?? '').toLowerCase());
	if (CUE_AFTER.has(after) && joined(term)) return true;
	return (after === 'and' && isNamed(sentence[i + 2], listed)) || (beforeWord === 'and' && isNamed(sentence[i - 2], listed));
}

/** Loads the engine once, on first use; a failed load (an offline chunk fetch) is tried again next time. */
let loading: Promise<PersonFinder> | null = null;
export function loadPersonFinder(): Promise<PersonFinder> {
	loading ??= Promise.all([import('compromise'), import('./name-list')]).then(
		([{ default: nlp }, { wideNameList, ordinaryWords, placeNames, scriptNameLists }]) => {
			const [names, words] = [wideNameList(), ordinaryWords()];
			const [inLatin, hyphenated, inScripts] = [createPersonFinder(nlp as unknown as NlpEngine, { names, words, places: placeNames() }), createHyphenNameFinder(names, words), createScriptNameFinder(scriptNameLists())];
			return (text: string) => [...inLatin(text).filter((word) => !inScripts.reads(word)), ...hyphenated(text), ...inScripts.find(text)];
		},
		(error: unknown) => {
			loading = null;
			throw error;
		}
	);
	return loading;
}
