import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentHasher } from '../../../src/lib/crypto/file-cipher';
import { FILE_CIPHER_AES256_GCM } from '../../../src/lib/crypto/file-cipher-id';
import { GcmFileCipher } from '../../../src/lib/crypto/file-cipher-gcm';
import { encodeChunkFrame, MAX_CHUNK_FRAME_BYTES } from '../../../src/lib/files/chunk-frame';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { hexOf } from '../../../src/lib/files/hex';
import { HIGH_WATER_BYTES, SEAL_AHEAD_BYTES } from '../../../src/lib/messenger/files/file-deps';
import { fileBytes, FileScene } from './file-scene';

const CHUNKS = 30;
const SIZE = (CHUNKS - 1) * CHUNK_BYTES + 501;

afterEach(() => {
	vi.restoreAllMocks();
});

describe('a file under AES-256-GCM', () => {
	it('is hashed in order as it opens although WebCrypto answers out of order', async () => {
		const scene = await FileScene.pair(FILE_CIPHER_AES256_GCM);
		const bytes = fileBytes(SIZE, 4);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		// Every third chunk takes longer to open than the two after it.
		const open = GcmFileCipher.prototype.open;
		vi.spyOn(GcmFileCipher.prototype, 'open').mockImplementation(async function (this: GcmFileCipher, index, sealed) {
			const plain = await open.call(this, index, sealed);
			if (index % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 15));
			return plain;
		});
		const hashed: number[] = [];
		const update = ContentHasher.prototype.update;
		vi.spyOn(ContentHasher.prototype, 'update').mockImplementation(function (this: ContentHasher, part) {
			hashed.push(part.length);
			update.call(this, part);
		});
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
		// Chunk by chunk as they opened, in order: the stored file was not read back to be hashed.
		expect(hashed).toEqual([...Array<number>(CHUNKS - 1).fill(CHUNK_BYTES), 501]);
	}, 30_000);

	it('refuses a chunk of another file, even one sealed with the same key', async () => {
		const scene = await FileScene.pair(FILE_CIPHER_AES256_GCM);
		const b = scene.peer('b');
		const a = scene.peer('a');
		const { hash, rows } = await scene.send('a', ['b'], fileBytes(SIZE, 5));
		const row = rows.get('b')!;
		scene.connect('a', 'b');
		a.pipes.get(b.id)!.limit = 0;
		await b.fetcher.begin(row);
		const other = new Uint8Array(32).fill(7);
		const foreign = await new GcmFileCipher(row.key, other).seal(0, fileBytes(CHUNK_BYTES, 5));
		await b.fetcher.onChunk(a.id, encodeChunkFrame(hash, 0, foreign));
		// Chunk 1 sent as chunk 0 (swapped) and chunk 0 cut short by one byte (truncated).
		const one = await scene.seal(row, hash, 1, fileBytes(SIZE, 5).subarray(CHUNK_BYTES, 2 * CHUNK_BYTES));
		await b.fetcher.onChunk(a.id, encodeChunkFrame(hash, 0, one));
		const zero = await scene.seal(row, hash, 0, fileBytes(SIZE, 5).subarray(0, CHUNK_BYTES));
		await b.fetcher.onChunk(a.id, encodeChunkFrame(hash, 0, zero.subarray(0, zero.length - 1)));
		await scene.until(() => b.log.filter((entry) => entry.reason === 'file-chunk-undecryptable').length === 3, 'three refused');
		expect(await b.db.fileChunks.count()).toBe(0);
		expect((await b.db.files.get(row.messageId))!.have).toEqual([]);
		// A, whose frames all went nowhere, would otherwise go on sealing into the next test.
		scene.disconnect('a', 'b');
	}, 30_000);

	it('never holds more than the seal-ahead sealed or being sealed, nor more than the high-water mark buffered', async () => {
		const scene = await FileScene.pair(FILE_CIPHER_AES256_GCM);
		const bytes = fileBytes(SIZE, 6);
		const { messageId, rows } = await scene.send('a', ['b'], bytes);
		let calls = 0;
		let most = 0;
		const seal = GcmFileCipher.prototype.seal;
		vi.spyOn(GcmFileCipher.prototype, 'seal').mockImplementation(async function (this: GcmFileCipher, index, plain) {
			// Only this file's chunks: the prototype is shared with anything else still sealing.
			const at = index * CHUNK_BYTES;
			if (plain.length > 0 && plain.every((byte, i) => byte === bytes[at + i])) calls += 1;
			const pipe = scene.peer('a').pipes.get(scene.peer('b').id);
			// Chunks taken for sealing and not on the channel yet: being sealed or sealed and waiting.
			most = Math.max(most, (calls - (pipe?.sentFrames ?? 0)) * CHUNK_BYTES);
			await new Promise((resolve) => setTimeout(resolve, 2));
			return seal.call(this, index, plain);
		});
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(most).toBeGreaterThan(CHUNK_BYTES);
		expect(most).toBeLessThanOrEqual(SEAL_AHEAD_BYTES);
		expect(scene.peer('a').pipes.get(scene.peer('b').id)!.maxBuffered).toBeLessThanOrEqual(HIGH_WATER_BYTES + MAX_CHUNK_FRAME_BYTES);
	}, 30_000);

	/** A's channel to B full (another sender's backlog) while chunks are sealed ahead of it. */
	async function sealedAhead(scene: FileScene, seed: number) {
		let seals = 0;
		const seal = GcmFileCipher.prototype.seal;
		vi.spyOn(GcmFileCipher.prototype, 'seal').mockImplementation(function (this: GcmFileCipher, index, plain) {
			seals += 1;
			return seal.call(this, index, plain);
		});
		const bytes = fileBytes(SIZE, seed);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		const pipe = scene.peer('a').pipes.get(scene.peer('b').id)!;
		const drains: (() => void)[] = [];
		const onDrain = pipe.onDrain.bind(pipe);
		pipe.onDrain = (listener) => {
			drains.push(listener);
			return onDrain(listener);
		};
		pipe.buffered += HIGH_WATER_BYTES;
		await scene.until(() => seals >= SEAL_AHEAD_BYTES / CHUNK_BYTES, 'sealed ahead');
		await new Promise((resolve) => setTimeout(resolve, 20));
		return { messageId, hash, bytes, pipe, drains, seals: () => seals };
	}

	it('seals ahead while the channel is full and puts those chunks on it the moment it drains', async () => {
		const scene = await FileScene.pair(FILE_CIPHER_AES256_GCM);
		const { messageId, hash, bytes, pipe, drains, seals } = await sealedAhead(scene, 8);
		expect(seals()).toBe(SEAL_AHEAD_BYTES / CHUNK_BYTES);
		expect(pipe.sentFrames).toBe(0);
		// It drains: what was sealed goes in the drain's own turn, before any WebCrypto answer.
		pipe.buffered -= HIGH_WATER_BYTES;
		expect(drains.length).toBeGreaterThan(0);
		for (const drain of drains.splice(0)) drain();
		expect(pipe.sentFrames).toBe(SEAL_AHEAD_BYTES / CHUNK_BYTES);
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
	}, 30_000);

	it('drops what it sealed ahead for a file we cancel: nothing of it is sent when the channel drains', async () => {
		const scene = await FileScene.pair(FILE_CIPHER_AES256_GCM);
		const { messageId, pipe, drains } = await sealedAhead(scene, 26);
		scene.peer('a').server.stop(messageId);
		pipe.buffered -= HIGH_WATER_BYTES;
		for (const drain of drains.splice(0)) drain();
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(pipe.sentFrames).toBe(0);
	}, 30_000);
});

describe('a file under a cipher this version does not know', () => {
	it('is declined by its receiver with a logged reason, and nothing is asked for', async () => {
		const scene = await FileScene.pair(2);
		const b = scene.peer('b');
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE, 1));
		scene.connect('a', 'b');
		await b.fetcher.begin(rows.get('b')!);
		const row = await b.db.files.get(messageId);
		expect([row?.state, row?.problem]).toEqual(['declined', 'cipher']);
		expect(b.log).toContainEqual({ reason: 'file-unknown-cipher', peer: scene.peer('a').id, detail: '2' });
		expect(b.controls).toEqual([]);
		expect(b.fetcher.activeCount).toBe(0);
	});

	it('is not served by a holder whose row names it: gone, with a logged reason', async () => {
		const scene = await FileScene.pair(2);
		const [a, b] = [scene.peer('a'), scene.peer('b')];
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE, 1));
		scene.connect('a', 'b');
		// The receiver's copy says GCM: it asks; the holder's own row names the unknown id.
		await b.fetcher.begin({ ...rows.get('b')!, cipher: FILE_CIPHER_AES256_GCM });
		await scene.until(() => a.log.some((entry) => entry.reason === 'file-unknown-cipher'), 'refused');
		expect(a.pipes.get(b.id)!.sentFrames).toBe(0);
		await scene.until(() => b.controls.length > 0 && a.controls.some((frame) => frame.t === 'fstop' && frame.why === 'gone' && frame.id === messageId), 'gone sent');
	});
});

describe('a chunk under AES-256-GCM that comes twice while the first is still opening', () => {
	it('is taken once', async () => {
		const scene = await FileScene.pair(FILE_CIPHER_AES256_GCM);
		const [a, b] = [scene.peer('a'), scene.peer('b')];
		const bytes = fileBytes(SIZE, 2);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		const row = rows.get('b')!;
		scene.connect('a', 'b');
		a.pipes.get(b.id)!.limit = 0;
		await b.fetcher.begin(row);
		const frames = await Promise.all(Array.from({ length: CHUNKS }, async (_, index) => encodeChunkFrame(hash, index, await scene.seal(row, hash, index, bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)))));
		const hashed: number[] = [];
		const update = ContentHasher.prototype.update;
		vi.spyOn(ContentHasher.prototype, 'update').mockImplementation(function (this: ContentHasher, part) {
			hashed.push(part.length);
			update.call(this, part);
		});
		for (const index of [0, 0, ...Array.from({ length: CHUNKS - 1 }, (_, i) => i + 1)]) void b.fetcher.onChunk(a.id, frames[index]!);
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
		// Once: the in-order hash went on past it (a second chunk 0 would have ended it, and the
		// stored file been read back to be hashed).
		expect(hashed).toEqual([...Array<number>(CHUNKS - 1).fill(CHUNK_BYTES), 501]);
		expect(b.log.map((entry) => entry.reason)).not.toContain('file-hash-mismatch');
	}, 30_000);
});
