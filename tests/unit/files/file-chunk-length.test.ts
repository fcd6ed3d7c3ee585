import { describe, expect, it } from 'vitest';
import { ContentHasher } from '../../../src/lib/crypto/file-cipher';
import { encodeChunkFrame } from '../../../src/lib/files/chunk-frame';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { hexOf } from '../../../src/lib/files/hex';
import { fileBytes, FileScene, SCENE_CIPHERS } from './file-scene';

// Review of session 16: a chunk that opens is not yet a chunk of the file. Its author holds the
// key and can seal chunk 0 short and chunk 1 full: their plaintexts concatenate to the announced
// content, so the running hash names it, while the stored file (chunks at index x CHUNK_BYTES,
// the announced size) holds other bytes. A chunk must be as long as its place in the file.

describe.each(SCENE_CIPHERS)('a chunk that opens but is not as long as its place (%s)', (_cipherName, cipher) => {
	it('is refused with a logged reason, so the file is never complete over other bytes', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const [a, b] = [scene.peer('a'), scene.peer('b')];
		b.options.holders = [a.id];
		const content = fileBytes(CHUNK_BYTES + 5, 41);
		const hasher = new ContentHasher(scene.sodium);
		hasher.update(content);
		const { messageId, hash, rows } = await scene.send('a', ['b'], fileBytes(2 * CHUNK_BYTES, 42), { announcedHash: hasher.digest() });
		const row = rows.get('b')!;
		scene.connect('a', 'b');
		// The author's honest server stays quiet: the test plays the author.
		a.pipes.get(b.id)!.limit = 0;
		await b.fetcher.begin(row);
		await b.fetcher.onChunk(a.id, encodeChunkFrame(hash, 0, await scene.seal(row, hash, 0, content.subarray(0, 5))));
		await b.fetcher.onChunk(a.id, encodeChunkFrame(hash, 1, await scene.seal(row, hash, 1, content.subarray(5))));
		await scene.until(() => b.log.some((entry) => entry.reason === 'file-chunk-undecryptable'), 'chunk 0 refused');
		await scene.until(async () => ((await b.db.files.get(messageId))?.have ?? []).length > 0, 'chunk 1 stored');
		expect(await b.db.files.get(messageId)).toMatchObject({ state: 'receiving', have: [[1, 2]] });
		expect(hexOf(hash)).toBe(row.hash);
	}, 30_000);
});
