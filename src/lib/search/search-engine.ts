import { Scratch, kthLargest, type TermPostings, type WordPostings } from './search-scoring';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { normalizeTerm, queryTerms, tokenize } from './search-text';
import { decodeIndex, encodeIndex } from './saved-index';
import type { SavedStrings } from './saved-strings';

/** One message as the index sees it; `direction` says which table it lives in. */
export interface SearchDoc {
	id: string;
	conversationId: string;
	peerId: string;
	direction: 'in' | 'out';
	text: string;
	time: number;
}

export interface SearchHit {
	id: string;
	time: number;
	score: number;
	/** The message's own words that matched (after prefix or typo expansion), normalized. */
	terms: string[];
}

/** Bump when tokenizing, normalizing, stored fields or this format change: old saves rebuild. */
export const SEARCH_SCHEMA_VERSION = 1;
/** Shorter queries match nearly everything and tell the reader nothing. */
export const MIN_QUERY_CHARS = 2;
export const DEFAULT_RESULT_LIMIT = 50;
/** Words beyond this in one query are ignored (a pasted paragraph is not a search). */
export const MAX_QUERY_TERMS = 8;

/** Terms this long also match the words they begin ("mee" → "meeting"). */
const PREFIX_MIN_CHARS = 3;
/** Terms this long also match words one typo away (two from 8 letters on: 0.2 × length). */
const FUZZY_MIN_CHARS = 4;
const FUZZINESS = 0.2;
const MAX_FUZZY_EDITS = 2;
/** Typo correction only for words in fewer messages than this share (or count) as typed. */
const FUZZY_RARE_SHARE = 0.001;
const FUZZY_RARE_MIN_DF = 20;
/** More slots than this in a saved index means it is corrupt (deletions leave at most a few gaps). */
const MAX_SLOTS = 1 << 24;
/** Posting lists kept between keystrokes: the words of a query and a few recent ones. */
const POSTINGS_CACHE_SIZE = 16;
/** The newest message scores up to this much more than the oldest with the same words. */
const RECENCY_BOOST = 0.3;

export class SearchIndexError extends Error {
	override name = 'SearchIndexError';
}

/** What `toJSON` produces: MiniSearch's own snapshot plus what the engine keeps around it. */
export interface SerializedIndex {
	schema: number;
	oldest: number;
	newest: number;
	nextSlot: number;
	index: AsPlainObject;
}

/**
 * What MiniSearch stores per message: its time, and a small dense number (`n`, its slot) that
 * lets a query keep per-message state in typed arrays instead of maps keyed by id strings.
 */
interface StoredFields {
	time: number;
	n: number;
}

type IndexedDoc = StoredFields & { id: string; text: string };

function miniSearchOptions(): Options<IndexedDoc> {
	return {
		fields: ['text'],
		// No text: hits carry ids and the page reads the rows themselves, so the index never holds
		// a second copy of every message (memory, and the size of the saved index).
		storeFields: ['time', 'n'],
		tokenize,
		processTerm: normalizeTerm
	};
}

/**
 * Full-text search over messages, fast enough to run on every keystroke at 100k messages.
 * Pure (no DOM, no storage): it runs in the search worker and in Node tests alike.
 *
 * MiniSearch does the indexing, the prefix and typo expansion (its radix tree), incremental
 * updates and the saved form. Ranking is done here: MiniSearch's own scoring builds an object
 * per matching message and sorts them all, which is ~100 ms when a word is in a third of the
 * history. Instead each query term walks its posting lists once, through the `boostDocument`
 * hook returning 0 (MiniSearch then builds nothing), recording which messages hold which
 * matched word as small integers (slots). Those lists are cached per term, so while a query
 * is typed only the word being typed is looked up again. Terms are combined with AND, rarest
 * first, in typed arrays.
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
	#oldest: number;
	#newest: number;
	#nextSlot: number;
	/** Each slot's message id and time (MiniSearch stores them too, but only by its own ids). */
	#idBySlot: string[] = [];
	#timeBySlot: number[] = [];
	/** A loaded binary save's ids (cut out of it when first needed, see SavedStrings) and times. */
	#savedIdBySlot: ((n: number) => string | undefined) | null = null;
	#savedTimeBySlot: ((n: number) => number | undefined) | null = null;
	/** Posting lists of recently typed terms, oldest first; emptied whenever the index changes. */
	#postingsCache = new Map<string, TermPostings>();
	#scratch = new Scratch();
	/** The last answer, for a query asked again unchanged (a re-render, a repeated keystroke). */
	#last: { key: string; hits: SearchHit[] } | null = null;

	constructor(saved?: { index: MiniSearch<IndexedDoc>; oldest: number; newest: number; nextSlot: number }) {
		this.#index = saved?.index ?? new MiniSearch(miniSearchOptions());
		this.#oldest = saved?.oldest ?? Infinity;
		this.#newest = saved?.newest ?? -Infinity;
		this.#nextSlot = saved?.nextSlot ?? 0;
	}

	/** Rebuilds an engine from `JSON.stringify(engine)`; throws SearchIndexError if it cannot. */
	static loadJSON(json: string): SearchEngine {
		let data: Partial<SerializedIndex> | null;
		try {
			data = JSON.parse(json) as Partial<SerializedIndex> | null;
		} catch (error) {
			throw new SearchIndexError(`saved search index is not JSON: ${String(error)}`);
		}
		if (data?.schema !== SEARCH_SCHEMA_VERSION) {
			throw new SearchIndexError(`saved search index has schema ${String(data?.schema)}, expected ${SEARCH_SCHEMA_VERSION}`);
		}
		const { oldest, newest, nextSlot, index } = data;
		if (typeof oldest !== 'number' || typeof newest !== 'number' || typeof nextSlot !== 'number' || typeof index !== 'object' || index === null) {
			throw new SearchIndexError('saved search index is incomplete');
		}
		try {
			const loaded = MiniSearch.loadJS(index, miniSearchOptions());
			const empty = loaded.documentCount === 0;
			const engine = new SearchEngine({ index: loaded, oldest: empty ? Infinity : oldest, newest: empty ? -Infinity : newest, nextSlot });
			engine.#checkSlots();
			for (const [shortId, fields] of Object.entries(index.storedFields)) {
				const { n, time } = (fields ?? {}) as Partial<StoredFields>;
				engine.#learnSlot(n, time, index.documentIds[shortId], shortId);
			}
			return engine;
		} catch (error) {
			throw new SearchIndexError(`saved search index is corrupt: ${String(error)}`);
		}
	}

	/**
	 * Rebuilds an engine from `toBinary`'s bytes, several times faster than `loadJSON` (no
	 * JSON.parse of megabytes; see saved-index.ts); throws SearchIndexError if it cannot.
	 */
	static loadBinary(bytes: ArrayBuffer): SearchEngine {
		try {
			const { index, extras, slots, times, ids } = decodeIndex(bytes, miniSearchOptions(), (n, time) => ({ time, n }) satisfies StoredFields);
			if (extras.schema !== SEARCH_SCHEMA_VERSION) throw new SearchIndexError(`saved search index has schema ${String(extras.schema)}, expected ${SEARCH_SCHEMA_VERSION}`);
			const empty = index.documentCount === 0;
			const { oldest, newest, nextSlot } = extras;
			const engine = new SearchEngine({ index, oldest: empty ? Infinity : oldest, newest: empty ? -Infinity : newest, nextSlot });
			engine.#checkSlots();
			engine.#learnSaved(slots, times, ids);
			return engine;
		} catch (error) {
			if (error instanceof SearchIndexError) throw error;
			throw new SearchIndexError(`saved search index is corrupt: ${String(error)}`);
		}
	}

	/** The index as bytes for saving, or null when only `JSON.stringify(engine)` can save it. */
	toBinary(): Uint8Array[] | null {
		const empty = this.#index.documentCount === 0;
		const extras = { schema: SEARCH_SCHEMA_VERSION, oldest: empty ? 0 : this.#oldest, newest: empty ? 0 : this.#newest, nextSlot: this.#nextSlot };
		return encodeIndex(this.#index as unknown as MiniSearch<never>, extras, (fields) => fields as unknown as StoredFields);
	}

	#checkSlots(): void {
		if (!Number.isSafeInteger(this.#nextSlot) || this.#nextSlot < 0 || this.#nextSlot > MAX_SLOTS) throw new SearchIndexError(`saved search index has ${this.#nextSlot} slots`);
	}

	/**
	 * Fills the slot → id/time tables from a saved index: MiniSearch keeps ids and stored
	 * fields by its own short ids, and offers no way to list them once loaded.
	 */
	#learnSlot(n: unknown, time: unknown, id: unknown, shortId: string | number): void {
		// Slots index typed arrays: a bad one must fail the load, not corrupt every query.
		const valid = typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < this.#nextSlot && typeof time === 'number' && typeof id === 'string';
		if (!valid) throw new SearchIndexError(`saved search index has a bad document ${shortId}`);
		this.#idBySlot[n] = id;
		this.#timeBySlot[n] = time;
	}

	#learnSaved(slots: Int32Array, times: Float64Array, ids: SavedStrings): void {
		const position = new Int32Array(this.#nextSlot).fill(-1);
		for (let i = 0; i < ids.length; i++) {
			const n = slots[i]!;
			// Slots index typed arrays: a bad one must fail the load, not corrupt every query.
			if (!(n >= 0 && n < this.#nextSlot)) throw new SearchIndexError(`saved search index has a bad document ${i}`);
			position[n] = i;
		}
		const known = (n: number) => position[n] !== undefined && position[n] !== -1;
		this.#savedIdBySlot = (n) => (known(n) ? ids.at(position[n]!) : undefined);
		this.#savedTimeBySlot = (n) => (known(n) ? times[position[n]!] : undefined);
	}

	#idOf(n: number): string | undefined {
		return this.#idBySlot[n] ?? this.#savedIdBySlot?.(n);
	}

	#timeOf(n: number): number {
		return this.#timeBySlot[n] ?? this.#savedTimeBySlot?.(n) ?? 0;
	}

	toJSON(): SerializedIndex {
		// JSON has no Infinity; an empty index saves zeros and loads back as empty.
		const empty = this.#index.documentCount === 0;
		return {
			schema: SEARCH_SCHEMA_VERSION,
			oldest: empty ? 0 : this.#oldest,
			newest: empty ? 0 : this.#newest,
			nextSlot: this.#nextSlot,
			index: this.#index.toJSON()
		};
	}

	get size(): number {
		return this.#index.documentCount;
	}

	has(id: string): boolean {
		return this.#index.has(id);
	}

	/** Adds new messages and re-indexes known ones (edits); indexing the same row twice is harmless. */
	upsert(docs: Iterable<SearchDoc>): void {
		for (const doc of docs) {
			const known = this.#index.getStoredFields(doc.id) as StoredFields | undefined;
			const indexed: IndexedDoc = { id: doc.id, text: doc.text, time: doc.time, n: known?.n ?? this.#nextSlot++ };
			if (known) this.#index.replace(indexed);
			else this.#index.add(indexed);
			this.#idBySlot[indexed.n] = doc.id;
			this.#timeBySlot[indexed.n] = doc.time;
			if (doc.time < this.#oldest) this.#oldest = doc.time;
			if (doc.time > this.#newest) this.#newest = doc.time;
		}
		this.#changed();
	}

	/** Forgets deleted messages; unknown ids are ignored. */
	remove(ids: Iterable<string>): void {
		// MiniSearch's discard drops the message at once and cleans its words up lazily.
		for (const id of ids) if (this.#index.has(id)) this.#index.discard(id);
		this.#changed();
	}

	/** Forgets cached posting lists and the last answer: the next query starts cold (benchmarks). */
	dropCaches(): void {
		this.#changed();
	}

	#changed(): void {
		this.#last = null;
		this.#postingsCache.clear();
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
		for (let n = 0; n < this.#nextSlot; n++) {
			const id = this.#idOf(n);
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
		let postings = terms.map((term) => this.#postings(term, false));
		let candidates = this.#intersect(terms, postings);
		if (candidates.length < limit) {
			// A word that is common as typed is not a typo: only rare words get corrected.
			const rareBelow = Math.max(FUZZY_RARE_MIN_DF, this.#index.documentCount * FUZZY_RARE_SHARE);
			const correct = terms.map((term, i) => term.length >= FUZZY_MIN_CHARS && postings[i]!.df < rareBelow);
			if (correct.some(Boolean)) {
				postings = terms.map((term, i) => (correct[i] ? this.#postings(term, true) : postings[i]!));
				candidates = this.#intersect(terms, postings);
			}
		}
		const hits = this.#top(candidates, terms, postings, limit);
		this.#last = { key, hits };
		return hits;
	}

	/**
	 * Every message holding `term` (or a word it begins, or with `fuzzy` one a typo away),
	 * grouped by matched word. One walk of MiniSearch's posting lists, then cached.
	 */
	#postings(term: string, fuzzy: boolean): TermPostings {
		const correct = fuzzy && term.length >= FUZZY_MIN_CHARS;
		const key = `${correct ? '~' : '='}${term}`;
		const cached = this.#postingsCache.get(key);
		if (cached) {
			// Most recently used last, so the oldest goes first when the cache is full.
			this.#postingsCache.delete(key);
			this.#postingsCache.set(key, cached);
			return cached;
		}
		const words: WordPostings[] = [];
		const byWord = new Map<string, WordPostings>();
		let current: WordPostings | undefined;
		let df = 0;
		this.#index.search(term, {
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
				current.slots.push((stored as unknown as StoredFields).n);
				df++;
				return 0;
			}
		});
		const postings: TermPostings = { df, words };
		this.#postingsCache.set(key, postings);
		if (this.#postingsCache.size > POSTINGS_CACHE_SIZE) this.#postingsCache.delete(this.#postingsCache.keys().next().value!);
		return postings;
	}

	/** Slots of the messages matching every term (AND), rarest term first; scores go to the scratch arrays. */
	#intersect(terms: string[], postings: TermPostings[]): number[] {
		const order = terms.map((_, i) => i).sort((a, b) => postings[a]!.df - postings[b]!.df);
		const scratch = this.#scratch;
		scratch.startQuery(this.#nextSlot);
		const total = this.#index.documentCount;
		let candidates: number[] = [];
		for (const [position, i] of order.entries()) {
			candidates = scratch.addTerm(terms[i]!, postings[i]!, position, total);
			if (candidates.length === 0) break;
		}
		return candidates;
	}

	#top(candidates: number[], terms: string[], postings: TermPostings[], limit: number): SearchHit[] {
		if (candidates.length === 0) return [];
		const scratch = this.#scratch;
		const span = this.#newest - this.#oldest;
		const finals = new Float64Array(candidates.length);
		candidates.forEach((n, i) => {
			const recency = span > 0 ? (this.#timeOf(n) - this.#oldest) / span : 1;
			finals[i] = scratch.score[n]! * (1 + RECENCY_BOOST * recency);
		});
		const cutoff = candidates.length > limit ? kthLargest(Float64Array.from(finals), limit) : -Infinity;
		const ranked: { n: number; hit: SearchHit }[] = [];
		candidates.forEach((n, i) => {
			if (finals[i]! >= cutoff) ranked.push({ n, hit: { id: this.#idOf(n)!, time: this.#timeOf(n), score: finals[i]!, terms: [] } });
		});
		ranked.sort((a, b) => b.hit.score - a.hit.score || b.hit.time - a.hit.time);
		ranked.length = Math.min(ranked.length, limit);
		// Which words of each hit matched, for highlighting: one pass over the terms' lists,
		// with a stamp check before the map lookup so the common case costs a typed-array read.
		const kept = new Map(ranked.map(({ n, hit }) => [n, hit]));
		scratch.pick(kept.keys());
		terms.forEach((_, i) => {
			for (const { word, slots } of postings[i]!.words) {
				for (const n of slots) {
					if (!scratch.picked(n)) continue;
					const hit = kept.get(n)!;
					if (!hit.terms.includes(word)) hit.terms.push(word);
				}
			}
		});
		return ranked.map(({ hit }) => hit);
	}
}
