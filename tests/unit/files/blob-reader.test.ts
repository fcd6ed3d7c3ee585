import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { BlobReader } from '../../../src/lib/messenger/files/blob-reader';
import { fileBytes } from './file-scene';

/**
 * A Blob whose stream gives pieces of `pieceBytes` (Chromium's come in pieces of up to 2 MiB,
 * not on chunk boundaries), counting the streams opened and any whole-slice reads.
 */
function pipedBlob(bytes: Uint8Array<ArrayBuffer>, pieceBytes: number, claimedSize = bytes.length) {
	const counts = { streams: 0, arrayBuffers: 0, pulled: 0 };
	const wrap = (from: number, to: number): Blob =>
		({
			size: to - from,
			slice: (start = 0, end = to - from) => wrap(from + start, Math.min(to, from + end)),
			arrayBuffer: async () => {
				counts.arrayBuffers += 1;
				return bytes.slice(from, to).buffer;
			},
			stream: () => {
				counts.streams += 1;
				let at = from;
				return new ReadableStream<Uint8Array>({
					pull(controller) {
						const stop = Math.min(to, bytes.length);
						if (at >= stop) return controller.close();
						counts.pulled += 1;
						controller.enqueue(bytes.slice(at, Math.min(stop, at + pieceBytes)));
						at += pieceBytes;
					}
				});
			}
		}) as unknown as Blob;
	return { blob: wrap(0, claimedSize), counts };
}

describe('reading our file to serve it', () => {
	it('reads it as one stream from the first chunk to the last, chunks straddling pieces included', async () => {
		const size = 40 * CHUNK_BYTES + 100;
		const bytes = fileBytes(size, 6);
		const { blob, counts } = pipedBlob(bytes, 3 * CHUNK_BYTES + 777);
		const reader = new BlobReader(blob);
		for (let start = 0; start < size; start += CHUNK_BYTES) {
			const end = Math.min(size, start + CHUNK_BYTES);
			expect(Buffer.compare(await reader.read(start, end), bytes.subarray(start, end))).toBe(0);
		}
		expect(counts.streams).toBe(1);
		expect(counts.arrayBuffers).toBe(0);
	});

	it('pulls from the stream only as chunks are read, not the whole file at once', async () => {
		const bytes = fileBytes(64 * CHUNK_BYTES, 3);
		const { blob, counts } = pipedBlob(bytes, CHUNK_BYTES);
		const reader = new BlobReader(blob);
		await reader.read(0, CHUNK_BYTES);
		await reader.read(CHUNK_BYTES, 2 * CHUNK_BYTES);
		// The stream's own queue may hold a piece ahead (its high-water mark); not 64.
		expect(counts.pulled).toBeLessThanOrEqual(4);
	});

	it('starts a new stream where a resumed transfer asks, with the right bytes', async () => {
		const size = 20 * CHUNK_BYTES;
		const bytes = fileBytes(size, 7);
		const { blob, counts } = pipedBlob(bytes, 100_000);
		const reader = new BlobReader(blob);
		const reads = [
			[5 * CHUNK_BYTES, 6 * CHUNK_BYTES],
			[6 * CHUNK_BYTES, 7 * CHUNK_BYTES],
			[0, CHUNK_BYTES],
			[CHUNK_BYTES - 10, CHUNK_BYTES + 10],
			[size - 1, size]
		] as const;
		for (const [start, end] of reads) expect(Buffer.compare(await reader.read(start, end), bytes.subarray(start, end))).toBe(0);
		// One stream per jump: from 5, from 0, from CHUNK_BYTES - 10, from size - 1.
		expect(counts.streams).toBe(4);
	});

	it('serves reads asked at once in the order they were asked', async () => {
		const bytes = fileBytes(6 * CHUNK_BYTES, 8);
		const { blob, counts } = pipedBlob(bytes, 50_000);
		const reader = new BlobReader(blob);
		const spans = [0, 1, 2, 3, 4, 5].map((i) => [i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES] as const);
		const read = await Promise.all(spans.map(([start, end]) => reader.read(start, end)));
		read.forEach((chunk, i) => expect(Buffer.compare(chunk, bytes.subarray(spans[i]![0], spans[i]![1]))).toBe(0));
		expect(counts.streams).toBe(1);
	});

	it('rejects a chunk the file no longer holds (it shrank on disk), and reads outside it, without hanging', async () => {
		const bytes = fileBytes(3 * CHUNK_BYTES, 9);
		const { blob } = pipedBlob(bytes, 40_000, 4 * CHUNK_BYTES);
		const reader = new BlobReader(blob);
		await expect(reader.read(2 * CHUNK_BYTES, 3 * CHUNK_BYTES)).resolves.toHaveLength(CHUNK_BYTES);
		await expect(reader.read(3 * CHUNK_BYTES, 4 * CHUNK_BYTES)).rejects.toThrow('ended');
		await expect(reader.read(0, 5 * CHUNK_BYTES)).rejects.toThrow(RangeError);
		await expect(reader.read(-1, 10)).rejects.toThrow(RangeError);
		// Still usable after: a new stream from the start.
		expect(Buffer.compare(await reader.read(0, CHUNK_BYTES), bytes.subarray(0, CHUNK_BYTES))).toBe(0);
	});

	it('refuses a read that is not a span of the file: fractional, reversed, before or past it; an empty span is none of these', async () => {
		const bytes = fileBytes(2 * CHUNK_BYTES, 11);
		const { blob } = pipedBlob(bytes, CHUNK_BYTES);
		const reader = new BlobReader(blob);
		for (const [start, end] of [
			[0.5, 10],
			[0, 10.5],
			[Number.NaN, 10],
			[20, 10],
			[-1, 10],
			[0, 2 * CHUNK_BYTES + 1]
		] as const)
			await expect(reader.read(start, end), `${start}..${end}`).rejects.toThrow('a read outside the file');
		await expect(reader.read(10, 10)).resolves.toHaveLength(0);
		// At the very end, where the stream has nothing more to give.
		await expect(reader.read(2 * CHUNK_BYTES, 2 * CHUNK_BYTES)).resolves.toHaveLength(0);
		expect(Buffer.compare(await reader.read(10, 20), bytes.subarray(10, 20))).toBe(0);
	});

	it('gives a chunk that lies within one piece as a view into it, the last chunk of the piece too (no copy)', async () => {
		const bytes = fileBytes(6 * CHUNK_BYTES, 12);
		const { blob } = pipedBlob(bytes, 3 * CHUNK_BYTES);
		const reader = new BlobReader(blob);
		for (let i = 0; i < 6; i++) {
			const chunk = await reader.read(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES);
			expect(Buffer.compare(chunk, bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES))).toBe(0);
			// A view of the 3-chunk piece the stream gave, not a buffer of its own.
			expect(chunk.buffer.byteLength, `chunk ${i}`).toBe(3 * CHUNK_BYTES);
		}
	});

	it('rejects a read waiting on its stream when the reader is closed, and reads again from a new stream after', async () => {
		const bytes = fileBytes(2 * CHUNK_BYTES, 13);
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		let streams = 0;
		const blob = {
			size: bytes.length,
			slice: () => blob,
			stream: () => {
				streams += 1;
				const first = streams === 1;
				return new ReadableStream<Uint8Array>(
					{
						async pull(controller) {
							if (first) await gate;
							controller.enqueue(bytes.slice());
							controller.close();
						}
					},
					{ highWaterMark: 0 }
				);
			}
		} as unknown as Blob;
		const reader = new BlobReader(blob);
		const waiting = reader.read(0, CHUNK_BYTES);
		await new Promise((resolve) => setTimeout(resolve, 10));
		reader.close();
		release();
		await expect(waiting).rejects.toThrow('the reader was closed');
		expect(Buffer.compare(await reader.read(0, CHUNK_BYTES), bytes.subarray(0, CHUNK_BYTES))).toBe(0);
		expect(streams).toBe(2);
	});

	it('reads a real Blob the same way', async () => {
		const size = 9 * CHUNK_BYTES + 5;
		const bytes = fileBytes(size, 10);
		const reader = new BlobReader(new Blob([bytes]));
		const got: Uint8Array[] = [];
		for (let start = 0; start < size; start += CHUNK_BYTES) got.push((await reader.read(start, Math.min(size, start + CHUNK_BYTES))).slice());
		expect(Buffer.compare(Buffer.concat(got), bytes)).toBe(0);
	});
});
