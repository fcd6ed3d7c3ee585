import { describe, expect, it } from 'vitest';
import { removeFileData } from '../../../src/lib/db/file-store';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { fileBytes, FileScene, SCENE_CIPHERS } from './file-scene';

// Review of session 16: another tab (or any path that does not go through this fetcher) removes
// a file being received here. What arrives after is not stored (file-store: not `receiving`),
// yet the fetcher counted it and, once every chunk was "written", marked the row complete: a
// file shown complete whose bytes are not stored.

const CHUNKS = 200;
const SIZE = CHUNKS * CHUNK_BYTES;

describe.each(SCENE_CIPHERS)('a file removed elsewhere while it is received (%s)', (_cipherName, cipher) => {
	it('stays removed: the transfer does not settle it as complete', async () => {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		const b = scene.peer('b');
		b.options.holders = [scene.peer('a').id];
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE, 51));
		await b.fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => ((await b.db.files.get(messageId))?.have[0]?.[1] ?? 0) >= 8, 'a few chunks stored');
		await removeFileData(b.db, messageId);
		await scene.until(() => b.fetcher.activeCount === 0, 'the transfer stopped', 30_000);
		const row = await b.db.files.get(messageId);
		expect({ state: row?.state, have: row?.have }).toEqual({ state: 'removed', have: [] });
	}, 60_000);
});
