import { MAX_CHUNK_INDEX } from './file-limits';

/** Chunk indexes `start` up to, not including, `end`. */
export interface ChunkRange {
	readonly start: number;
	readonly end: number;
}

/**
 * Which chunks of a file are held, as sorted, disjoint, non-touching ranges. A transfer that
 * arrives in order is one range whatever its size, so bookkeeping stays a few numbers even for
 * a file of tens of thousands of chunks; chunks that arrive twice change nothing.
 */
export class ChunkRanges {
	#ranges: ChunkRange[];

	private constructor(ranges: ChunkRange[]) {
		this.#ranges = ranges;
	}

	static empty(): ChunkRanges {
		return new ChunkRanges([]);
	}

	/** Ranges from storage or the wire: null unless sorted, disjoint, non-empty and within `total`. */
	static from(ranges: readonly (readonly [number, number])[], total: number): ChunkRanges | null {
		const out: ChunkRange[] = [];
		let previousEnd = -1;
		for (const [start, end] of ranges) {
			if (!isIndex(start) || !isIndex(end) || start >= end || end > total) return null;
			// Touching ranges are one range; a sender of two is either careless or probing.
			if (start <= previousEnd) return null;
			out.push({ start, end });
			previousEnd = end;
		}
		return new ChunkRanges(out);
	}

	get ranges(): readonly ChunkRange[] {
		return this.#ranges;
	}

	/** How many chunks are held. */
	get count(): number {
		let sum = 0;
		for (const range of this.#ranges) sum += range.end - range.start;
		return sum;
	}

	has(index: number): boolean {
		const at = this.#firstEndingAfter(index);
		const range = this.#ranges[at];
		return range !== undefined && range.start <= index;
	}

	/** Records chunk `index`; false when it was already held (a duplicate). */
	add(index: number): boolean {
		if (!isIndex(index) || index >= MAX_CHUNK_INDEX) return false;
		const at = this.#firstEndingAfter(index);
		const range = this.#ranges[at];
		if (range !== undefined && range.start <= index) return false;
		const before = this.#ranges[at - 1];
		const joinsBefore = before !== undefined && before.end === index;
		const joinsAfter = range !== undefined && range.start === index + 1;
		if (joinsBefore && joinsAfter) this.#ranges.splice(at - 1, 2, { start: before.start, end: range.end });
		else if (joinsBefore) this.#ranges[at - 1] = { start: before.start, end: index + 1 };
		else if (joinsAfter) this.#ranges[at] = { start: index, end: range.end };
		else this.#ranges.splice(at, 0, { start: index, end: index + 1 });
		return true;
	}

	/** Lets go of chunk `index` (it was taken before it was checked, and failed); false when not held. */
	remove(index: number): boolean {
		const at = this.#firstEndingAfter(index);
		const range = this.#ranges[at];
		if (range === undefined || range.start > index) return false;
		const parts = [{ start: range.start, end: index }, { start: index + 1, end: range.end }].filter((part) => part.start < part.end);
		this.#ranges.splice(at, 1, ...parts);
		return true;
	}

	/** True when every chunk of a `total`-chunk file is held. */
	complete(total: number): boolean {
		if (total === 0) return this.#ranges.length === 0;
		const [only, ...rest] = this.#ranges;
		return rest.length === 0 && only?.start === 0 && only.end === total;
	}

	/**
	 * The gaps of a `total`-chunk file, in order, at most `maxRanges` of them and `maxChunks`
	 * chunks in all (the last range cut to fit): what a receiver asks for next.
	 */
	missing(total: number, maxRanges: number, maxChunks: number): ChunkRange[] {
		const gaps: ChunkRange[] = [];
		let budget = maxChunks;
		let cursor = 0;
		const push = (start: number, end: number) => {
			if (start >= end || budget <= 0 || gaps.length >= maxRanges) return;
			const cut = Math.min(end, start + budget);
			gaps.push({ start, end: cut });
			budget -= cut - start;
		};
		for (const range of this.#ranges) {
			push(cursor, Math.min(range.start, total));
			cursor = range.end;
		}
		push(cursor, total);
		return gaps;
	}

	toWire(): [number, number][] {
		return this.#ranges.map((range) => [range.start, range.end]);
	}

	/** Index of the first range whose end is above `index` (binary search). */
	#firstEndingAfter(index: number): number {
		let low = 0;
		let high = this.#ranges.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if ((this.#ranges[middle] as ChunkRange).end <= index) low = middle + 1;
			else high = middle;
		}
		return low;
	}
}

function isIndex(value: number): boolean {
	return Number.isInteger(value) && value >= 0 && value <= MAX_CHUNK_INDEX;
}

/** Chunks in a file of `size` bytes: an empty file has none. */
export function chunkCount(size: number, chunkBytes: number): number {
	return Math.ceil(size / chunkBytes);
}

/** Byte offsets of chunk `index` in a file of `size` bytes. */
export function chunkSpan(index: number, size: number, chunkBytes: number): { start: number; end: number } {
	const start = index * chunkBytes;
	return { start, end: Math.min(size, start + chunkBytes) };
}

/** Bytes of a `size`-byte file covered by `ranges` (the last chunk may be short). */
export function bytesHeld(ranges: readonly (readonly [number, number])[], size: number, chunkBytes: number): number {
	let bytes = 0;
	// A reversed range (a damaged row) counts nothing rather than less than nothing.
	for (const [start, end] of ranges) bytes += Math.max(0, chunkSpan(end - 1, size, chunkBytes).end - Math.min(size, start * chunkBytes));
	return bytes;
}
