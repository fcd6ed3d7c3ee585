import type MiniSearch from 'minisearch';
import { SavedPostings } from './saved-index-maps';
import type { TermPostings, WordPostings } from './search-scoring';
import type { ShortIdSlots } from './short-id-slots';

/** The one field the engine indexes (saved-engine.ts). */
const TEXT_FIELD = 'text';

/** Terms this long also match the words they begin ("mee" → "meeting"). */
const PREFIX_MIN_CHARS = 3;
/** Terms this long also match words one typo away (two from 8 letters on: 0.2 × length). */
export const FUZZY_MIN_CHARS = 4;
const FUZZINESS = 0.2;
const MAX_FUZZY_EDITS = 2;
/** Posting lists kept between keystrokes: the words of a query and a few recent ones. */
const POSTINGS_CACHE_SIZE = 16;

/** term → field id → short id → term frequency: MiniSearch's posting lists. */
type FieldPostings = Map<number, Map<number, number>>;

/**
 * The parts of MiniSearch 7 a posting walk reads directly. Checked once per engine: if a future
 * version renames them, the walk goes through MiniSearch's public search instead (slower,
 * never wrong), as the saved form does (saved-index.ts).
 */
interface PostingInternals {
	_index: {
		get(term: string): FieldPostings | undefined;
		atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
		fuzzyGet(term: string, maxDistance: number): Map<string, [FieldPostings, number]>;
	};
	_fieldIds: Record<string, number>;
}

function postingInternals(index: MiniSearch<never>): PostingInternals | null {
	const inner = index as unknown as Partial<PostingInternals>;
	const tree = inner._index;
	const readable =
		typeof inner._fieldIds?.[TEXT_FIELD] === 'number' &&
		typeof tree?.get === 'function' &&
		typeof tree.atPrefix === 'function' &&
		typeof tree.fuzzyGet === 'function';
	return readable ? (inner as PostingInternals) : null;
}

/**
 * Every message holding a query term (or a word it begins, or one a typo away), grouped by
 * matched word, as slots: one walk of MiniSearch's posting lists per term, then cached, so
 * while a query is typed only the word being typed is looked up again.
 *
 * The walk reads MiniSearch's term tree and posting lists itself, matching words exactly as
 * MiniSearch's search would (the word as typed, then completions, then corrections not already
 * completions), and turns short ids into slots through the engine's typed table
 * (short-id-slots.ts); a posting list still as loaded from a save is read straight from the
 * saved array, without filling its Map. MiniSearch's own search scores every (message, word)
 * pair and hands each message's id string and stored fields to a callback; on a freshly loaded
 * save that cuts an id out of the saved text and builds an object per match.
 */
export class TermPostingsCache {
	/** Most recently used last, so the oldest goes first when the cache is full. */
	#cache = new Map<string, TermPostings>();

	readonly #inner: PostingInternals | null;
	readonly #slots: ShortIdSlots | undefined;

	/** `slots`: the engine's short id → slot table; without it every walk goes through MiniSearch's public search. */
	constructor(
		private readonly index: MiniSearch<never>,
		slots?: ShortIdSlots
	) {
		this.#inner = slots ? postingInternals(index) : null;
		this.#slots = slots;
	}

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
		const postings = this.#inner && this.#slots ? this.#walkTree(this.#inner, this.#slots, term, correct) : this.#walk(term, correct);
		this.#cache.set(key, postings);
		if (this.#cache.size > POSTINGS_CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
		return postings;
	}

	#walkTree(inner: PostingInternals, slotTable: ShortIdSlots, term: string, correct: boolean): TermPostings {
		const field = inner._fieldIds[TEXT_FIELD]!;
		const words: WordPostings[] = [];
		let df = 0;
		const add = (word: string, data: FieldPostings | undefined) => {
			const frequencies = data?.get(field);
			if (!frequencies) return;
			const saved = frequencies instanceof SavedPostings ? frequencies.savedShortIds() : null;
			const slots = saved ? slotsOfSaved(saved, slotTable.table) : slotsOf(frequencies.keys(), frequencies.size, slotTable.table);
			if (slots.length === 0) return;
			words.push({ word, slots });
			df += slots.length;
		};
		add(term, inner._index.get(term));
		const maxEdits = correct ? Math.min(MAX_FUZZY_EDITS, Math.round(term.length * FUZZINESS)) : 0;
		const corrections = maxEdits > 0 ? inner._index.fuzzyGet(term, maxEdits) : null;
		if (term.length >= PREFIX_MIN_CHARS) {
			for (const [word, data] of inner._index.atPrefix(term)) {
				if (word.length === term.length) continue;
				// A completion that is also a correction counts as a completion.
				corrections?.delete(word);
				add(word, data);
			}
		}
		for (const [word, [data, edits]] of corrections ?? []) if (edits > 0) add(word, data);
		return { df, words };
	}

	/** The same walk through MiniSearch's public search, for a MiniSearch whose internals differ. */
	#walk(term: string, correct: boolean): TermPostings {
		type Found = { word: string; slots: number[] };
		const words: Found[] = [];
		const byWord = new Map<string, Found>();
		let current: Found | undefined;
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
		return { df, words: words.map(({ word, slots }) => ({ word, slots: Int32Array.from(slots) })) };
	}
}

// The two loops below run once per posting of every word a query matches (20,000 for a word in
// every fifth message): plain loops over typed arrays, no callbacks, so they stay cheap even
// before the worker's code is optimized. A removed message's short id maps to -1 (kept postings
// until MiniSearch vacuums) and one past the table to undefined; both are skipped.

/** Slots of a posting list read straight from a loaded save's array. */
function slotsOfSaved(shortIds: Int32Array, table: Int32Array): Int32Array {
	const slots = new Int32Array(shortIds.length);
	let count = 0;
	for (let i = 0; i < shortIds.length; i++) {
		const slot = table[shortIds[i]!];
		if (slot !== undefined && slot >= 0) slots[count++] = slot;
	}
	return count === slots.length ? slots : slots.subarray(0, count);
}

/** Slots of a posting list kept as MiniSearch's Map. */
function slotsOf(shortIds: Iterable<number>, size: number, table: Int32Array): Int32Array {
	const slots = new Int32Array(size);
	let count = 0;
	for (const shortId of shortIds) {
		const slot = table[shortId];
		if (slot !== undefined && slot >= 0) slots[count++] = slot;
	}
	return count === slots.length ? slots : slots.subarray(0, count);
}
