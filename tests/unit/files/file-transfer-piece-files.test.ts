import { describe, expect, it } from 'vitest';
import { attachPieceFiles } from '../../../src/lib/db/piece-files';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { pieceFolderOf } from '../../../src/lib/opfs/opfs-piece-files';
import { FakeFs } from '../opfs/fake-opfs';
import { inProcessPieceFiles } from '../opfs/in-process';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { fileBytes, FileScene, peerId } from './file-scene';

// The receiver writing into piece files (db/piece-files.ts) through the worker's service over an
// in-memory OPFS: the whole transfer verifies and completes; a disk the estimate called big
// enough but that refuses the file declines it with the card's reason and keeps nothing.

const CHUNKS = 140;
const SIZE = (CHUNKS - 1) * CHUNK_BYTES + 77;

async function receiverWithPieceFiles(quota = Infinity) {
	const scene = await FileScene.create('a', 'b');
	scene.peer('b').options.holders = [scene.peer('a').id];
	const fs = new FakeFs();
	fs.quota = quota;
	attachPieceFiles(scene.peer('b').db, inProcessPieceFiles(fs, scene.peer('b').db.name));
	return { scene, fs };
}

describe('a received file in piece files', () => {
	it('arrives whole into its file, verified and complete, the handle closed', async () => {
		const { scene, fs } = await receiverWithPieceFiles();
		const bytes = fileBytes(SIZE);
		const { messageId, rows } = await scene.send('a', ['b'], bytes);
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.peer('b').db.files.get(messageId))?.state === 'complete', 'complete', 30_000);
		const row = (await scene.peer('b').db.files.get(messageId))!;
		const file = fs.root.folders.get(pieceFolderOf(scene.peer('b').db.name))!.files.get(row.hash)!;
		expect(Buffer.from(file.bytes).equals(Buffer.from(bytes))).toBe(true);
		expect(file.open).toBe(false);
		expect(Buffer.from(await scene.stored('b', row.hash, CHUNKS)).equals(Buffer.from(bytes))).toBe(true);
	}, 60_000);

	it('a disk that refuses the file declines it as "no-space", keeping nothing, and stops the sender', async () => {
		const { scene, fs } = await receiverWithPieceFiles(SIZE - 1);
		const { messageId, rows } = await scene.send('a', ['b'], fileBytes(SIZE));
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.peer('b').db.files.get(messageId))?.state === 'declined', 'declined', 30_000);
		expect(await scene.peer('b').db.files.get(messageId)).toMatchObject({ problem: 'no-space', have: [] });
		expect(await scene.peer('b').db.fileChunks.count()).toBe(0);
		expect(fs.used()).toBe(0);
		expect(scene.peer('b').controls.some((frame) => frame.t === 'fstop')).toBe(true);
		expect(scene.peer('b').fetcher.activeCount).toBe(0);
	}, 60_000);

	it('a file is complete only if the bytes in its piece file hash to its name, not those that came over the wire', async () => {
		// Another message of the same hash (a hostile sender racing the honest one) wrote garbage
		// into chunk 0 first: the honest transfer does not write that chunk again (it is held), so
		// its wire bytes hash right while the file on disk holds the garbage.
		const { scene, fs } = await receiverWithPieceFiles();
		const bytes = fileBytes(SIZE);
		const { messageId, rows } = await scene.send('a', ['b'], bytes);
		const row = rows.get('b')!;
		const db = scene.peer('b').db;
		const files = inProcessPieceFiles(fs, db.name);
		await files.write(row.hash, row.size, [{ at: 0, bytes: new Uint8Array(CHUNK_BYTES).fill(0xee) }]);
		await files.close(row.hash);
		await db.files.add({ ...row, messageId: newMessageId(Date.now() + 1), peerId: peerId('c'), have: [[0, 1]] });
		await db.fileChunks.put({ hash: row.hash, index: 0, count: 1, inFile: 1 });
		await scene.peer('b').fetcher.begin(row);
		scene.connect('a', 'b');
		await scene.until(async () => ['complete', 'declined'].includes((await db.files.get(messageId))?.state ?? ''), 'an outcome', 30_000);
		const state = (await db.files.get(messageId))?.state;
		const onDisk = await scene.stored('b', row.hash, CHUNKS);
		expect(state === 'complete' ? Buffer.from(onDisk).equals(Buffer.from(bytes)) : state).toBe(state === 'complete' ? true : 'declined');
	}, 60_000);

	it('a piece file that cannot be written (another tab\'s worker holds it, the worker is gone) leaves the bytes in IndexedDB, not a frozen transfer', async () => {
		const { scene, fs } = await receiverWithPieceFiles();
		const bytes = fileBytes(SIZE);
		const { messageId, rows } = await scene.send('a', ['b'], bytes);
		const row = rows.get('b')!;
		// Another tab's worker opened the file and keeps it open: this one cannot (NoModificationAllowedError).
		await inProcessPieceFiles(fs, scene.peer('b').db.name).write(row.hash, row.size, []);
		await scene.peer('b').fetcher.begin(row);
		scene.connect('a', 'b');
		await scene.until(async () => (await scene.peer('b').db.files.get(messageId))?.state === 'complete', 'complete', 30_000);
		expect(Buffer.from(await scene.stored('b', row.hash, CHUNKS)).equals(Buffer.from(bytes))).toBe(true);
	}, 60_000);

	it('a message claiming a held file\'s hash with another size cannot grow its piece file: declined as damaged, the held file untouched', async () => {
		// The content hash fixes the size: a message of a verified file's hash claiming more bytes
		// lies. Before, its writes made the shared file its size (up to the limit), kept after it
		// failed since the verified message still held the file: disk no one could see or delete.
		const { scene, fs } = await receiverWithPieceFiles();
		const bytes = fileBytes(SIZE);
		const verified = await scene.send('a', ['b'], bytes);
		const held = verified.rows.get('b')!;
		const db = scene.peer('b').db;
		const files = inProcessPieceFiles(fs, db.name);
		await files.write(held.hash, SIZE, [{ at: 0, bytes: bytes.slice() }]);
		await files.close(held.hash);
		await db.files.update(held.messageId, { state: 'complete', have: [[0, CHUNKS]] });
		await db.fileChunks.put({ hash: held.hash, index: 0, count: CHUNKS, inFile: 1 });
		const longer = new Uint8Array(SIZE + 10 * CHUNK_BYTES);
		longer.set(bytes);
		const { messageId, rows } = await scene.send('a', ['b'], longer, { announcedHash: verified.hash });
		await scene.peer('b').fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(async () => ['complete', 'declined'].includes((await db.files.get(messageId))?.state ?? ''), 'an outcome', 30_000);
		expect(await db.files.get(messageId)).toMatchObject({ state: 'declined', problem: 'damaged', have: [] });
		expect(fs.root.folders.get(pieceFolderOf(db.name))!.files.get(held.hash)!.bytes.length).toBe(SIZE);
		expect(await db.fileChunks.count()).toBe(1);
		expect(Buffer.from(await scene.stored('b', held.hash, CHUNKS)).equals(Buffer.from(bytes))).toBe(true);
		expect(scene.peer('b').fetcher.activeCount).toBe(0);
	}, 60_000);
});
