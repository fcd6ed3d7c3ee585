import { ChunkRanges, type ChunkRange } from './chunk-ranges';
import { MAX_WANT_RANGES, WANT_WINDOW_CHUNKS } from './file-limits';

export type ChunkVerdict = 'stored' | 'duplicate' | 'unasked';

/**
 * The receiver's side of one file from one peer (PROTOCOL §13d). It asks for a window of the
 * chunks it lacks, takes only chunks it asked for (a peer cannot push a file nobody wanted),
 * asks for more once half the window has arrived, and starts from what it already holds on a
 * new session: a transfer resumes where it stopped and never starts over.
 */
export class IncomingTransfer {
	readonly total: number;
	readonly #have: ChunkRanges;
	/** What was asked for in this session, held chunks included. */
	#asked: ChunkRanges;
	#outstanding = 0;

	constructor(total: number, have: ChunkRanges) {
		this.total = total;
		this.#have = have;
		this.#asked = ChunkRanges.from(have.toWire(), total) ?? ChunkRanges.empty();
	}

	get held(): number {
		return this.#have.count;
	}

	get complete(): boolean {
		return this.#have.complete(this.total);
	}

	/** Chunks asked for in this session that have not arrived. */
	get inFlight(): number {
		return this.#outstanding;
	}

	/** Ranges to ask for now (empty when enough is on the way or nothing is missing). */
	nextWant(): ChunkRange[] {
		if (this.#outstanding > WANT_WINDOW_CHUNKS / 2) return [];
		const ask = this.#asked.missing(this.total, MAX_WANT_RANGES, WANT_WINDOW_CHUNKS - this.#outstanding);
		for (const range of ask) for (let index = range.start; index < range.end; index++) this.#asked.add(index);
		for (const range of ask) this.#outstanding += range.end - range.start;
		return ask;
	}

	/** Whether chunk `index` is held already. */
	has(index: number): boolean {
		return this.#have.has(index);
	}

	/** Whether chunk `index` was asked for in this session (only those are taken). */
	asked(index: number): boolean {
		return this.#asked.has(index);
	}

	/** Records an arrived chunk; only a 'stored' one is written. */
	accept(index: number): ChunkVerdict {
		if (!this.#asked.has(index)) return 'unasked';
		if (!this.#have.add(index)) return 'duplicate';
		this.#outstanding -= 1;
		return 'stored';
	}

	/**
	 * A chunk taken before it was opened (its sealed bytes went to the piece worker) did not open
	 * or was not stored: it is held no more, and is no longer counted as asked, so the next
	 * request names it again. A reset since it came (the holder changed while it was being
	 * written) copied it into `asked` as held; without this it was never asked for again.
	 */
	unaccept(index: number): void {
		this.#have.remove(index);
		this.#asked.remove(index);
	}

	/** The peer went away or said it has no more: forget what is on the way, keep what is held. */
	reset(): void {
		this.#asked = ChunkRanges.from(this.#have.toWire(), this.total) ?? ChunkRanges.empty();
		this.#outstanding = 0;
	}
}

/**
 * The sender's (or a relaying member's) queue of chunks one peer asked for, served in order.
 * A new request is added to what is still queued, and serving restarts from its lowest chunk:
 * the receiver asks for its next window while the last one is still being sent (dropping that
 * rest would stall every file over one window), and asks again from its first gap when a chunk
 * failed to open, which is then sent again.
 */
/** Most ranges a holder keeps queued for one peer's file (two requests' worth). */
export const MAX_QUEUED_RANGES = 2 * MAX_WANT_RANGES;

export class ServeQueue {
	/** What is still to be sent; the first range starts at the next chunk. */
	#ranges: ChunkRange[] = [];

	/** Adds to the queue; false when a range is outside the file (the request is refused). */
	request(pairs: readonly (readonly [number, number])[], total: number): boolean {
		const ranges = ChunkRanges.from(pairs, total);
		if (ranges === null) return false;
		const queue = merged([...this.#ranges, ...ranges.ranges]);
		// An honest receiver's queue stays a few ranges; a peer that fragments it only replaces it.
		this.#ranges = queue.length <= MAX_QUEUED_RANGES ? queue : [...ranges.ranges];
		return true;
	}

	/** The next chunk index to send, or null when the request is served. */
	take(): number | null {
		const range = this.#ranges[0];
		if (range === undefined) return null;
		if (range.start + 1 >= range.end) this.#ranges.shift();
		else this.#ranges[0] = { start: range.start + 1, end: range.end };
		return range.start;
	}

	get pending(): number {
		let sum = 0;
		for (const range of this.#ranges) sum += range.end - range.start;
		return sum;
	}
}

/** Sorted, overlapping and touching ranges joined. */
function merged(ranges: readonly ChunkRange[]): ChunkRange[] {
	const out: ChunkRange[] = [];
	for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
		const last = out.at(-1);
		// Stryker disable next-line EqualityOperator: touching ranges left apart are served the same
		if (last !== undefined && range.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
		else out.push(range);
	}
	return out;
}
