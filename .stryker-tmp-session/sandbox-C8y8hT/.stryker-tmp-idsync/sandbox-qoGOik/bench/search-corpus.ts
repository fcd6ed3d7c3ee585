/**
 * A seeded synthetic chat history for the search benchmark. Real message text cannot be used
 * (it is private and lives only in browsers), so the corpus imitates its statistics instead:
 * a few thousand distinct words with Zipf frequencies (a handful of very common words, a long
 * tail of rare ones), words that share prefixes and inflections the way natural language does,
 * plus names and numbers. Same seed, same corpus: runs are comparable.
 */
// @ts-nocheck

// 


import { mulberry32 } from '../tests/e2e/seeded-random';

export interface CorpusMessage {
	id: string;
	conversationId: string;
	peerId: string;
	direction: 'in' | 'out';
	text: string;
	time: number;
}

/** The same seeded generator as the browser tests. */
export const seededRandom = mulberry32;

// The most frequent words of casual written English, most common first: they take the top
// ranks so the heaviest posting lists look like the ones a real chat history produces.
const COMMON = (
	'i you the to a and it is that in of me for my we so be have on do not this was just what are at ' +
	'with but can get if no your like ok all up know will its go how out about there now one yes when ' +
	'good time see think need they then too going got he she our would come back some today here love ' +
	'well want dont right tomorrow really day had did them him her could night thanks lol maybe sure ' +
	'make from going home yeah been work should something tonight call let much week people still where ' +
	'why sorry thing great take never over more after before first last little much also even new look ' +
	'only very way said their than other which been long again into because those these morning later ' +
	'meet meeting dinner lunch coffee weekend friday saturday sunday monday party train bus car phone ' +
	'message photo picture video movie game music book house place school office store ready done soon'
).split(' ');

const ONSETS = ['b', 'br', 'c', 'ch', 'cl', 'd', 'dr', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'pr', 'r', 's', 'sh', 'sl', 'st', 't', 'th', 'tr', 'v', 'w', 'z'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'oo', 'ou', 'ie'];
const CODAS = ['', '', '', '', 'n', 'r', 's', 't', 'l', 'nd', 'ng', 'ck', 'm', 'st', 'rt'];
const SUFFIXES = ['ing', 'ed', 's', 'er', 'ly', 'ment', 'ness'];

function pick<T>(random: () => number, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)]!;
}

function syllable(random: () => number): string {
	return pick(random, ONSETS) + pick(random, VOWELS) + pick(random, CODAS);
}

/**
 * `size` distinct words: the common list first, then invented stems of one to three syllables,
 * each followed by some inflections of itself so prefixes fan out into families (meet, meets,
 * meeting) instead of unrelated strings.
 */
export function vocabulary(random: () => number, size: number): string[] {
	const words = [...new Set(COMMON)];
	const seen = new Set(words);
	while (words.length < size) {
		const syllables = 1 + (random() < 0.45 ? 1 : 0) + (random() < 0.08 ? 1 : 0);
		let stem = '';
		for (let i = 0; i < syllables; i++) stem += syllable(random);
		const family = [stem, ...SUFFIXES.filter(() => random() < 0.25).map((suffix) => stem + suffix)];
		for (const word of family) {
			if (!seen.has(word) && words.length < size) {
				seen.add(word);
				words.push(word);
			}
		}
	}
	return words;
}

/** Inverse-CDF sampler over ranks 0..n-1 with P(rank r) ∝ 1 / (r + 1)^s. */
export function zipfSampler(random: () => number, n: number, s: number): () => number {
	const cdf = new Float64Array(n);
	let total = 0;
	for (let r = 0; r < n; r++) {
		total += 1 / Math.pow(r + 1, s);
		cdf[r] = total;
	}
	return () => {
		const target = random() * total;
		let low = 0;
		let high = n - 1;
		while (low < high) {
			const mid = (low + high) >>> 1;
			if (cdf[mid]! < target) low = mid + 1;
			else high = mid;
		}
		return low;
	};
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function fakeId(random: () => number, prefix: string, length: number): string {
	const chars = [prefix];
	for (let i = 0; i < length; i++) chars.push(BASE32[Math.floor(random() * 32)]!);
	// join() makes a flat string, like ids read back from IndexedDB; `+=` would leave a rope
	// that V8 flattens on first hashing and makes the first lookups look slower than they are.
	return chars.join('');
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One random edit (substitution, insertion or deletion): Levenshtein distance at most 1. */
export function typo(random: () => number, word: string): string {
	const at = Math.floor(random() * word.length);
	const letter = pick(random, [...LETTERS]);
	const kind = random();
	if (kind < 0.5) return word.slice(0, at) + letter + word.slice(at + 1);
	if (kind < 0.8 || word.length < 3) return word.slice(0, at) + letter + word.slice(at);
	return word.slice(0, at) + word.slice(at + 1);
}

export interface CorpusOptions {
	seed: number;
	messages: number;
	vocabularySize?: number;
	conversations?: number;
	/** Zipf exponent; ~1 is what natural-language word counts show. */
	zipf?: number;
}

export interface Corpus {
	messages: CorpusMessage[];
	vocabulary: string[];
	names: string[];
}

export function generateCorpus(options: CorpusOptions): Corpus {
	const random = seededRandom(options.seed);
	const words = vocabulary(random, options.vocabularySize ?? 20_000);
	const nextRank = zipfSampler(random, words.length, options.zipf ?? 1.05);
	const names = Array.from({ length: 80 }, () => {
		const name = syllable(random) + syllable(random);
		return name[0]!.toUpperCase() + name.slice(1);
	});
	const peers = Array.from({ length: options.conversations ?? 60 }, () => fakeId(random, 'p', 32));
	const messages: CorpusMessage[] = [];
	let time = Date.UTC(2025, 0, 1);
	for (let i = 0; i < options.messages; i++) {
		// Chat messages are short with a long tail: most are a few words, some are paragraphs.
		const length = 1 + Math.floor(-Math.log(1 - random()) * 7);
		const tokens: string[] = [];
		for (let w = 0; w < length; w++) {
			const roll = random();
			if (roll < 0.03) tokens.push(pick(random, names));
			else if (roll < 0.05) tokens.push(String(Math.floor(random() * random() * 2000)));
			else if (roll < 0.06) tokens.push(`${1 + Math.floor(random() * 12)}pm`);
			else if (roll < 0.07) tokens.push(typo(random, words[nextRank()]!));
			else tokens.push(words[nextRank()]!);
		}
		if (tokens[0]) tokens[0] = tokens[0][0]!.toUpperCase() + tokens[0].slice(1);
		const end = random();
		const text = tokens.join(' ') + (end < 0.5 ? '' : end < 0.8 ? '.' : end < 0.93 ? '?' : '!');
		time += 1 + Math.floor(random() * 120_000);
		const peerId = peers[nextRank() % peers.length]!;
		messages.push({ id: fakeId(random, 'm', 26), conversationId: peerId, peerId, direction: random() < 0.5 ? 'in' : 'out', text, time });
	}
	return { messages, vocabulary: words, names };
}
