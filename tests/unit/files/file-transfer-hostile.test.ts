import { describe, expect, it, vi } from 'vitest';
import { encodeChunkFrame } from '../../../src/lib/files/chunk-frame';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { hexOf } from '../../../src/lib/files/hex';
import { fileBytes, FileScene, SCENE_CIPHERS } from './file-scene';

const CHUNKS = 12;
const SIZE = (CHUNKS - 1) * CHUNK_BYTES + 77;

async function settle(ms = 150) {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

describe.each(SCENE_CIPHERS)('a file holder refuses (%s)', (_cipherName, cipher) => {
	it('a peer who is not a recipient, silently: no chunk, no answer', async () => {
		const scene = await FileScene.pair(cipher);
		scene.peer('a').options.entitled = () => false;
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE));
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await settle();
		expect(scene.peer('a').pipes.get(scene.peer('b').id)!.sentFrames).toBe(0);
		expect(scene.peer('a').controls).toEqual([]);
		expect(scene.peer('a').log.map((entry) => entry.reason)).toContain('file-not-entitled');
		expect(await scene.state('b', messageId)).toBe('receiving');
	});

	it('a request naming another hash than the message has: gone', async () => {
		const scene = await FileScene.pair(cipher);
		const { messageId } = await scene.send('a', ['b'], fileBytes(SIZE));
		scene.connect('a', 'b');
		await scene.peer('a').server.onWant(scene.peer('b').id, { t: 'fwant', id: messageId, hash: new Uint8Array(32).fill(9), ranges: [0, 1] });
		expect(scene.peer('a').controls).toMatchObject([{ t: 'fstop', why: 'gone' }]);
		expect(scene.peer('a').pipes.get(scene.peer('b').id)!.sentFrames).toBe(0);
	});

	it('ranges outside the file', async () => {
		const scene = await FileScene.pair(cipher);
		const { messageId, hash } = await scene.send('a', ['b'], fileBytes(SIZE));
		scene.connect('a', 'b');
		await scene.peer('a').server.onWant(scene.peer('b').id, { t: 'fwant', id: messageId, hash, ranges: [0, CHUNKS + 1] });
		await settle();
		expect(scene.peer('a').log.map((entry) => entry.reason)).toContain('file-bad-ranges');
		expect(scene.peer('a').pipes.get(scene.peer('b').id)!.sentFrames).toBe(0);
	});
});

describe.each(SCENE_CIPHERS)('a file receiver (%s)', (_cipherName, cipher) => {
	it('refuses a chunk altered on the way, asks again, and ends with the right bytes', async () => {
		const scene = await FileScene.pair(cipher);
		const bytes = fileBytes(SIZE, 3);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		let altered = 0;
		scene.peer('a').pipes.get(scene.peer('b').id)!.tamper = (frame) => {
			if (altered > 0 || frame.length < 1000) return frame;
			altered += 1;
			const copy = frame.slice();
			copy[500] = (copy[500] as number) ^ 1;
			return copy;
		};
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
		expect(altered).toBe(1);
		expect(scene.peer('b').log.map((entry) => entry.reason)).toContain('file-chunk-undecryptable');
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
	}, 30_000);

	it('drops chunks nobody asked for and stores none of them', async () => {
		const scene = await FileScene.pair(cipher);
		const { hash, rows } = await scene.send('a', ['b'], fileBytes(SIZE));
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		await scene.peer('b').fetcher.onChunk(scene.peer('a').id, encodeChunkFrame(hash, 0, new Uint8Array(100)));
		await scene.peer('b').fetcher.onChunk(scene.peer('a').id, new Uint8Array(10));
		expect(scene.peer('b').log.map((entry) => entry.reason)).toEqual(['file-chunk-unasked', 'file-chunk-too-small']);
		expect(await scene.peer('b').db.fileChunks.count()).toBe(0);
	});

	it('declines a file above its limit before asking for anything', async () => {
		const scene = await FileScene.pair(cipher);
		scene.peer('b').options.maxFileBytes = SIZE - 1;
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE));
		scene.connect('a', 'b');
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		await settle();
		const row = await scene.peer('b').db.files.get(messageId);
		expect(row).toMatchObject({ state: 'declined', problem: 'too-large' });
		expect(scene.peer('b').controls).toEqual([]);
	});

	it('declines a file the free space cannot hold', async () => {
		const scene = await FileScene.pair(cipher);
		scene.peer('b').options.freeBytes = SIZE - 1;
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE));
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		expect(await scene.peer('b').db.files.get(messageId)).toMatchObject({ state: 'declined', problem: 'no-space' });
	});

	it('never shows as complete a file whose bytes are not the announced ones, and keeps none of them', async () => {
		const scene = await FileScene.pair(cipher);
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE), { announcedHash: new Uint8Array(32).fill(4) });
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'declined', 'declined');
		expect(await scene.peer('b').db.files.get(messageId)).toMatchObject({ problem: 'damaged', have: [] });
		expect(await scene.peer('b').db.fileChunks.count()).toBe(0);
		expect(scene.peer('b').log.map((entry) => entry.reason)).toContain('file-hash-mismatch');
	}, 30_000);

	it('stops and forgets a file its sender cancelled', async () => {
		const scene = await FileScene.pair(cipher);
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE));
		await scene.peer('a').db.files.update(messageId, { state: 'cancelled' });
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'cancelled', 'cancelled');
		expect(scene.peer('a').pipes.get(scene.peer('b').id)!.sentFrames).toBe(0);
	});

	it('stops asking when the user cancels, keeping what it has for later', async () => {
		const scene = await FileScene.pair(cipher);
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE));
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		await scene.peer('b').fetcher.cancel(messageId);
		scene.connect('a', 'b');
		await settle();
		expect(await scene.state('b', messageId)).toBe('waiting');
		expect(scene.peer('b').controls).toEqual([]);
	});
});

describe.each(SCENE_CIPHERS)('in a group (%s)', (_cipherName, cipher) => {
	it('a member gets the file from another member while its author is away', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b', 'c');
		const [a, b, c] = [scene.peer('a'), scene.peer('b'), scene.peer('c')];
		b.options.holders = [a.id];
		c.options.holders = [a.id, b.id];
		const bytes = fileBytes(SIZE, 8);
		const { messageId, hash, rows } = await scene.send('a', ['b', 'c'], bytes, { conversationId: 'g-test' });
		await b.fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'b complete');
		scene.disconnect('a', 'b');
		const pieces = await b.db.fileChunks.count();
		const reads = vi.spyOn(b.db.fileChunks, 'where');
		await c.fetcher.begin(rows.get('c')!);
		scene.connect('b', 'c');
		await scene.until(async () => (await scene.state('c', messageId)) === 'complete', 'c complete from b');
		expect(Buffer.compare(await scene.stored('c', hexOf(hash), CHUNKS), bytes)).toBe(0);
		// b serves from its stored pieces, one storage read per piece, not one per chunk.
		expect(reads.mock.calls.length).toBeLessThanOrEqual(pieces);
	}, 30_000);

	it('a member that sends other bytes under the hash is passed over for the author', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b', 'c');
		const [a, b, c] = [scene.peer('a'), scene.peer('b'), scene.peer('c')];
		c.options.holders = [a.id, b.id];
		const bytes = fileBytes(SIZE, 8);
		const { messageId, hash, rows } = await scene.send('a', ['b', 'c'], bytes, { conversationId: 'g-test' });
		// b claims the whole file but holds other bytes, sealed with the right key (it has it).
		const wrong = fileBytes(SIZE, 9);
		for (let index = 0; index < CHUNKS; index++) {
			await b.db.fileChunks.put({ hash: hexOf(hash), index, data: new Blob([wrong.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)]) });
		}
		await b.db.files.put({ ...rows.get('b')!, state: 'complete', have: [[0, CHUNKS]] });
		await c.fetcher.begin(rows.get('c')!);
		scene.connect('b', 'c');
		await scene.until(() => c.log.some((entry) => entry.reason === 'file-hash-mismatch'), 'mismatch seen');
		expect(await scene.state('c', messageId)).toBe('receiving');
		scene.connect('a', 'c');
		await scene.until(async () => (await scene.state('c', messageId)) === 'complete', 'c complete from a');
		expect(Buffer.compare(await scene.stored('c', hexOf(hash), CHUNKS), bytes)).toBe(0);
		void a;
	}, 30_000);
});
