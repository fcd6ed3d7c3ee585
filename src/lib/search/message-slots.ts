import type { SavedStrings } from './saved-strings';

/** More slots than this in a saved index means it is corrupt (deletions leave at most a few gaps). */
const MAX_SLOTS = 1 << 24;

export class SearchIndexError extends Error {
	override name = 'SearchIndexError';
}

/**
 * Each message's slot (a small dense number, stored by MiniSearch next to its time) and the
 * message id and time it stands for. Queries keep per-message state in typed arrays indexed by
 * slot, then turn the few slots they keep back into ids here. MiniSearch stores ids and times
 * too, but only by its own short ids, and offers no way to list them once loaded.
 */
export class MessageSlots {
	/** One past the highest slot handed out. */
	next: number;
	#idBySlot: string[] = [];
	/** Each slot's message time (NaN: none), in a typed array a query's ranking reads per candidate. */
	#times = new Float64Array(0);
	/** A loaded binary save's ids, cut out of it when first needed (see SavedStrings). */
	#savedId: ((n: number) => string | undefined) | null = null;

	/** Throws SearchIndexError when `next` cannot be a saved index's slot count. */
	constructor(next = 0) {
		if (!Number.isSafeInteger(next) || next < 0 || next > MAX_SLOTS) throw new SearchIndexError(`saved search index has ${next} slots`);
		this.next = next;
	}

	idOf(n: number): string | undefined {
		return this.#idBySlot[n] ?? this.#savedId?.(n);
	}

	timeOf(n: number): number {
		const time = this.#times[n];
		return time === undefined || Number.isNaN(time) ? 0 : time;
	}

	/** Every slot's time by slot (NaN or out of range: no message). */
	get times(): Float64Array {
		return this.#times;
	}

	set(n: number, id: string, time: number): void {
		this.#idBySlot[n] = id;
		this.#reserve(n + 1);
		this.#times[n] = time;
	}

	#reserve(length: number): void {
		if (length <= this.#times.length) return;
		const grown = new Float64Array(Math.max(length, this.#times.length * 2, 1_024)).fill(Number.NaN);
		grown.set(this.#times);
		this.#times = grown;
	}

	/** One document of a JSON save; throws SearchIndexError if its fields are not a valid slot. */
	learn(n: unknown, time: unknown, id: unknown, shortId: string | number): void {
		// Slots index typed arrays: a bad one must fail the load, not corrupt every query.
		const valid = typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < this.next && typeof time === 'number' && typeof id === 'string';
		if (!valid) throw new SearchIndexError(`saved search index has a bad document ${shortId}`);
		this.set(n, id, time);
	}

	/** A binary save's documents: their slots, times and ids, read on demand from the saved arrays. */
	learnSaved(slots: Int32Array, times: Float64Array, ids: SavedStrings): void {
		const position = new Int32Array(this.next).fill(-1);
		this.#reserve(this.next);
		const bySlot = this.#times;
		for (let i = 0; i < ids.length; i++) {
			const n = slots[i]!;
			// Slots index typed arrays: a bad one must fail the load, not corrupt every query.
			if (!(n >= 0 && n < this.next)) throw new SearchIndexError(`saved search index has a bad document ${i}`);
			position[n] = i;
			bySlot[n] = times[i]!;
		}
		this.#savedId = (n) => (position[n] !== undefined && position[n] !== -1 ? ids.at(position[n]) : undefined);
	}
}
