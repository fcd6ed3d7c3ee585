import type MiniSearch from 'minisearch';

/** No message: the short id was never used, or its message was removed or replaced. */
const NONE = -1;
const MIN_CAPACITY = 1_024;

/**
 * MiniSearch's short id of each indexed message → the message's slot (see MessageSlots), in a
 * typed array. A posting list holds short ids; reading a slot here is one array read where
 * going through MiniSearch's maps (is the message still there? its stored fields' slot?) was
 * two Map lookups and an object per posting: most of a query's time on common words, and far
 * more in a freshly started worker whose code has not been optimized yet.
 *
 * MiniSearch keeps a removed or replaced message's postings until it vacuums them; its short id
 * maps to NONE here from the moment it is removed, so walks skip it.
 */
export class ShortIdSlots {
	#slots: Int32Array;

	constructor(table: Int32Array = new Int32Array(MIN_CAPACITY).fill(NONE)) {
		this.#slots = table;
	}

	/** A loaded save's table (saved-index.ts builds it while reading the save), NONE where no message. */
	static over(table: Int32Array): ShortIdSlots {
		return new ShortIdSlots(table);
	}

	/** The table itself, for walks that read thousands of postings: `table[shortId]`, NONE or undefined when absent. */
	get table(): Int32Array {
		return this.#slots;
	}

	slotOf(shortId: number): number {
		return this.#slots[shortId] ?? NONE;
	}

	set(shortId: number, slot: number): void {
		if (shortId >= this.#slots.length) {
			const grown = new Int32Array(Math.max(shortId + 1, this.#slots.length * 2)).fill(NONE);
			grown.set(this.#slots);
			this.#slots = grown;
		}
		this.#slots[shortId] = slot;
	}

	forget(shortId: number | undefined): void {
		if (shortId !== undefined && shortId < this.#slots.length) this.#slots[shortId] = NONE;
	}
}

/** MiniSearch 7's id → short id map, if this MiniSearch has it (else walks use its public search). */
export function shortIdsOf(index: MiniSearch<never>): Map<string, number> | null {
	const map = (index as unknown as { _idToShortId?: unknown })._idToShortId;
	return map instanceof Map ? (map as Map<string, number>) : null;
}
