import { describe, expect, it } from 'vitest';
import { bytesHeld, ChunkRanges, chunkCount, chunkSpan } from '../../../src/lib/files/chunk-ranges';

/** A plain set model to check the ranges against. */
function model(indexes: Iterable<number>): Set<number> {
	return new Set(indexes);
}

function expand(ranges: ChunkRanges): number[] {
	return ranges.ranges.flatMap((range) => Array.from({ length: range.end - range.start }, (_, i) => range.start + i));
}

describe('chunk ranges', () => {
	it('keep in-order arrivals as one range and ignore duplicates', () => {
		const ranges = ChunkRanges.empty();
		for (let i = 0; i < 1000; i++) expect(ranges.add(i)).toBe(true);
		expect(ranges.add(500)).toBe(false);
		expect(ranges.toWire()).toEqual([[0, 1000]]);
		expect(ranges.count).toBe(1000);
		expect(ranges.complete(1000)).toBe(true);
		expect(ranges.complete(1001)).toBe(false);
	});

	it('merge a gap filled from either side and in the middle', () => {
		const ranges = ChunkRanges.empty();
		for (const index of [0, 1, 5, 6, 3]) ranges.add(index);
		expect(ranges.toWire()).toEqual([[0, 2], [3, 4], [5, 7]]);
		ranges.add(2);
		expect(ranges.toWire()).toEqual([[0, 4], [5, 7]]);
		ranges.add(4);
		expect(ranges.toWire()).toEqual([[0, 7]]);
	});

	it('agree with a set through random arrivals, duplicates included', () => {
		let seed = 7;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const total = 300;
		const ranges = ChunkRanges.empty();
		const held = model([]);
		for (let step = 0; step < 2000; step++) {
			const index = Math.floor(random() * total);
			expect(ranges.add(index)).toBe(!held.has(index));
			held.add(index);
			expect(ranges.has(index)).toBe(true);
		}
		expect(expand(ranges)).toEqual([...held].sort((a, b) => a - b));
		expect(ranges.count).toBe(held.size);
		for (let index = 0; index < total; index++) expect(ranges.has(index)).toBe(held.has(index));
		// Stored ranges never touch: each gap is at least one chunk.
		const wire = ranges.toWire();
		for (let i = 1; i < wire.length; i++) expect(wire[i]![0]).toBeGreaterThan(wire[i - 1]![1]);
	});

	it('list the gaps in order, bounded by ranges and by chunks', () => {
		const ranges = ChunkRanges.from([[2, 4], [6, 7]], 10)!;
		expect(ranges.missing(10, 10, 100)).toEqual([{ start: 0, end: 2 }, { start: 4, end: 6 }, { start: 7, end: 10 }]);
		expect(ranges.missing(10, 2, 100)).toEqual([{ start: 0, end: 2 }, { start: 4, end: 6 }]);
		expect(ranges.missing(10, 10, 3)).toEqual([{ start: 0, end: 2 }, { start: 4, end: 5 }]);
		expect(ChunkRanges.empty().missing(0, 10, 10)).toEqual([]);
		expect(ChunkRanges.from([[0, 10]], 10)!.missing(10, 10, 10)).toEqual([]);
	});

	it('refuse ranges from the wire that are unsorted, overlapping, touching, empty or beyond the file', () => {
		expect(ChunkRanges.from([[0, 2], [4, 5]], 5)).not.toBeNull();
		expect(ChunkRanges.from([[4, 5], [0, 2]], 5)).toBeNull();
		expect(ChunkRanges.from([[0, 3], [2, 5]], 5)).toBeNull();
		expect(ChunkRanges.from([[0, 2], [2, 5]], 5)).toBeNull();
		expect(ChunkRanges.from([[3, 3]], 5)).toBeNull();
		expect(ChunkRanges.from([[0, 6]], 5)).toBeNull();
		expect(ChunkRanges.from([[-1, 2]], 5)).toBeNull();
		expect(ChunkRanges.from([[0.5, 2]], 5)).toBeNull();
	});

	it('refuse indexes that are not chunk indexes', () => {
		const ranges = ChunkRanges.empty();
		expect(ranges.add(-1)).toBe(false);
		expect(ranges.add(1.5)).toBe(false);
		expect(ranges.add(2 ** 32)).toBe(false);
		expect(ranges.count).toBe(0);
	});

	it('cut a file into chunks, the last one short', () => {
		expect(chunkCount(0, 64)).toBe(0);
		expect(chunkCount(64, 64)).toBe(1);
		expect(chunkCount(65, 64)).toBe(2);
		expect(chunkSpan(1, 65, 64)).toEqual({ start: 64, end: 65 });
		expect(chunkSpan(0, 65, 64)).toEqual({ start: 0, end: 64 });
	});

	it('count the bytes held, the short last chunk as it is', () => {
		// 4 chunks of 10 bytes, the last one 5.
		expect(bytesHeld([[0, 2]], 35, 10)).toBe(20);
		expect(bytesHeld([[3, 4]], 35, 10)).toBe(5);
		expect(bytesHeld([[1, 4]], 35, 10)).toBe(25);
		expect(bytesHeld([[0, 1], [2, 4]], 35, 10)).toBe(25);
		expect(bytesHeld([], 35, 10)).toBe(0);
		// A reversed range from a damaged row counts nothing rather than less than nothing.
		expect(bytesHeld([[3, 1]], 35, 10)).toBe(0);
	});
});

describe('the edges of the chunk index', () => {
	it('take the largest index as an end but never hold a chunk there', () => {
		expect(ChunkRanges.from([[0, 0xffff_ffff]], 0xffff_ffff)).not.toBeNull();
		expect(ChunkRanges.from([[0, 0x1_0000_0000]], 2 ** 33)).toBeNull();
		const ranges = ChunkRanges.empty();
		expect(ranges.add(0xffff_ffff)).toBe(false);
		expect(ranges.add(0xffff_fffe)).toBe(true);
		expect(ranges.toWire()).toEqual([[0xffff_fffe, 0xffff_ffff]]);
	});

	it('are complete only from the first chunk to the last, nothing beyond', () => {
		expect(ChunkRanges.from([[2, 10]], 10)!.complete(10)).toBe(false);
		expect(ChunkRanges.from([[0, 5]], 10)!.complete(10)).toBe(false);
		const beyond = ChunkRanges.from([[0, 10]], 10)!;
		expect(beyond.complete(10)).toBe(true);
		beyond.add(15);
		expect(beyond.complete(10)).toBe(false);
		expect(ChunkRanges.empty().complete(0)).toBe(true);
		expect(ChunkRanges.empty().complete(10)).toBe(false);
		expect(ChunkRanges.from([[0, 1]], 1)!.complete(0)).toBe(false);
	});

	it('share the chunk budget across gaps after the first', () => {
		const ranges = ChunkRanges.from([[0, 1], [3, 4]], 10)!;
		expect(ranges.missing(10, 5, 6)).toEqual([
			{ start: 1, end: 3 },
			{ start: 4, end: 8 }
		]);
	});
});
