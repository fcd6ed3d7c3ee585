import { afterEach, describe, expect, it, vi } from 'vitest';
import { FILE_CIPHER_AES256_GCM } from '../../../src/lib/crypto/file-cipher-id';
import { GcmFileCipher } from '../../../src/lib/crypto/file-cipher-gcm';
import { encodeChunkFrame } from '../../../src/lib/files/chunk-frame';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { hexOf } from '../../../src/lib/files/hex';
import { fileBytes, FileScene } from './file-scene';

// Review of the AES-256-GCM receiver (session 15): WebCrypto opens a chunk later, so what a
// hostile holder sends can pile up or outlive its turn as the source.

const CHUNKS = 30;
const SIZE = (CHUNKS - 1) * CHUNK_BYTES + 501;

afterEach(() => {
	vi.restoreAllMocks();
});

describe('a holder that floods one chunk under AES-256-GCM', () => {
	it('has it opened once while the first copy is still opening, not once per copy', async () => {
		const scene = await FileScene.withCipher(FILE_CIPHER_AES256_GCM, 'a', 'b');
		const [a, b] = [scene.peer('a'), scene.peer('b')];
		b.options.holders = [a.id];
		const bytes = fileBytes(SIZE, 8);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		const row = rows.get('b')!;
		scene.connect('a', 'b');
		a.pipes.get(b.id)!.limit = 0;
		await b.fetcher.begin(row);
		const zero = encodeChunkFrame(hash, 0, await scene.seal(row, hash, 0, bytes.subarray(0, CHUNK_BYTES)));
		const open = GcmFileCipher.prototype.open;
		let opened = 0;
		vi.spyOn(GcmFileCipher.prototype, 'open').mockImplementation(async function (this: GcmFileCipher, index, sealed) {
			opened += 1;
			await new Promise((resolve) => setTimeout(resolve, 20));
			return open.call(this, index, sealed);
		});
		// 500 copies (32 MiB) before the first has opened: each one held and opened would let a
		// holder fill the receiver's memory as fast as its channel carries.
		for (let copy = 0; copy < 500; copy++) void b.fetcher.onChunk(a.id, zero);
		await scene.until(async () => ((await b.db.files.get(messageId))?.have ?? []).length > 0 || (await b.db.fileChunks.count()) > 0, 'chunk 0 stored');
		expect(opened).toBe(1);
		expect(await scene.state('b', messageId)).toBe('receiving');
	}, 30_000);
});

describe('a holder passed over for chunks that did not open', () => {
	it('counts no more against the next holder with the chunks it had sent before', async () => {
		const scene = await FileScene.withCipher(FILE_CIPHER_AES256_GCM, 'a', 'h', 'b');
		const [a, h, b] = [scene.peer('a'), scene.peer('h'), scene.peer('b')];
		// h, a member relaying, is asked first and answers only with chunks that do not open.
		b.options.holders = [h.id, a.id];
		vi.spyOn(h.server, 'onWant').mockResolvedValue(undefined);
		const bytes = fileBytes(SIZE, 9);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		scene.connect('h', 'b');
		scene.connect('a', 'b');
		await b.fetcher.begin(rows.get('b')!);
		const wrongKey = new GcmFileCipher(new Uint8Array(32).fill(3), hash);
		const garbage = await Promise.all(Array.from({ length: 24 }, async (_, index) => encodeChunkFrame(hash, index, await wrongKey.seal(index, bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)))));
		for (const frame of garbage) void b.fetcher.onChunk(h.id, frame);
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete from the author');
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
		// h was passed over once, after 8; the 16 still opening then came from a holder no longer
		// asked: they neither turned the author away again nor told h a second time.
		const toH = b.controls.filter((frame) => frame.t === 'fstop');
		expect(toH).toHaveLength(1);
		expect(b.controls.filter((frame) => frame.t === 'fwant').length).toBeLessThanOrEqual(8 + 2);
	}, 30_000);
});

describe('an open that WebCrypto rejects instead of refusing', () => {
	it('counts as a chunk that did not open: asked again, not waited for for ever', async () => {
		const scene = await FileScene.withCipher(FILE_CIPHER_AES256_GCM, 'a', 'b');
		const [a, b] = [scene.peer('a'), scene.peer('b')];
		b.options.holders = [a.id];
		const bytes = fileBytes(SIZE, 10);
		const { messageId, rows } = await scene.send('a', ['b'], bytes);
		const open = GcmFileCipher.prototype.open;
		let rejected = false;
		vi.spyOn(GcmFileCipher.prototype, 'open').mockImplementation(function (this: GcmFileCipher, index, sealed) {
			if (index !== 2 || rejected) return open.call(this, index, sealed);
			rejected = true;
			return Promise.reject(new DOMException('busy', 'OperationError'));
		});
		await b.fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(rejected).toBe(true);
		expect(b.log.map((entry) => entry.reason)).toContain('file-chunk-undecryptable');
		expect(a.log).toEqual([]);
	}, 30_000);
});
