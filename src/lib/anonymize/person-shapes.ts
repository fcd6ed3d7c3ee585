import { FAMILY_AFTER } from './person-cues';

/** What the name finder reads of a message: its sentences' words with the NLP engine's tags. */

export interface Term {
	text: string;
	/** What follows the word up to the next one: a space, or punctuation that ends a name. */
	post: string;
	tags: string[];
	/** What comes before the word: a dash, an opening bracket. */
	pre?: string;
}

export interface Cues {
	/** Names of the lexicon and of the wide list, lower case. */
	listed: ReadonlySet<string>;
	/** In the engine's dictionary as something other than a name. */
	isWord: (lower: string) => boolean;
	/** A greeting, a form of address, chat shorthand or a place: a word in no dictionary that is still not a name. */
	isOther: (lower: string) => boolean;
	/** Listed names that are words too ("Memory", "Grace"): a name only by context. */
	nameWords?: ReadonlySet<string>;
}

/**
 * Only a space (or a hyphen, or a closing quote: '"Precy" is') between this word and the next:
 * "Okonkwo, Kubernetes" are two things.
 */
export function joined(term: Term | undefined): boolean {
	return term !== undefined && /^["”»]?[\s-]*$/u.test(term.post);
}

/** The word without a possessive ending: "Amara's" → "Amara". */
export function bare(text: string): string {
	return text.replace(/['’]s?$/u, '');
}

export function sameCase(a: Term | undefined, b: Term | undefined): boolean {
	return a !== undefined && b !== undefined && /^\p{Lu}/u.test(a.text) === /^\p{Lu}/u.test(b.text);
}

/** The last word of its sentence: what follows is punctuation or emoji only. */
export function isLastWord(sentence: Term[], i: number): boolean {
	return i === wordsOf(sentence).last;
}

/**
 * Counted once per sentence: the rules ask for each word, and a 16 KB message can be one sentence
 * of thousands of words (bench/anonymize-bench.ts times such inputs).
 */
const counted = new WeakMap<Term[], { words: number; first: number; last: number }>();
function wordsOf(sentence: Term[]): { words: number; first: number; last: number } {
	let shape = counted.get(sentence);
	if (!shape) {
		shape = { words: 0, first: -1, last: -1 };
		sentence.forEach((term, i) => {
			if (!/\p{L}/u.test(term.text) || !shape) return;
			shape.words++;
			if (shape.first < 0) shape.first = i;
			shape.last = i;
		});
		counted.set(sentence, shape);
	}
	return shape;
}

/** A letter three times or more at the end: "TENDAIII", "bisiii" (not "Aaron", "Ruusa"). */
export function isStretched(word: string): boolean {
	return /(\p{L})\1\1$/u.test(word);
}

/** "where is rudo", "how was amal", "where's rudo": asked about someone by name. */
export function isWhereIs(sentence: Term[], i: number): boolean {
	const [verb, question] = [sentence[i - 1], sentence[i - 2]];
	// "where's rudo": the engine splits the contraction and leaves an empty "is" after "where's".
	const isVerb = verb !== undefined && (['is', 'was', 'r', 'are'].includes(verb.text.toLowerCase()) || (verb.text === '' && verb.tags.includes('Copula')));
	return isVerb && question?.tags.includes('QuestionWord') === true;
}

/**
 * A message of one word that no dictionary knows, with punctuation or emoji ("Jingyi.", "omri?",
 * "Bongani😂"): in chat, a name called out. Shorthand without a vowel
 * ("brb", "smh") and listed chat sounds are not.
 */
export function byLoneWord(sentence: Term[], i: number, isStrange: (term: Term) => boolean): boolean {
	const term = sentence[i];
	const { words, first } = wordsOf(sentence);
	if (!term || words !== 1 || first !== i || !/[aeiouyà-ÿ]/iu.test(term.text)) return false;
	// A bare word is as often a one-word reply in another language ("sawa", "dale", "abeg"); a name
	// called out carries a mark: "omri?", "noga!", "Jingyi.", "Bongani😂".
	// Stretched letters are such a mark too: "bisiii", "TENDAIII".
	if (!/[?!.]|\p{Extended_Pictographic}/u.test(term.post) && !/\p{Extended_Pictographic}/u.test(sentence[i + 1]?.text ?? '') && !isStretched(bare(term.text))) return false;
	return isStrange(term);
}

/** "the Bahrami family", "khatib family says salam": a family called by its name. */
export function byFamilyName(sentence: Term[], i: number, cues: Cues): boolean {
	const term = sentence[i];
	if (!term || !FAMILY_AFTER.has(sentence[i + 1]?.text.toLowerCase() ?? '') || !joined(term)) return false;
	const lower = term.text.toLowerCase();
	if (!/^\p{L}+$/u.test(term.text) || !/^(?:\p{Lu}\p{Ll}+|\p{Ll}+)$/u.test(term.text)) return false;
	return cues.listed.has(lower) || (lower.length >= 3 && !cues.isWord(lower) && !cues.isOther(lower));
}

/**
 * "Tendai/Rudo", "Ananya/tahmina": the tagger keeps a slashed pair as one word. Both sides are
 * names when neither is a word, and one is listed or both are capitalised ("TCP/IP", "and/or",
 * "Figma/Canva" with a dictionary word or in capitals stay).
 */
export function slashedNames(term: Term, cues: Cues): string[] {
	if (!term.text.includes('/')) return [];
	const parts = bare(term.text).split('/');
	if (parts.length < 2 || parts.length > 4) return [];
	const shaped = parts.every((part) => /^(?:\p{Lu}\p{Ll}+|\p{Ll}+)$/u.test(part) && part.length >= 2);
	if (!shaped || parts.some((part) => cues.isWord(part.toLowerCase()) || cues.isOther(part.toLowerCase()))) return [];
	const listedOne = parts.some((part) => cues.listed.has(part.toLowerCase()));
	return listedOne || parts.every((part) => /^\p{Lu}/u.test(part)) ? parts : [];
}

/** "&", "n", "+", "w": how chat joins two people ("Tumaini & Onalenna", "tahmina n xiaolei", "rawan w mahnaz"). */
const PAIRED_BY = new Set(['&', 'n', '+', 'w']);

/**
 * Two words joined by "&" or "n", neither of them a word of the dictionaries, a greeting or a place:
 * two people. The engine takes such a pair for a company ("Johnson & Johnson"), but a company's
 * name has a word of the dictionary in it far more often ("Marks & Spencer", "Procter & Gamble").
 */
export function byPair(sentence: Term[], i: number, cues: Cues): boolean {
	const term = sentence[i];
	const isName = (other: Term | undefined) => {
		if (!other || !/^(?:\p{Lu}\p{Ll}+|\p{Ll}+)$/u.test(bare(other.text))) return false;
		const lower = bare(other.text).toLowerCase();
		return cues.listed.has(lower) || (lower.length >= 3 && !cues.isWord(lower) && !cues.isOther(lower));
	};
	// "Kristaps & Memory": a capitalised name that is a word, paired with a name that is not.
	// (Not a plural: "Marks & Spencer".)
	const isNameWord = (other: Term | undefined) => other !== undefined && /^\p{Lu}\p{Ll}+[^s]$/u.test(bare(other.text)) && cues.nameWords?.has(bare(other.text).toLowerCase()) === true;
	const pairedBy = (between: Term | undefined) => between !== undefined && PAIRED_BY.has(between.text.toLowerCase());
	const pair = (other: Term | undefined) => (isName(term) && (isName(other) || isNameWord(other))) || (isNameWord(term) && isName(other));
	return (pairedBy(sentence[i + 1]) && pair(sentence[i + 2])) || (pairedBy(sentence[i - 1]) && pair(sentence[i - 2]));
}

/** "zhuoran siqi - lunch?": a run of names opening a message, then a dash or a colon and the topic. */
export function byOpeningList(sentence: Term[], i: number, isStrange: (term: Term, i: number) => boolean): boolean {
	let end = listEnds.get(sentence);
	if (end === undefined) {
		let last = 0;
		while (last < sentence.length && isStrange(sentence[last] as Term, last) && /^\s+$/u.test(sentence[last]?.post ?? '')) last++;
		const term = sentence[last];
		end = last >= 1 && term && isStrange(term, last) && /^\s*[-–—:]\s*$/u.test(term.post) ? last : -1;
		listEnds.set(sentence, end);
	}
	return i <= end;
}
const listEnds = new WeakMap<Term[], number>();

/**
 * Two words or more, every one in capitals, one at least three letters long: "OMG KEMI". A lone
 * word in capitals is more often an acronym ("NASA", "FYI") than a name shouted.
 */
export function isShouted(sentence: Term[]): boolean {
	const words = sentence.filter((term) => /\p{L}/u.test(term.text));
	return words.length > 1 && words.every((term) => !/\p{Ll}/u.test(term.text)) && words.some((term) => /\p{Lu}{3}/u.test(term.text));
}

/** The engine's JSON, read defensively: sentences of terms with their text, surroundings and tags. */
export function sentencesOf(json: unknown): Term[][] {
	if (!Array.isArray(json)) return [];
	return json.map((sentence: { terms?: unknown }) =>
		Array.isArray(sentence.terms)
			? sentence.terms.map((term: { text?: unknown; pre?: unknown; post?: unknown; tags?: unknown }) => ({
					text: typeof term.text === 'string' ? term.text : '',
					pre: typeof term.pre === 'string' ? term.pre : '',
					post: typeof term.post === 'string' ? term.post : '',
					tags: Array.isArray(term.tags) ? term.tags.filter((tag): tag is string => typeof tag === 'string') : []
				}))
			: []
	);
}
