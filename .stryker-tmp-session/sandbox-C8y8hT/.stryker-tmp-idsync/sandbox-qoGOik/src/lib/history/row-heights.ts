/**
 * Row heights for a virtualized list whose rows differ in height (one line or twenty). Rows
 * that were rendered have a measured height; the rest are assumed to be as tall as the average
 * measured row, which is the best guess for text of unknown length. Keyed by row id, so heights
 * survive pages being prepended, dropped or the window moving.
 */
// @ts-nocheck

// 

export class RowHeights {
	#measured = new Map<string, number>();
	#sum = 0;

	constructor(private readonly fallback: number) {}

	/** The height assumed for a row never rendered. */
	get estimate(): number {
		return this.#measured.size > 0 ? this.#sum / this.#measured.size : this.fallback;
	}

	get size(): number {
		return this.#measured.size;
	}

	get(id: string): number {
		return this.#measured.get(id) ?? this.estimate;
	}

	/** Records a measurement; true when it differs from what was known (sub-pixel noise ignored). */
	set(id: string, height: number): boolean {
		const old = this.#measured.get(id);
		if (old !== undefined && Math.abs(old - height) < 0.5) return false;
		this.#sum += height - (old ?? 0);
		this.#measured.set(id, height);
		return true;
	}

	/**
	 * Prefix sums: `offsets[i]` is the top of row i and `offsets[rows.length]` the total height.
	 * O(n) per call, which is fine for the bounded number of loaded rows (a few thousand).
	 */
	offsets(rows: readonly { id: string }[]): Float64Array {
		const out = new Float64Array(rows.length + 1);
		const estimate = this.estimate;
		let y = 0;
		for (let i = 0; i < rows.length; i++) {
			out[i] = y;
			y += this.#measured.get(rows[i]!.id) ?? estimate;
		}
		out[rows.length] = y;
		return out;
	}

	/** Forgets rows no longer loaded, so scrolling through a long history does not grow the map forever. */
	retain(rows: readonly { id: string }[]): void {
		const keep = new Set(rows.map((row) => row.id));
		for (const [id, height] of this.#measured) {
			if (keep.has(id)) continue;
			this.#measured.delete(id);
			this.#sum -= height;
		}
	}
}
