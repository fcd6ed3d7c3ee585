import MiniSearch from 'minisearch';
import { MessageSlots } from './message-slots';
import { miniSearchOptions, partsFromBinary, partsFromJSON, serialize, toBinary, type EngineParts, type IndexedDoc, type SerializedIndex, type StoredFields } from './saved-engine';
import { DEFAULT_RESULT_LIMIT, MAX_QUERY_TERMS, MIN_QUERY_CHARS, type SearchDoc, type SearchHit } from './search-limits';
import { Scratch, kthLargest, type TermPostings } from './search-scoring';
import { queryTerms } from './search-text';
import { ShortIdSlots, shortIdsOf } from './short-id-slots';
import { FUZZY_MIN_CHARS, TermPostingsCache } from './term-postings';

export { SearchIndexError } from './message-slots';
export type { SerializedIndex } from './saved-engine';
export { DEFAULT_RESULT_LIMIT, MAX_QUERY_TERMS, MIN_QUERY_CHARS, SEARCH_SCHEMA_VERSION, type SearchDoc, type SearchHit } from './search-limits';

/** Typo correction only for words in fewer messages than this share (or count) as typed. */
const FUZZY_RARE_SHARE = 0.001;
const FUZZY_RARE_MIN_DF = 20;
/** The newest message scores up to this much more than the oldest with the same words. */
const RECENCY_BOOST = 0.3;

/**
 * Full-text search over messages, fast enough to run on every keystroke at 100k messages.
 * Pure (no DOM, no storage): it runs in the search worker and in Node tests alike.
 *
 * MiniSearch does the indexing, the prefix and typo expansion (its radix tree), incremental
 * updates and the saved form (saved-engine.ts). Ranking is done here: each query term's
 * posting lists are walked once into slots (term-postings.ts, cached while a query is typed)
 * and the terms are combined with AND, rarest first, in typed arrays (search-scoring.ts).
 *
 * Typo tolerance is a fallback: only when exact words and prefixes find fewer messages than
 * asked for, and only for words that are rare as typed. "that" never brings every "what",
 * and a correctly typed common word is not expanded into its common neighbours.
 *
 * Score: per query term, its rarity (BM25's idf over everything the term matched) times how
 * the message matched it (exact 1, completed prefix less, corrected typo less); summed over
 * terms; times a small recency boost; ties go to the newer message.
 */
export class SearchEngine {
	#index: MiniSearch<IndexedDoc>;
	#slots: MessageSlots;
	#oldest: number;
	#newest: number;
	#postings: TermPostingsCache;
	#shortIdSlots: ShortIdSlots;
	#scratch = new Scratch();
	/** The last answer, for a query asked again unchanged (a re-render, a repeated keystroke). */
	#last: { key: string; hits: SearchHit[] } | null = null;

	constructor(saved?: EngineParts) {
		this.#index = saved?.index ?? new MiniSearch(miniSearchOptions());
		this.#slots = saved?.slots ?? new MessageSlots();
		this.#oldest = saved?.oldest ?? Infinity;
		this.#newest = saved?.newest ?? -Infinity;
		this.#shortIdSlots = saved?.shortIdSlots ?? new ShortIdSlots();
		this.#postings = new TermPostingsCache(this.#index as unknown as MiniSearch<never>, this.#shortIdSlots);
	}

	/** Rebuilds an engine from `JSON.stringify(engine)`; throws SearchIndexError if it cannot. */
	static loadJSON(json: string): SearchEngine {
		return new SearchEngine(partsFromJSON(json));
	}

	/**
	 * Rebuilds an engine from `toBinary`'s bytes, several times faster than `loadJSON` (no
	 * JSON.parse of megabytes; see saved-index.ts); throws SearchIndexError if it cannot.
	 */
	static loadBinary(bytes: ArrayBuffer): SearchEngine {
		return new SearchEngine(partsFromBinary(bytes));
	}

	/** The index as bytes for saving, or null when only `JSON.stringify(engine)` can save it. */
	toBinary(): Uint8Array[] | null {
		return toBinary(this.#parts());
	}

	toJSON(): SerializedIndex {
		return serialize(this.#parts());
	}

	#parts(): EngineParts {
		return { index: this.#index, slots: this.#slots, oldest: this.#oldest, newest: this.#newest, shortIdSlots: this.#shortIdSlots };
	}

	get size(): number {
		return this.#index.documentCount;
	}

	has(id: string): boolean {
		return this.#index.has(id);
	}

	/** Adds new messages and re-indexes known ones (edits); indexing the same row twice is harmless. */
	upsert(docs: Iterable<SearchDoc>): void {
		const shortIds = shortIdsOf(this.#index as unknown as MiniSearch<never>);
		for (const doc of docs) {
			const known = this.#index.getStoredFields(doc.id) as StoredFields | undefined;
			const indexed: IndexedDoc = { id: doc.id, text: doc.text, time: doc.time, n: known?.n ?? this.#slots.next++ };
			if (known) {
				// A replaced message gets a new short id; the old one's postings stay until a vacuum.
				const old = shortIds?.get(doc.id);
				this.#index.replace(indexed);
				this.#shortIdSlots.forget(old);
			} else this.#index.add(indexed);
			const shortId = shortIds?.get(doc.id);
			if (shortId !== undefined) this.#shortIdSlots.set(shortId, indexed.n);
			this.#slots.set(indexed.n, doc.id, doc.time);
			if (doc.time < this.#oldest) this.#oldest = doc.time;
			if (doc.time > this.#newest) this.#newest = doc.time;
		}
		this.#changed();
	}

	/** Forgets deleted messages; unknown ids are ignored. */
	remove(ids: Iterable<string>): void {
		// MiniSearch's discard drops the message at once and cleans its words up lazily.
		const shortIds = shortIdsOf(this.#index as unknown as MiniSearch<never>);
		for (const id of ids) {
			if (!this.#index.has(id)) continue;
			const shortId = shortIds?.get(id);
			this.#index.discard(id);
			this.#shortIdSlots.forget(shortId);
		}
		this.#changed();
	}

	/** Forgets cached posting lists and the last answer: the next query starts cold (benchmarks). */
	dropCaches(): void {
		this.#changed();
	}

	#changed(): void {
		this.#last = null;
		this.#postings.clear();
	}

	/**
	 * Makes the index hold exactly the messages in `present`: forgets the others (deleted while
	 * no one told the index) and returns the ids it lacks, for the caller to feed. A rare repair,
	 * so it may walk every document.
	 */
	reconcile(present: Iterable<string>): { missing: string[]; removed: number } {
		const wanted = new Set(present);
		const stale = new Set<string>();
		const seen = new Set<string>();
		// Every indexed id has a slot; a slot may also remember a removed id (`has` tells), and
		// an id removed then added again has two slots (`seen` counts it once).
		for (let n = 0; n < this.#slots.next; n++) {
			const id = this.#slots.idOf(n);
			if (id === undefined || seen.has(id) || !this.#index.has(id)) continue;
			seen.add(id);
			if (!wanted.delete(id)) stale.add(id);
		}
		this.remove(stale);
		return { missing: [...wanted], removed: stale.size };
	}

	/**
	 * The best `limit` messages containing every word of `query`: a word of three letters or
	 * more may be the start of a longer one, and one typo is forgiven (two in long words) when
	 * exact words find too little.
	 */
	search(query: string, limit = DEFAULT_RESULT_LIMIT): SearchHit[] {
		if (query.trim().length < MIN_QUERY_CHARS || limit <= 0) return [];
		const terms = queryTerms(query).slice(0, MAX_QUERY_TERMS);
		if (terms.length === 0) return [];
		const key = `${limit} ${terms.join(' ')}`;
		if (this.#last?.key === key) return this.#last.hits;
		let postings = terms.map((term) => this.#postings.get(term, false));
		let candidates = this.#intersect(terms, postings);
		if (candidates.length < limit) {
			// A word that is common as typed is not a typo: only rare words get corrected.
			const rareBelow = Math.max(FUZZY_RARE_MIN_DF, this.#index.documentCount * FUZZY_RARE_SHARE);
			const correct = terms.map((term, i) => term.length >= FUZZY_MIN_CHARS && postings[i]!.df < rareBelow);
			if (correct.some(Boolean)) {
				postings = terms.map((term, i) => (correct[i] ? this.#postings.get(term, true) : postings[i]!));
				candidates = this.#intersect(terms, postings);
			}
		}
		const hits = this.#top(candidates, terms, postings, limit);
		this.#last = { key, hits };
		return hits;
	}

	/** Slots of the messages matching every term (AND), rarest term first; scores go to the scratch arrays. */
	#intersect(terms: string[], postings: TermPostings[]): Int32Array {
		const order = terms.map((_, i) => i).sort((a, b) => postings[a]!.df - postings[b]!.df);
		const scratch = this.#scratch;
		scratch.startQuery(this.#slots.next);
		const total = this.#index.documentCount;
		let candidates: Int32Array = new Int32Array(0);
		for (const [position, i] of order.entries()) {
			candidates = scratch.addTerm(terms[i]!, postings[i]!, position, total);
			if (candidates.length === 0) break;
		}
		return candidates;
	}

	#top(candidates: Int32Array, terms: string[], postings: TermPostings[], limit: number): SearchHit[] {
		if (candidates.length === 0) return [];
		const scratch = this.#scratch;
		const score = scratch.score;
		const times = this.#slots.times;
		const oldest = this.#oldest;
		const span = this.#newest - oldest;
		// Plain loops: a common word has tens of thousands of candidates (see Scratch.addTerm).
		const finals = new Float64Array(candidates.length);
		for (let i = 0; i < candidates.length; i++) {
			const n = candidates[i]!;
			const recency = span > 0 ? ((times[n] ?? oldest) - oldest) / span : 1;
			finals[i] = score[n]! * (1 + RECENCY_BOOST * recency);
		}
		const cutoff = candidates.length > limit ? kthLargest(finals.slice(), limit) : -Infinity;
		const ranked: { n: number; hit: SearchHit }[] = [];
		for (let i = 0; i < candidates.length; i++) {
			const n = candidates[i]!;
			if (finals[i]! >= cutoff) ranked.push({ n, hit: { id: this.#slots.idOf(n)!, time: this.#slots.timeOf(n), score: finals[i]!, terms: [] } });
		}
		ranked.sort((a, b) => b.hit.score - a.hit.score || b.hit.time - a.hit.time);
		ranked.length = Math.min(ranked.length, limit);
		// Which words of each hit matched, for highlighting: one pass over the terms' lists,
		// with a stamp check before the map lookup so the common case costs a typed-array read.
		const kept = new Map(ranked.map(({ n, hit }) => [n, hit]));
		scratch.pick(kept.keys());
		terms.forEach((_, i) => {
			for (const { word, slots } of postings[i]!.words) {
				scratch.eachPicked(slots, (n) => {
					const hit = kept.get(n)!;
					if (!hit.terms.includes(word)) hit.terms.push(word);
				});
			}
		});
		return ranked.map(({ hit }) => hit);
	}
}
