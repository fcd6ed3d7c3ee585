import { describe, expect, it, vi } from 'vitest';
import { CHUNK_BYTES, WANT_WINDOW_CHUNKS } from '../../../src/lib/files/file-limits';
import { HIGH_WATER_BYTES, MAX_UNWRITTEN_CHUNKS, MIN_WRITE_CHUNKS } from '../../../src/lib/messenger/files/file-deps';
import { hexOf } from '../../../src/lib/files/hex';
import { encodeChunkFrame } from '../../../src/lib/files/chunk-frame';
import { fileBytes, FileScene, SCENE_CIPHERS } from './file-scene';

const SIZE = 40 * CHUNK_BYTES + 123;
const CHUNKS = 41;

describe.each(SCENE_CIPHERS)('a file between two peers (%s)', (_cipherName, cipher) => {
	it('arrives whole, verified, in chunks written as they come, the channel never overfilled', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		scene.peer('b').options.holders = [scene.peer('a').id];
		const bytes = fileBytes(SIZE);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
		const pipe = scene.peer('a').pipes.get(scene.peer('b').id)!;
		expect(pipe.sentFrames).toBe(CHUNKS);
		expect(pipe.maxBuffered).toBeLessThanOrEqual(HIGH_WATER_BYTES + CHUNK_BYTES + 64);
		expect((await scene.peer('b').db.files.get(messageId))!.have).toEqual([[0, CHUNKS]]);
		expect(scene.peer('b').fetcher.activeCount).toBe(0);
	}, 30_000);

	it('a file of ours that no longer reads to its end (changed on disk) is not served past it: logged, no throw', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		scene.peer('b').options.holders = [scene.peer('a').id];
		const bytes = fileBytes(SIZE, 12);
		const { messageId, rows } = await scene.send('a', ['b'], bytes);
		await scene.peer('a').db.files.update(messageId, { blob: new Blob([bytes.subarray(0, 3 * CHUNK_BYTES)]) });
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(() => scene.peer('a').log.some((entry) => entry.reason === 'file-chunk-missing'), 'chunk missing');
		// The chunks it still read go (those under AES-GCM once sealed); none after.
		const pipe = scene.peer('a').pipes.get(scene.peer('b').id)!;
		await scene.until(() => pipe.sentFrames === 3, 'the three that read');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(pipe.sentFrames).toBe(3);
		expect(await scene.state('b', messageId)).not.toBe('complete');
	}, 30_000);

	it('a file of several request windows arrives whole, each chunk sent once', async () => {
		// The next window is asked for while the last is still being sent: the holder must not drop it.
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		scene.peer('b').options.holders = [scene.peer('a').id];
		const chunks = 2 * WANT_WINDOW_CHUNKS + 10;
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(chunks * CHUNK_BYTES - 5, 4));
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete', 20_000);
		expect(scene.peer('a').pipes.get(scene.peer('b').id)!.sentFrames).toBe(chunks);
	}, 30_000);

	it('verifies a file that came in order as it was written, without reading it back', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const b = scene.peer('b');
		b.options.holders = [scene.peer('a').id];
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE, 3));
		// Watched once begun: the start looks for pieces already stored (which it would not vouch for).
		await b.fetcher.begin(rows.get('b')!);
		const reads = vi.spyOn(b.db.fileChunks, 'where');
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(reads).not.toHaveBeenCalled();
	}, 30_000);

	it('asks for the next window while a slow write is pending, and stops asking while writes lag', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const b = scene.peer('b');
		b.options.holders = [scene.peer('a').id];
		const chunks = 2 * WANT_WINDOW_CHUNKS + 10;
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(chunks * CHUNK_BYTES, 5));
		let open!: () => void;
		const held = new Promise<void>((resolve) => (open = resolve));
		const transaction = b.db.transaction.bind(b.db) as (...args: unknown[]) => Promise<unknown>;
		vi.spyOn(b.db, 'transaction').mockImplementation((async (...args: unknown[]) => {
			await held;
			return transaction(...args);
		}) as never);
		await b.fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		const pipe = scene.peer('a').pipes.get(b.id)!;
		// Nothing is written yet: the first window, and the half window asked at its half way.
		const asked = WANT_WINDOW_CHUNKS + MAX_UNWRITTEN_CHUNKS;
		await scene.until(() => pipe.sentFrames === asked, 'the second request served');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(pipe.sentFrames).toBe(asked);
		open();
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete', 20_000);
		expect(pipe.sentFrames).toBe(chunks);
	}, 30_000);

	it('stores what arrives in batches of at least MIN_WRITE_CHUNKS while more is on the way, each a piece', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const a = scene.peer('a');
		const b = scene.peer('b');
		b.options.holders = [a.id];
		const chunks = 3 * MIN_WRITE_CHUNKS + 5;
		const bytes = fileBytes(chunks * CHUNK_BYTES - 9, 6);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		const row = rows.get('b')!;
		scene.connect('a', 'b');
		// The holder's own sends are lost: the chunks come one at a time, each after the last was taken.
		a.pipes.get(b.id)!.limit = 0;
		const writes = vi.spyOn(b.db.fileChunks, 'bulkPut');
		await b.fetcher.begin(row);
		// Sealed beforehand: WebCrypto's seal here, slow under load, must not pause the stream.
		const frames = await Promise.all(
			Array.from({ length: chunks }, async (_, index) => encodeChunkFrame(hash, index, await scene.seal(row, hash, index, bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES))))
		);
		// The clock stands still while they come: a batch is cut short only by an idle gap (WRITE_IDLE_MS),
		// and a machine under load could otherwise make one between two chunks.
		const clock = vi.spyOn(performance, 'now').mockReturnValue(performance.now());
		for (const frame of frames) await b.fetcher.onChunk(a.id, frame);
		clock.mockRestore();
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), chunks), bytes)).toBe(0);
		// Storage that kept up once got a transaction and a Blob per chunk (the receiver's largest cost).
		expect(writes.mock.calls.map(([pieces]) => pieces.length)).toEqual([1, 1, 1, 1]);
		expect((await b.db.fileChunks.toArray()).map((piece) => piece.count)).toEqual([MIN_WRITE_CHUNKS, MIN_WRITE_CHUNKS, MIN_WRITE_CHUNKS, 5]);
	}, 30_000);

	it('writes a short batch once its holder stalls mid-window', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const a = scene.peer('a');
		const b = scene.peer('b');
		b.options.holders = [a.id];
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(3 * MIN_WRITE_CHUNKS * CHUNK_BYTES, 8));
		scene.connect('a', 'b');
		// Five chunks go, then the holder falls silent with the rest of the window still asked for.
		a.pipes.get(b.id)!.limit = 5;
		await b.fetcher.begin(rows.get('b')!);
		await scene.until(async () => (await b.db.files.get(messageId))?.have[0]?.[1] === 5, 'the five chunks stored');
		expect((await b.db.files.get(messageId))!.have).toEqual([[0, 5]]);
		expect((await b.db.fileChunks.toArray()).map((piece) => piece.count)).toEqual([5]);
		expect(await scene.state('b', messageId)).toBe('receiving');
	}, 30_000);

	it('an empty file is complete at once, with its hash checked', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const { messageId, rows } = await scene.send('a', ['b'], new Uint8Array(0));
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		expect(await scene.state('b', messageId)).toBe('complete');
	});

	it('resumes after the channel is cut and the app reloads, asking only for what it lacks', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const b = scene.peer('b');
		b.options.holders = [scene.peer('a').id];
		const bytes = fileBytes(120 * CHUNK_BYTES, 5);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		await b.fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		scene.peer('a').pipes.get(b.id)!.limit = 40;
		const half = async () => {
			const row = await b.db.files.get(messageId);
			return (row?.have[0]?.[1] ?? 0) >= 40;
		};
		await scene.until(half, 'a third stored');
		scene.disconnect('a', 'b');
		const partial = (await b.db.files.get(messageId))!;
		expect(partial.state).toBe('receiving');
		const held = partial.have.reduce((sum, [start, end]) => sum + end - start, 0);
		expect(held).toBe(40);
		// A reload: a new fetcher, resuming from the stored row.
		const fresh = await scene.restartFetcher('b');
		await fresh.begin(partial);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete after resume');
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), 120), bytes)).toBe(0);
		const served = scene.peer('a').pipes.get(b.id)!.sentFrames;
		expect(served).toBeLessThanOrEqual(120 - held);
		const want = b.controls.find((frame) => frame.t === 'fwant' && frame.ranges[0] !== 0);
		expect(want).toBeDefined();
	}, 30_000);
});
