import { describe, expect, it } from 'vitest';
import { FILE_CIPHER_AES256_GCM } from '../../../src/lib/crypto/file-cipher-id';
import { ContentHasher } from '../../../src/lib/crypto/file-cipher';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { decodeChunkFrame } from '../../../src/lib/files/chunk-frame';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { prepareFile } from '../../../src/lib/messenger/files/file-prepare';
import { fileBytes, FileScene, SCENE_CIPHERS } from './file-scene';

// The receiver hashes a file as its chunks are written; libsodium.js keeps that hash state in
// its wasm memory, freed only by a digest. A transfer that stops any other way must free it,
// or every cancelled download leaks one for the page's lifetime (issue 12).

const SIZE = 300 * CHUNK_BYTES;

/** B fetches a file from A until at least `chunks` are stored, then the test stops it. */
async function halfway(scene: FileScene, chunks = 20) {
	const b = scene.peer('b');
	b.options.holders = [scene.peer('a').id];
	const sent = await scene.send('a', ['b'], fileBytes(SIZE, 7));
	// The scene's own hash of the file is done: only the receiver's state is counted from here.
	expect(scene.liveHashStates()).toBe(0);
	await b.fetcher.begin(sent.rows.get('b')!);
	scene.connect('a', 'b');
	await scene.until(async () => ((await b.db.files.get(sent.messageId))?.have[0]?.[1] ?? 0) >= chunks, 'chunks stored');
	expect(scene.liveHashStates()).toBe(1);
	return sent;
}

describe.each(SCENE_CIPHERS)('a stopped transfer frees its hash state (%s)', (_cipherName, cipher) => {
	it('when the receiver cancels', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const { messageId } = await halfway(scene);
		await scene.peer('b').fetcher.cancel(messageId);
		expect(scene.liveHashStates()).toBe(0);
		expect(scene.peer('b').fetcher.activeCount).toBe(0);
	}, 30_000);

	it('when its message is deleted', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const { messageId } = await halfway(scene);
		scene.peer('b').fetcher.forget(messageId);
		expect(scene.liveHashStates()).toBe(0);
	}, 30_000);

	it('when the author cancels the file', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const { messageId, hash } = await halfway(scene);
		const a = scene.peer('a');
		await scene.peer('b').fetcher.onStop(a.id, { t: 'fstop', id: messageId, hash, why: 'cancel' });
		expect(scene.liveHashStates()).toBe(0);
		expect((await scene.peer('b').db.files.get(messageId))?.state).toBe('cancelled');
	}, 30_000);

	it('when a chunk comes out of order and the file is verified by reading it back', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const b = scene.peer('b');
		b.options.holders = [scene.peer('a').id];
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(40 * CHUNK_BYTES, 9));
		await b.fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		// Chunk 0 is damaged once on the way: it is asked for again and comes after the others.
		let damaged = false;
		scene.peer('a').pipes.get(b.id)!.tamper = (frame) => {
			if (damaged || decodeChunkFrame(frame).ok !== true || (decodeChunkFrame(frame) as { frame: { index: number } }).frame.index !== 0) return frame;
			damaged = true;
			const bad = frame.slice();
			bad[bad.length - 1]! ^= 1;
			return bad;
		};
		await scene.until(async () => (await b.db.files.get(messageId))?.state === 'complete', 'complete');
		expect(damaged).toBe(true);
		expect(scene.liveHashStates()).toBe(0);
	}, 30_000);

	it('when preparing a file fails halfway through reading it', async () => {
		const sodium = await loadSodium();
		let live = 0;
		const counted = {
			...sodium,
			crypto_generichash_init: ((...args: Parameters<typeof sodium.crypto_generichash_init>) => ((live += 1), sodium.crypto_generichash_init(...args))) as typeof sodium.crypto_generichash_init,
			crypto_generichash_final: ((...args: Parameters<typeof sodium.crypto_generichash_final>) => ((live -= 1), sodium.crypto_generichash_final(...args))) as typeof sodium.crypto_generichash_final
		};
		const unreadable = new Blob([new Uint8Array(5 * 1024 * 1024)]);
		let reads = 0;
		const original = unreadable.slice.bind(unreadable);
		unreadable.slice = (...args: Parameters<Blob['slice']>) => {
			reads += 1;
			if (reads === 2) return { arrayBuffer: () => Promise.reject(new Error('NotReadableError')) } as unknown as Blob;
			return original(...args);
		};
		await expect(prepareFile(counted, unreadable, 'gone.bin', { cipher: FILE_CIPHER_AES256_GCM })).rejects.toThrow('NotReadableError');
		expect(live).toBe(0);
	});

	it('discard after a digest, or twice, frees nothing more', async () => {
		const sodium = await loadSodium();
		let finals = 0;
		const counted = { ...sodium, crypto_generichash_final: ((...args: Parameters<typeof sodium.crypto_generichash_final>) => ((finals += 1), sodium.crypto_generichash_final(...args))) as typeof sodium.crypto_generichash_final };
		const hasher = new ContentHasher(counted);
		hasher.update(new Uint8Array([1, 2, 3]));
		hasher.digest();
		hasher.discard();
		hasher.discard();
		expect(finals).toBe(1);
		expect(() => hasher.update(new Uint8Array(1))).toThrow('already finished');
	});
});
