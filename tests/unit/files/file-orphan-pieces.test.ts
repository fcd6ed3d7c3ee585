import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { hexOf } from '../../../src/lib/files/hex';
import { fileBytes, FileScene, SCENE_CIPHERS } from './file-scene';

// Review of session 16 (a hostile backup): a restore puts `fileChunk` records as piece rows
// whether or not a restored row's `have` names them. A fetch of that hash from nothing then
// keeps those rows (a piece already stored is not written again) while its running hash sees
// the bytes that came over the wire: it said "complete" over bytes that are not the file.

const CHUNKS = 3;
const SIZE = (CHUNKS - 1) * CHUNK_BYTES + 9;

describe.each(SCENE_CIPHERS)('stored pieces no message counts, found when a fetch starts (%s)', (_cipherName, cipher) => {
	it('never let a file be complete over bytes that are not its own', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const b = scene.peer('b');
		b.options.holders = [scene.peer('a').id];
		const bytes = fileBytes(SIZE, 31);
		const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
		// What a hostile backup left: the whole file's piece, other bytes, counted by no row.
		await b.db.fileChunks.put({ hash: hexOf(hash), index: 0, count: CHUNKS, data: new Blob([fileBytes(SIZE, 32)]) });
		await b.fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => ['complete', 'declined'].includes((await b.db.files.get(messageId))?.state ?? ''), 'an outcome', 30_000);
		const row = (await b.db.files.get(messageId))!;
		if (row.state === 'complete') expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
		else expect(row.problem).toBe('damaged');
		expect(b.log.map((entry) => entry.reason)).toContain('file-hash-mismatch');
	}, 60_000);
});
