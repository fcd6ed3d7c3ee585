// Scoring pieces of the search engine: per-query scratch arrays, rarity and match weights.

/** How much a completed or corrected word counts next to the word exactly as typed. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/** One matched index word and the slots of the messages holding it. */
export interface WordPostings {
	word: string;
	slots: Int32Array;
}

/** Everything a query term matched: `df` counts (message, word) pairs, its rarity measure. */
export interface TermPostings {
	df: number;
	words: WordPostings[];
}

/**
 * Per-query state for every message slot, in typed arrays reused across queries. Stamps say
 * which query (and which term) last wrote a slot, so nothing is cleared between queries.
 */
export class Scratch {
	score = new Float64Array(0);
	#best = new Float64Array(0);
	#matched = new Uint8Array(0);
	#queryStamp = new Int32Array(0);
	#termStamp = new Int32Array(0);
	#pickStamp = new Int32Array(0);
	#query = 0;
	#term = 0;

	startQuery(slots: number): void {
		if (slots > this.score.length) {
			const size = Math.max(slots, Math.ceil(this.score.length * 1.5), 1024);
			this.score = new Float64Array(size);
			this.#best = new Float64Array(size);
			this.#matched = new Uint8Array(size);
			// Fresh stamps are 0 and live stamps start at 1, so no slot looks already visited.
			this.#queryStamp = new Int32Array(size);
			this.#termStamp = new Int32Array(size);
			this.#pickStamp = new Int32Array(size);
		}
		this.#query++;
	}

	/**
	 * Adds the `position`-th term of the query (rarest first): its best match per message, for
	 * messages that matched every earlier term. Returns the messages still in the running.
	 */
	addTerm(term: string, postings: TermPostings, position: number, total: number): Int32Array {
		const stamp = ++this.#term;
		const query = this.#query;
		const rarity = idf(postings.df, total);
		// Plain loops over typed arrays held in locals: a common word runs them 20,000 times, often
		// in a worker whose code is not optimized yet (the first query after a start).
		const queryStamp = this.#queryStamp;
		const termStamp = this.#termStamp;
		const matched = this.#matched;
		const best = this.#best;
		const score = this.score;
		const touched = new Int32Array(postings.df);
		let count = 0;
		for (const { word, slots } of postings.words) {
			const value = rarity * matchWeight(term, word);
			for (let i = 0; i < slots.length; i++) {
				const n = slots[i]!;
				if (position > 0 && (queryStamp[n] !== query || matched[n] !== position)) continue;
				if (termStamp[n] !== stamp) {
					termStamp[n] = stamp;
					best[n] = value;
					touched[count++] = n;
				} else if (value > best[n]!) best[n] = value;
			}
		}
		for (let i = 0; i < count; i++) {
			const n = touched[i]!;
			if (queryStamp[n] !== query) {
				queryStamp[n] = query;
				matched[n] = 0;
				score[n] = 0;
			}
			matched[n]!++;
			score[n]! += best[n]!;
		}
		return touched.subarray(0, count);
	}

	pick(slots: Iterable<number>): void {
		for (const n of slots) this.#pickStamp[n] = this.#query;
	}

	picked(n: number): boolean {
		return this.#pickStamp[n] === this.#query;
	}

	/** Calls `each` for every picked slot in `slots` (one pass over a long list, a call per pick only). */
	eachPicked(slots: Int32Array, each: (n: number) => void): void {
		const pickStamp = this.#pickStamp;
		const query = this.#query;
		for (let i = 0; i < slots.length; i++) if (pickStamp[slots[i]!] === query) each(slots[i]!);
	}
}

/** BM25's inverse document frequency: rare terms count for more. */
export function idf(df: number, total: number): number {
	return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

/** 1 for the word as typed; completions and corrections count less the further they go. */
export function matchWeight(term: string, word: string): number {
	if (word === term) return 1;
	if (word.startsWith(term)) return (PREFIX_WEIGHT * word.length) / (word.length + 0.3 * (word.length - term.length));
	return (FUZZY_WEIGHT * word.length) / (word.length + editDistance(term, word));
}

/** Levenshtein distance; only ever called on a handful of short words per query. */
export function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = current;
	}
	return previous[b.length]!;
}

/** The k-th largest value (1-based) by quickselect: linear time, and it reorders `values`. */
export function kthLargest(values: Float64Array, k: number): number {
	if (values.length === 0) return -Infinity;
	const target = Math.min(Math.max(k, 1), values.length) - 1;
	let low = 0;
	let high = values.length - 1;
	while (low < high) {
		const pivot = values[(low + high) >>> 1]!;
		let i = low;
		let j = high;
		while (i <= j) {
			while (values[i]! > pivot) i++;
			while (values[j]! < pivot) j--;
			if (i <= j) {
				const swap = values[i]!;
				values[i] = values[j]!;
				values[j] = swap;
				i++;
				j--;
			}
		}
		if (target <= j) high = j;
		else if (target >= i) low = i;
		else break;
	}
	return values[target]!;
}
