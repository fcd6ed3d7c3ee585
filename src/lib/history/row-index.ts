import type { RowHeights } from './row-heights';

/** Finds a loaded row's index by its key. */
export interface RowLookup {
	get(key: string): number | undefined;
}

/** One version of the loaded rows' keys (a new object per version, so readers see a change). */
export interface IndexedRows extends RowLookup {
	/** The key of row i. */
	readonly keys: readonly string[];
}

/**
 * The keys of the loaded rows, the index of each key and the rows' offsets, kept from one
 * version of the rows to the next: only rows from the first one that changed onwards are worked
 * out again. An arrival while following appends one row, so it costs one row here, not a pass
 * over every loaded row (up to a few hundred, on the message path) as rebuilding all three did.
 * The index and the offsets are asked for apart: a measurement redoes the offsets only, and
 * leaves the index (and what the list derives from it) as it is. Rows must have distinct keys
 * (threadRowKey). Pure bookkeeping; the list measures the heights.
 */
export class RowIndex<T extends object> {
	#rows: readonly T[] = [];
	#keys: string[] = [];
	#index = new Map<string, number>();
	#offsets = new Float64Array(1);
	/** The heights the offsets were worked out with: when they change, all offsets are redone. */
	#heightsVersion = -1;
	#estimate = Number.NaN;
	/** The first row whose offset is not worked out for the rows last indexed. */
	#offsetsFrom = 0;

	constructor(private readonly keyOf: (row: T) => string) {}

	/** Brings the keys and the index up to `rows`. */
	index(rows: readonly T[]): IndexedRows {
		const from = this.#firstChange(rows);
		for (let i = from; i < this.#keys.length; i++) this.#index.delete(this.#keys[i]!);
		this.#keys.length = from;
		for (let i = from; i < rows.length; i++) {
			const key = this.keyOf(rows[i]!);
			this.#keys.push(key);
			this.#index.set(key, i);
		}
		this.#rows = rows;
		this.#offsetsFrom = Math.min(this.#offsetsFrom, from);
		const index = this.#index;
		return { keys: this.#keys, get: (key) => index.get(key) };
	}

	/**
	 * Prefix sums of the rows' heights for the rows last indexed: `offsets[i]` is the top of row
	 * i, `offsets[n]` the total. `heightsVersion` changes whenever a measured height does.
	 * A new view each call (it shares the array: only the newest view is current).
	 */
	offsets(heights: RowHeights, heightsVersion: number): Float64Array {
		const estimate = heights.estimate;
		const from = heightsVersion !== this.#heightsVersion || estimate !== this.#estimate ? 0 : this.#offsetsFrom;
		this.#heightsVersion = heightsVersion;
		this.#estimate = estimate;
		this.#fillOffsets(from, heights);
		this.#offsetsFrom = this.#keys.length;
		return this.#offsets.subarray(0, this.#keys.length + 1);
	}

	/** The first index whose row differs in key from the last version (the same object: the same key). */
	#firstChange(rows: readonly T[]): number {
		const old = this.#rows;
		const keys = this.#keys;
		const n = Math.min(old.length, rows.length);
		let i = 0;
		while (i < n && (old[i] === rows[i] || keys[i] === this.keyOf(rows[i]!))) i++;
		return i;
	}

	#fillOffsets(from: number, heights: RowHeights): void {
		const n = this.#keys.length;
		if (this.#offsets.length < n + 1) {
			// Room to grow by doubling: appends do not copy the array each time.
			const grown = new Float64Array(Math.max(n + 1, this.#offsets.length * 2));
			grown.set(this.#offsets.subarray(0, from + 1));
			this.#offsets = grown;
		}
		const offsets = this.#offsets;
		offsets[0] = 0;
		let y = offsets[from]!;
		for (let i = from; i < n; i++) {
			offsets[i] = y;
			y += heights.get(this.#keys[i]!);
		}
		offsets[n] = y;
	}
}
