import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { BlobSlices, READ_SLICE_BYTES } from '../../../src/lib/messenger/files/blob-slices';
import { fileBytes } from './file-scene';

/** A Blob that counts its reads, like one whose every read is a trip to the browser's blob store. */
function countingBlob(bytes: Uint8Array<ArrayBuffer>): { blob: Blob; reads: () => number } {
	let reads = 0;
	const wrap = (blob: Blob): Blob =>
		({
			size: blob.size,
			slice: (start?: number, end?: number) => wrap(blob.slice(start, end)),
			arrayBuffer: () => {
				reads += 1;
				return blob.arrayBuffer();
			}
		}) as Blob;
	return { blob: wrap(new Blob([bytes])), reads: () => reads };
}

describe('reading our file to serve it', () => {
	it('reads a slice of many chunks at a time, and the next while this one is sent', async () => {
		const size = 3 * READ_SLICE_BYTES + 100;
		const bytes = fileBytes(size, 6);
		const { blob, reads } = countingBlob(bytes);
		const slices = new BlobSlices(blob);
		for (let start = 0; start < size; start += CHUNK_BYTES) {
			const end = Math.min(size, start + CHUNK_BYTES);
			expect(Buffer.compare(await slices.read(start, end), bytes.subarray(start, end))).toBe(0);
		}
		expect(reads()).toBe(4);
	});

	it('serves a resumed transfer from its gap, and a chunk across a slice end, with the right bytes', async () => {
		const size = 2 * READ_SLICE_BYTES;
		const bytes = fileBytes(size, 7);
		const slices = new BlobSlices(new Blob([bytes]));
		for (const [start, end] of [
			[5 * CHUNK_BYTES, 6 * CHUNK_BYTES],
			[0, CHUNK_BYTES],
			[READ_SLICE_BYTES - 10, READ_SLICE_BYTES + 10],
			[READ_SLICE_BYTES + 10, READ_SLICE_BYTES + 20],
			[size - 1, size]
		] as const)
			expect(Buffer.compare(await slices.read(start, end), bytes.subarray(start, end))).toBe(0);
	});
});
