import { applyRows, hasKey, type PlacedRow } from './live-rows';

/**
 * Incoming rows a thread shows before their commit (db.previews) until the commit confirms them
 * or they are withdrawn. Plain bookkeeping next to live-rows.ts: which rows are early, and how a
 * tail changes when more arrive or some are taken back.
 */
export class EarlyRows {
	/** Ids of incoming rows shown early and not yet committed. */
	#ids = new Set<string>();

	/** Committed rows: those shown early are now ordinary rows (never withdrawn any more). */
	committed(rows: readonly PlacedRow[]): void {
		if (this.#ids.size === 0) return;
		for (const row of rows) if (row.direction === 'in') this.#ids.delete(row.id);
	}

	/**
	 * `tail` with early rows added (unless a row of the same key is already there: a committed
	 * row is never replaced by an early one) and withdrawn ones removed (only if still early).
	 */
	apply<T extends PlacedRow>(tail: readonly T[], early: readonly T[], withdrawn: readonly string[], accepts: (row: T) => boolean): readonly T[] {
		let rows = tail;
		const gone = new Set(withdrawn.filter((id) => this.#ids.delete(id)));
		if (gone.size > 0) rows = rows.filter((row) => row.direction !== 'in' || !gone.has(row.id));
		if (early.length === 0) return rows;
		// A lookup per early row, not a set of the whole tail per arrival (up to TAIL_COMPACT_AT
		// rows, on the message path): early rows are few per batch.
		const fresh = early.filter((row) => accepts(row) && !hasKey(rows, row));
		for (const row of fresh) this.#ids.add(row.id);
		return applyRows(rows, fresh, accepts);
	}

	clear(): void {
		this.#ids.clear();
	}
}
