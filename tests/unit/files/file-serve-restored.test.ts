import { describe, expect, it, vi } from 'vitest';
import { checkRestoredFile } from '../../../src/lib/db/restored-files';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { hexOf } from '../../../src/lib/files/hex';
import { fileBytes, FileScene, SCENE_CIPHERS } from './file-scene';

// A file restored from a backup is hashed before its bytes go anywhere (restored-check.ts): asked
// for by a peer before the background check reached it, it is checked first, then served or refused.

const CHUNKS = 5;
const SIZE = (CHUNKS - 1) * CHUNK_BYTES + 123;

async function restoredScene(cipher: number | undefined, damaged: boolean) {
	const scene = await FileScene.withCipher(cipher, 'a', 'b');
	const a = scene.peer('a');
	scene.peer('b').options.holders = [a.id];
	const bytes = fileBytes(SIZE, 4);
	const { messageId, hash, rows } = await scene.send('a', ['b'], bytes);
	const held = damaged ? bytes.slice() : bytes;
	if (damaged) held[700] = (held[700] as number) ^ 1;
	// As a restore leaves it: the bytes from the backup, not yet checked.
	await a.db.files.update(messageId, { blob: new Blob([held]), unchecked: 1 });
	const checkRestored = vi.fn(async (id: string) => {
		await checkRestoredFile(a.db, scene.sodium, id as never);
	});
	a.deps.checkRestored = checkRestored;
	return { scene, a, b: scene.peer('b'), messageId, hash, bytes, row: rows.get('b')!, checkRestored };
}

describe.each(SCENE_CIPHERS)('a restored file asked for before it was checked (%s)', (_cipherName, cipher) => {
	it('is checked first, then served whole', async () => {
		const { scene, b, messageId, hash, bytes, row, checkRestored } = await restoredScene(cipher, false);
		await b.fetcher.begin(row);
		scene.connect('a', 'b');
		await scene.until(async () => (await b.db.files.get(messageId))?.state === 'complete', 'complete');
		expect(checkRestored).toHaveBeenCalledWith(messageId);
		expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
		expect((await scene.peer('a').db.files.get(messageId))?.unchecked).toBeUndefined();
	}, 30_000);

	it('damaged: no chunk of it leaves, the peer hears it is gone', async () => {
		const { scene, a, b, messageId, hash } = await restoredScene(cipher, true);
		scene.connect('a', 'b');
		await a.server.onWant(b.id, { t: 'fwant', id: messageId, hash, ranges: [0, CHUNKS] });
		expect(a.controls).toMatchObject([{ t: 'fstop', why: 'gone' }]);
		expect(a.pipes.get(b.id)!.sentFrames).toBe(0);
	});

	it('a check that could not run: nothing sent, no answer', async () => {
		const { scene, a, b, messageId, hash } = await restoredScene(cipher, false);
		a.deps.checkRestored = async () => undefined;
		scene.connect('a', 'b');
		await a.server.onWant(b.id, { t: 'fwant', id: messageId, hash, ranges: [0, CHUNKS] });
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(a.controls).toEqual([]);
		expect(a.pipes.get(b.id)!.sentFrames).toBe(0);
		expect(a.log.map((entry) => entry.reason)).toContain('file-restored-unchecked');
	});
});
