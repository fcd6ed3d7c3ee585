import type MiniSearch from 'minisearch';
import type { TermPostings, WordPostings } from './search-scoring';

/** Terms this long also match the words they begin ("mee" → "meeting"). */
const PREFIX_MIN_CHARS = 3;
/** Terms this long also match words one typo away (two from 8 letters on: 0.2 × length). */
export const FUZZY_MIN_CHARS = 4;
const FUZZINESS = 0.2;
const MAX_FUZZY_EDITS = 2;
/** Posting lists kept between keystrokes: the words of a query and a few recent ones. */
const POSTINGS_CACHE_SIZE = 16;

/**
 * Every message holding a query term (or a word it begins, or one a typo away), grouped by
 * matched word, as slots: one walk of MiniSearch's posting lists per term, then cached, so
 * while a query is typed only the word being typed is looked up again.
 *
 * The walk goes through MiniSearch's `boostDocument` hook returning 0: MiniSearch then skips
 * the message and builds no result object, where its own scoring would build one per matching
 * message and sort them all (~100 ms for a word in a third of the history).
 */
export class TermPostingsCache {
	/** Most recently used last, so the oldest goes first when the cache is full. */
	#cache = new Map<string, TermPostings>();

	constructor(private readonly index: MiniSearch<never>) {}

	/** Forgets every list: the index changed. */
	clear(): void {
		this.#cache.clear();
	}

	/** With `fuzzy`, words one typo away match too (only for terms long enough to have typos). */
	get(term: string, fuzzy: boolean): TermPostings {
		const correct = fuzzy && term.length >= FUZZY_MIN_CHARS;
		const key = `${correct ? '~' : '='}${term}`;
		const cached = this.#cache.get(key);
		if (cached) {
			this.#cache.delete(key);
			this.#cache.set(key, cached);
			return cached;
		}
		const postings = this.#walk(term, correct);
		this.#cache.set(key, postings);
		if (this.#cache.size > POSTINGS_CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
		return postings;
	}

	#walk(term: string, correct: boolean): TermPostings {
		const words: WordPostings[] = [];
		const byWord = new Map<string, WordPostings>();
		let current: WordPostings | undefined;
		let df = 0;
		this.index.search(term, {
			prefix: term.length >= PREFIX_MIN_CHARS,
			fuzzy: correct ? FUZZINESS : false,
			maxFuzzy: MAX_FUZZY_EDITS,
			// Called once per (message, matched word), grouped by word. Returning 0 makes
			// MiniSearch skip the message, so this walk builds no result objects at all.
			boostDocument: (_id: string, word: string, stored) => {
				if (current?.word !== word) {
					current = byWord.get(word);
					if (!current) {
						current = { word, slots: [] };
						byWord.set(word, current);
						words.push(current);
					}
				}
				current.slots.push((stored as { n: number }).n);
				df++;
				return 0;
			}
		});
		return { df, words };
	}
}
