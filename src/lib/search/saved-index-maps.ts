import type { SavedStrings } from './saved-strings';

/**
 * Maps that stand in for MiniSearch's own when a saved index is loaded, so loading builds
 * almost nothing: at 100k messages building every map and the whole term tree up front is
 * most of a second in the worker, while a query touches a few hundred posting lists, a few
 * dozen tree nodes and the messages that match. Each behaves exactly like a Map to MiniSearch;
 * the work of filling it is done on first use, and only for the part that is used.
 */

/** Where a LayeredMap reads the entries it was loaded with. */
export interface SavedEntries<K, V> {
	readonly size: number;
	has(key: K): boolean;
	get(key: K): V | undefined;
	forEach(each: (value: V, key: K) => void): void;
}

/**
 * A Map over saved entries it never copies as a whole: reads go to the saved arrays, writes and
 * deletions are kept on top (with `keepReads`, an entry read once is kept too, for values that
 * are objects the reader may change in place). Only walking every entry (saving, MiniSearch's vacuum) copies them in, after
 * which it is a plain Map.
 */
export class LayeredMap<K, V> extends Map<K, V> {
	#saved: SavedEntries<K, V> | null;
	/** Saved keys deleted since loading. */
	#deleted = new Set<K>();
	#size: number;

	readonly #keepReads: boolean;

	constructor(saved: SavedEntries<K, V>, keepReads = false) {
		super();
		this.#saved = saved;
		this.#keepReads = keepReads;
		this.#size = saved.size;
	}

	#inSaved(key: K): boolean {
		return this.#saved !== null && !this.#deleted.has(key) && this.#saved.has(key);
	}

	override get size(): number {
		return this.#saved ? this.#size : super.size;
	}
	override has(key: K): boolean {
		return super.has(key) || this.#inSaved(key);
	}
	override get(key: K): V | undefined {
		if (super.has(key) || !this.#inSaved(key)) return super.get(key);
		const value = this.#saved!.get(key)!;
		if (this.#keepReads) super.set(key, value);
		return value;
	}
	override set(key: K, value: V): this {
		if (this.#saved && !this.has(key)) this.#size++;
		this.#deleted.delete(key);
		return super.set(key, value);
	}
	override delete(key: K): boolean {
		if (!this.#saved) return super.delete(key);
		const had = this.has(key);
		super.delete(key);
		if (this.#saved.has(key)) this.#deleted.add(key);
		if (had) this.#size--;
		return had;
	}
	override clear(): void {
		this.#saved = null;
		this.#deleted.clear();
		super.clear();
	}
	/** Copies the saved entries in (the ones changed since loading win); from then on a plain Map. */
	#whole(): this {
		const saved = this.#saved;
		if (!saved) return this;
		this.#saved = null;
		const changed = [...super.entries()];
		super.clear();
		saved.forEach((value, key) => {
			if (!this.#deleted.has(key)) super.set(key, value);
		});
		for (const [key, value] of changed) super.set(key, value);
		this.#deleted.clear();
		return this;
	}
	override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
		this.#whole();
		super.forEach(callback, thisArg);
	}
	override entries(): MapIterator<[K, V]> {
		return this.#whole() && super.entries();
	}
	override keys(): MapIterator<K> {
		return this.#whole() && super.keys();
	}
	override values(): MapIterator<V> {
		return this.#whole() && super.values();
	}
	override [Symbol.iterator](): MapIterator<[K, V]> {
		return this.entries();
	}
}

/**
 * A Map that is filled only when first used (a posting list: `size` is known up front, the
 * entries only when a query reads them). Every Map method goes through `#ready` first.
 */
export class FilledOnUse<K, V> extends Map<K, V> {
	#fill: ((set: (key: K, value: V) => void) => void) | null;
	#size: number;

	constructor(size: number, fill: (set: (key: K, value: V) => void) => void) {
		super();
		this.#size = size;
		this.#fill = fill;
	}

	#ready(): this {
		const fill = this.#fill;
		if (fill) {
			this.#fill = null;
			fill((key, value) => super.set(key, value));
		}
		return this;
	}

	/** Filled (used, changed or cleared): from here on a plain Map. */
	get filled(): boolean {
		return this.#fill === null;
	}
	override get size(): number {
		return this.#fill ? this.#size : super.size;
	}
	override get(key: K): V | undefined {
		return this.#ready() && super.get(key);
	}
	override has(key: K): boolean {
		return this.#ready() && super.has(key);
	}
	override set(key: K, value: V): this {
		this.#ready();
		return super.set(key, value);
	}
	override delete(key: K): boolean {
		return this.#ready() && super.delete(key);
	}
	override clear(): void {
		this.#fill = null;
		super.clear();
	}
	override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
		this.#ready();
		super.forEach(callback, thisArg);
	}
	override entries(): MapIterator<[K, V]> {
		return this.#ready() && super.entries();
	}
	override keys(): MapIterator<K> {
		return this.#ready() && super.keys();
	}
	override values(): MapIterator<V> {
		return this.#ready() && super.values();
	}
	override [Symbol.iterator](): MapIterator<[K, V]> {
		return this.entries();
	}
}

/**
 * A posting list as loaded from a save (short id → term frequency, in two saved arrays). A
 * query's posting walk reads the short ids straight from the array while the list is as loaded
 * (term-postings.ts), so a word in 20,000 messages never becomes a Map of 20,000 entries;
 * MiniSearch itself fills it on first use, like any FilledOnUse.
 */
export class SavedPostings extends FilledOnUse<number, number> {
	readonly #shortIds: Int32Array;

	constructor(shortIds: Int32Array, frequencies: Int32Array) {
		super(shortIds.length, (set) => {
			for (let i = 0; i < shortIds.length; i++) set(shortIds[i]!, frequencies[i]!);
		});
		this.#shortIds = shortIds;
	}

	/** The saved short ids, while nothing has filled or changed the list (then null: read it as a Map). */
	savedShortIds(): Int32Array | null {
		return this.filled ? null : this.#shortIds;
	}
}

/** MiniSearch's key for "a term ends at this node". */
const TERM_END = '';

/**
 * One node of MiniSearch's term tree (a radix tree of Maps: each key is a run of characters,
 * the empty key holds the data of the term that ends there), over a range of the saved terms
 * sorted by UTF-16 code units. Its children are worked out when the node is first used: the
 * terms of a range share its first `depth` characters, so they group by the next character
 * with a binary search each, and a group's shared run is the common prefix of its first and
 * last term. A lookup, a prefix walk or an insert only ever expands the nodes on its path.
 */
export class TermTreeNode<V> extends Map<string, unknown> {
	#pending: { terms: SavedStrings; from: number; to: number; depth: number; data: (term: number) => V } | null;

	constructor(terms: SavedStrings, from: number, to: number, depth: number, data: (term: number) => V) {
		super();
		this.#pending = { terms, from, to, depth, data };
	}

	#ready(): this {
		const pending = this.#pending;
		if (!pending) return this;
		this.#pending = null;
		const { terms, to, depth, data } = pending;
		let from = pending.from;
		if (from < to && terms.lengthOf(from) === depth) {
			// Sorted: the term that ends here comes before every longer one.
			super.set(TERM_END, data(from));
			from++;
		}
		while (from < to) {
			const code = terms.codeAt(from, depth);
			let low = from + 1;
			let high = to;
			while (low < high) {
				const middle = (low + high) >>> 1;
				if (terms.codeAt(middle, depth) === code) low = middle + 1;
				else high = middle;
			}
			const last = low - 1;
			const limit = Math.min(terms.lengthOf(from), terms.lengthOf(last));
			let shared = depth + 1;
			while (shared < limit && terms.codeAt(from, shared) === terms.codeAt(last, shared)) shared++;
			super.set(terms.slice(from, depth, shared), new TermTreeNode(terms, from, low, shared, data));
			from = low;
		}
		return this;
	}
	override get size(): number {
		return this.#ready() && super.size;
	}
	override get(key: string): unknown {
		return this.#ready() && super.get(key);
	}
	override has(key: string): boolean {
		return this.#ready() && super.has(key);
	}
	override set(key: string, value: unknown): this {
		this.#ready();
		return super.set(key, value);
	}
	override delete(key: string): boolean {
		return this.#ready() && super.delete(key);
	}
	override clear(): void {
		this.#pending = null;
		super.clear();
	}
	override forEach(callback: (value: unknown, key: string, map: Map<string, unknown>) => void, thisArg?: unknown): void {
		this.#ready();
		super.forEach(callback, thisArg);
	}
	override entries(): MapIterator<[string, unknown]> {
		return this.#ready() && super.entries();
	}
	override keys(): MapIterator<string> {
		return this.#ready() && super.keys();
	}
	override values(): MapIterator<unknown> {
		return this.#ready() && super.values();
	}
	override [Symbol.iterator](): MapIterator<[string, unknown]> {
		return this.entries();
	}
}
