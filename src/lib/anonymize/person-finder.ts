import { PII_KINDS } from './kinds';
import { nameLexicon } from './name-lexicon';

/**
 * Finds person names the app was not told about, with an NLP engine (compromise: English-centred
 * part-of-speech tagging, runs offline in the browser and in Node). The engine is handed in, not
 * imported, so this module stays cheap to load and the ~140 KB (gzip) engine is fetched only when an
 * export or the CLI starts (`loadPersonFinder`).
 */
export type PersonFinder = (text: string) => string[];

/** The part of compromise's API used here. */
export interface NlpEngine {
	(text: string): { json: (options?: object) => unknown };
	addWords: (words: Record<string, string>) => unknown;
}

interface Term {
	text: string;
	/** What follows the word up to the next one: a space, or punctuation that ends a name. */
	post: string;
	tags: string[];
}

/** Never a person, whatever the context. */
const NOT_A_PERSON = new Set(['Month', 'WeekDay', 'Date', 'Holiday', 'Demonym', 'Acronym', 'Url', 'Email', 'Currency', 'Pronoun', 'Honorific', 'Verb', 'Adjective', 'Determiner', 'Preposition', 'Conjunction', 'Expression', 'Value']);
/** Usually not a person: a name only when the sentence says so ("Park told me"). */
const PROBABLY_NOT = new Set(['Place', 'Country', 'City', 'Region', 'Organization', 'Company', 'SportsTeam', 'Plural']);
const CUE_BEFORE = new Set(
	'with ask asked tell told met meet meeting hi hello hey dear thanks thank love call called calling text texted message messaged from cc ping pinged saw see seeing invite invited visit visited married named miss congrats congratulations birthday bye cheers ciao hallo hola salut oi olá namaste'.split(' ')
);
const RELATION_BEFORE = new Set(
	'friend colleague coworker co-worker boss brother sister mom mum mother dad father wife husband son daughter cousin uncle aunt auntie grandma grandpa neighbour neighbor partner boyfriend girlfriend roommate flatmate teacher doctor nurse manager landlord classmate buddy mate bro sis'.split(
		' '
	)
);
/** Verbs of saying: what comes before them is someone, even a word the tagger took for a place. */
const SPEECH_AFTER = new Set('said says told asked texted wrote replied mentioned'.split(' '));
const CUE_AFTER = new Set('called thinks thought sent wants needs loves likes knows'.split(' '));
const ARTICLES = new Set(['the', 'a', 'an']);
const PLACEHOLDER_WORDS = new Set<string>(PII_KINDS);

export function createPersonFinder(nlp: NlpEngine): PersonFinder {
	const lexicon = nameLexicon();
	nlp.addWords(lexicon);
	const listed = new Set(Object.keys(lexicon));
	return (text) => {
		const found = new Set<string>();
		for (const sentence of sentencesOf(nlp(text).json())) {
			const isPerson = sentence.map((term, i) => !ARTICLES.has(sentence[i - 1]?.text.toLowerCase() ?? '') && (isNamed(term, listed) || byContext(sentence, i, listed)));
			// A capitalised word next to a name is part of it ("Olusegun Obasanjo", "Jiho Park").
			for (let pass = 0; pass < 2; pass++) {
				for (let i = 0; i < sentence.length; i++) {
					if (isPerson[i] || !isNameLike(sentence[i])) continue;
					if ((isPerson[i - 1] && joined(sentence[i - 1])) || (isPerson[i + 1] && joined(sentence[i]))) isPerson[i] = true;
					// "Yerlan and Aigerim": the other side of an "and" is a person.
					if ((isPerson[i + 2] && sentence[i + 1]?.text.toLowerCase() === 'and') || (isPerson[i - 2] && sentence[i - 1]?.text.toLowerCase() === 'and')) isPerson[i] = true;
				}
			}
			sentence.forEach((term, i) => {
				if (isPerson[i] && !PLACEHOLDER_WORDS.has(term.text)) found.add(term.text);
			});
		}
		return [...found].filter((word) => /\p{L}{2}/u.test(word));
	};
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

/** Only a space (or a hyphen) between this word and the next: "Okonkwo, Kubernetes" are two things. */
function joined(term: Term | undefined): boolean {
	return term !== undefined && /^[\s-]*$/u.test(term.post);
}

/** Capitalised and a noun: could be a name if the sentence says so. */
function isNameLike(term: Term | undefined): boolean {
	if (!term || !/^\p{Lu}\p{Ll}/u.test(term.text)) return false;
	return (term.tags.includes('Noun') || term.tags.includes('ProperNoun')) && !term.tags.some((tag) => NOT_A_PERSON.has(tag));
}

/**
 * A capitalised word inside a sentence that the tagger does not know at all (it tags it only as
 * a proper noun) is, in chat, more often a person than anything else: the tagger knows places,
 * organisations and months. Brands it does not know ("Postgres") are lost to this rule; a version
 * number after the word ("Kotlin 2") saves the common case.
 */
function isUnknownProperNoun(term: Term | undefined): boolean {
	if (!term || !/^(?:\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}\p{Ll}+)?|(?:Mc|Mac|O'|O’)\p{Lu}\p{Ll}+)$/u.test(term.text)) return false;
	return term.tags.length === 2 && term.tags.includes('ProperNoun') && term.tags.includes('Noun');
}

function byContext(sentence: Term[], i: number, listed: ReadonlySet<string>): boolean {
	const term = sentence[i];
	if (!isNameLike(term)) return false;
	const after = sentence[i + 1]?.text.toLowerCase() ?? '';
	if (SPEECH_AFTER.has(after) && joined(term)) return true;
	// Sentence-initial words are capitalised anyway: only a proper noun by the tagger counts there.
	if (term?.tags.some((tag) => PROBABLY_NOT.has(tag)) || (i === 0 && !term?.tags.includes('ProperNoun'))) return false;
	const before = sentence[i - 1];
	const beforeWord = before?.text.toLowerCase() ?? '';
	if (i > 0 && isUnknownProperNoun(term) && !/^\p{N}/u.test(sentence[i + 1]?.text ?? '')) return true;
	if ((CUE_BEFORE.has(beforeWord) || RELATION_BEFORE.has(beforeWord)) && joined(before)) return true;
	if (CUE_AFTER.has(after) && joined(term)) return true;
	return (after === 'and' && isNamed(sentence[i + 2], listed)) || (beforeWord === 'and' && isNamed(sentence[i - 2], listed));
}

function sentencesOf(json: unknown): Term[][] {
	if (!Array.isArray(json)) return [];
	return json.map((sentence: { terms?: unknown }) =>
		Array.isArray(sentence.terms)
			? sentence.terms.map((term: { text?: unknown; post?: unknown; tags?: unknown }) => ({
					text: typeof term.text === 'string' ? term.text : '',
					post: typeof term.post === 'string' ? term.post : '',
					tags: Array.isArray(term.tags) ? term.tags.filter((tag): tag is string => typeof tag === 'string') : []
				}))
			: []
	);
}

/** Loads the engine once, on first use; a failed load (an offline chunk fetch) is tried again next time. */
let loading: Promise<PersonFinder> | null = null;
export function loadPersonFinder(): Promise<PersonFinder> {
	loading ??= import('compromise').then(
		({ default: nlp }) => createPersonFinder(nlp as unknown as NlpEngine),
		(error: unknown) => {
			loading = null;
			throw error;
		}
	);
	return loading;
}
