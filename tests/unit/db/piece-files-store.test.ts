import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportRecords } from '../../../src/lib/db/backup-export';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { assembledFile } from '../../../src/lib/db/file-queries';
import { chunksInOrder, dropFiles, fileBytesByConversation, readChunk, removeFileData, storeChunks, unclaimedPieceFiles } from '../../../src/lib/db/file-store';
import { attachPieceFiles, StorageFullError } from '../../../src/lib/db/piece-files';
import { ChunkRanges } from '../../../src/lib/files/chunk-ranges';
import { CHUNK_BYTES, MAX_PIECE_CHUNKS } from '../../../src/lib/files/file-limits';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { OpfsPieceFiles, pieceFolderOf, removePieceFolder } from '../../../src/lib/opfs/opfs-piece-files';
import { FakeFs } from '../opfs/fake-opfs';
import { inProcessPieceFiles } from '../opfs/in-process';

// Received pieces written into piece files (db/piece-files.ts) through the real page adapter and
// worker service over an in-memory OPFS: IndexedDB keeps only the index, every reader gets the
// bytes, deletes take the files with them once committed, a full disk changes nothing stored.

let counter = 0;
const dbs: ChatDb[] = [];
async function fresh(quota = Infinity) {
	const db = new ChatDb(`piece-files-${++counter}`);
	dbs.push(db);
	await db.open();
	const fs = new FakeFs();
	fs.quota = quota;
	const files = inProcessPieceFiles(fs, db.name);
	attachPieceFiles(db, files);
	return { db, fs, files };
}
afterEach(async () => {
	for (const db of dbs.splice(0)) await db.delete();
});

const HASH = 'ab'.repeat(32);
const TOTAL = MAX_PIECE_CHUNKS + 10;
const SIZE = (TOTAL - 1) * CHUNK_BYTES + 100;
const chunk = (index: number) => ({ index, data: new Uint8Array(index === TOTAL - 1 ? 100 : CHUNK_BYTES).fill(index % 256) });
const chunks = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => chunk(start + i));

function row(id: string, over: Partial<FileRow> = {}): FileRow {
	return { messageId: id as MessageId, conversationId: 'chat', direction: 'in', peerId: 'peer', hash: HASH, key: new Uint8Array(32), name: 'a.bin', type: 'application/octet-stream', size: SIZE, chunks: TOTAL, state: 'receiving', have: [], time: 1, ...over };
}

async function write(db: ChatDb, id: string, batch: ReturnType<typeof chunks>): Promise<void> {
	const file = (await db.files.get(id)) as FileRow;
	const have = ChunkRanges.from(file.have, TOTAL) as ChunkRanges;
	for (const { index } of batch) have.add(index);
	await storeChunks(db, id as MessageId, batch, have.toWire());
}

function fileIn(fs: FakeFs, db: ChatDb, hash = HASH): Uint8Array | undefined {
	return fs.root.folders.get(pieceFolderOf(db.name))?.files.get(hash)?.bytes;
}

async function holdsChunk(blob: Blob | undefined, index: number): Promise<boolean> {
	return blob !== undefined && Buffer.from(await blob.arrayBuffer()).equals(chunk(index).data);
}

/** Lets the removals queued after a commit run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('pieces in piece files', { timeout: 60_000 }, () => {
	it('writes the bytes to the file, only the index to IndexedDB, and every reader reads them back', async () => {
		const { db, fs } = await fresh();
		await db.files.put(row('m'));
		await write(db, 'm', chunks(0, TOTAL));
		const rows = await db.fileChunks.toArray();
		expect(rows.map((piece) => [piece.index, piece.count, 'data' in piece])).toEqual([
			[0, MAX_PIECE_CHUNKS, false],
			[MAX_PIECE_CHUNKS, 10, false]
		]);
		expect(fileIn(fs, db)?.length).toBe(SIZE);
		for (const index of [0, MAX_PIECE_CHUNKS - 1, MAX_PIECE_CHUNKS, TOTAL - 1]) expect(await holdsChunk(await readChunk(db, HASH, index), index)).toBe(true);
		const seen: number[] = [];
		for await (const stored of chunksInOrder(db, HASH, TOTAL, 1)) {
			expect(await holdsChunk(stored.data, stored.index)).toBe(true);
			seen.push(stored.index);
		}
		expect(seen).toEqual(chunks(0, TOTAL).map((c) => c.index));
		await db.files.update('m', { state: 'complete' });
		const whole = await assembledFile(db, (await db.files.get('m')) as FileRow);
		expect(Buffer.from(await (whole as Blob).arrayBuffer()).equals(Buffer.from(fileIn(fs, db) as Uint8Array))).toBe(true);
	});

	it('a full disk refuses the batch before any byte: nothing stored, `have` unchanged', async () => {
		const { db, fs } = await fresh(SIZE - 1);
		await db.files.put(row('m'));
		await expect(write(db, 'm', chunks(0, 4))).rejects.toBeInstanceOf(StorageFullError);
		expect(await db.fileChunks.count()).toBe(0);
		expect((await db.files.get('m'))?.have).toEqual([]);
		expect(fs.used()).toBe(0);
	});

	it('IndexedDB out of space (no piece files here) is a full disk too: declined, nothing stored', async () => {
		const db = new ChatDb(`piece-files-${++counter}`);
		dbs.push(db);
		await db.open();
		await db.files.put(row('m'));
		const refuse = vi.spyOn(db.fileChunks, 'bulkPut').mockRejectedValue(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
		await expect(write(db, 'm', chunks(0, 4))).rejects.toBeInstanceOf(StorageFullError);
		refuse.mockRestore();
		expect(await db.fileChunks.count()).toBe(0);
		expect((await db.files.get('m'))?.have).toEqual([]);
	});

	it('a piece not longer than the one stored is not written again (another message of the same hash)', async () => {
		const { db, fs } = await fresh();
		await db.files.bulkPut([row('first'), row('second')]);
		await write(db, 'first', chunks(0, 30));
		const writes = fs.writes;
		await write(db, 'second', chunks(0, 5).map((c) => ({ ...c, data: new Uint8Array(CHUNK_BYTES).fill(255) })));
		expect(fs.writes).toBe(writes);
		expect(await holdsChunk(await readChunk(db, HASH, 3), 3)).toBe(true);
	});

	it('another message of the same hash never rewrites bytes already held, whatever its pieces\' starts', async () => {
		const { db } = await fresh();
		await db.files.bulkPut([row('first'), row('second')]);
		await write(db, 'first', chunks(0, 30));
		const forged = (start: number, end: number) => chunks(start, end).map((c) => ({ ...c, data: new Uint8Array(CHUNK_BYTES).fill(255) }));
		await write(db, 'second', forged(5, 40));
		for (const index of [5, 17, 29]) expect(await holdsChunk(await readChunk(db, HASH, index), index)).toBe(true);
		expect(Buffer.from(await (await readChunk(db, HASH, 35))!.arrayBuffer())[0]).toBe(255);
	});

	it('removing the file keeps the piece file while another message holds it, then removes it once committed', async () => {
		const { db, fs } = await fresh();
		await db.files.bulkPut([row('first'), row('second')]);
		await write(db, 'first', chunks(0, 10));
		await write(db, 'second', chunks(10, 20));
		await removeFileData(db, 'first' as MessageId);
		await settle();
		expect(fileIn(fs, db)).toBeDefined();
		await removeFileData(db, 'second' as MessageId);
		await settle();
		expect(fileIn(fs, db)).toBeUndefined();
		expect(await db.fileChunks.count()).toBe(0);
	});

	it('a delete whose transaction aborts keeps the piece file; one that commits removes it', async () => {
		const { db, fs } = await fresh();
		await db.files.put(row('m'));
		await write(db, 'm', chunks(0, 4));
		await db
			.transaction('rw', db.files, db.fileChunks, async () => {
				await dropFiles(db, ['m']);
				throw new Error('abort');
			})
			.catch(() => undefined);
		await settle();
		expect(fileIn(fs, db)).toBeDefined();
		await db.transaction('rw', db.files, db.fileChunks, () => dropFiles(db, ['m']));
		await settle();
		expect(fileIn(fs, db)).toBeUndefined();
	});

	it('bytes written for a file removed meanwhile go with it', async () => {
		const { db, fs, files } = await fresh();
		await db.files.put(row('m'));
		// The row goes while the worker writes (between the two transactions of storeChunks).
		const write0 = files.write.bind(files);
		files.write = async (...args) => {
			await db.files.delete('m');
			return write0(...args);
		};
		await write(db, 'm', chunks(0, 4)).catch(() => undefined);
		await settle();
		expect(await db.fileChunks.count()).toBe(0);
		expect(fileIn(fs, db)).toBeUndefined();
	});

	it('pieces stored in rows before (files of earlier sessions) read beside pieces in the file', async () => {
		const { db } = await fresh();
		await db.files.put(row('m', { have: [[0, 3]] }));
		await db.fileChunks.put({ hash: HASH, index: 0, count: 3, data: new Blob(chunks(0, 3).map((c) => c.data)) });
		await write(db, 'm', chunks(3, 9));
		const seen: number[] = [];
		for await (const stored of chunksInOrder(db, HASH, TOTAL)) {
			expect(await holdsChunk(stored.data, stored.index)).toBe(true);
			seen.push(stored.index);
		}
		expect(seen).toEqual(chunks(0, 9).map((c) => c.index));
	});

	it('a backup exports the chunks of piece files', async () => {
		const { db } = await fresh();
		await db.files.put(row('m'));
		await write(db, 'm', chunks(0, 5));
		const exported: number[] = [];
		for await (const record of exportRecords(db, { files: true, onSkipped: () => undefined })) {
			if (record.t !== 'fileChunk') continue;
			expect(Buffer.from(record.data).equals(Buffer.from(chunk(record.index).data))).toBe(true);
			exported.push(record.index);
		}
		expect(exported).toEqual([0, 1, 2, 3, 4]);
	});

	it('the start finds piece files no row names; a deleted database takes its folder', async () => {
		const { db, fs, files } = await fresh();
		await db.files.put(row('m'));
		await write(db, 'm', chunks(0, 2));
		const stray = 'cd'.repeat(32);
		await files.write(stray, 10, [{ at: 0, bytes: new Uint8Array(10) }]);
		expect(await unclaimedPieceFiles(db, await files.names())).toEqual([stray]);
		// The worker holds the files open: the page alone cannot remove them...
		await expect(removePieceFolder(db.name, fs.rootHandle)).rejects.toThrow(/NoModificationAllowed/);
		// ...so the database's live adapter closes them first.
		files.register();
		try {
			await removePieceFolder(db.name, fs.rootHandle);
		} finally {
			files.stop();
		}
		expect(fs.root.folders.has(pieceFolderOf(db.name))).toBe(false);
		await removePieceFolder(db.name, fs.rootHandle);
	});

	it('the storage page counts a piece file being received at the size it takes on disk (made whole at its first write)', async () => {
		// A sender that announces a large file and sends one chunk takes the whole size from the
		// quota: the page shows that, not the one chunk, so the user sees what to cancel.
		const { db, fs } = await fresh();
		await db.files.add(row('m1'));
		await write(db, 'm1', chunks(0, 1));
		expect(fileIn(fs, db)?.length).toBe(SIZE);
		expect((await fileBytesByConversation(db)).get('chat')).toBe(SIZE);
	});

	it('a backup taken while a piece file is written reads it again when the browser calls the file changed (Chromium\'s NotReadableError)', async () => {
		// Chromium refuses to read a File taken before a later write to it: a file still being
		// received changes under the backup. Before, the whole backup failed.
		const { db, files } = await fresh();
		await db.files.put(row('m'));
		await write(db, 'm', chunks(0, 3));
		let stale = 1;
		const staleBlob = (blob: Blob): Blob =>
			({
				size: blob.size,
				slice: (start?: number, end?: number) => staleBlob(blob.slice(start, end)),
				arrayBuffer: () => {
					const error = new Error('The requested file could not be read');
					error.name = 'NotReadableError';
					return Promise.reject(error);
				}
			}) as unknown as Blob;
		attachPieceFiles(db, { ...files, write: files.write.bind(files), close: files.close.bind(files), remove: files.remove.bind(files), file: async (hash) => {
			const blob = await files.file(hash);
			return blob !== null && stale-- > 0 ? staleBlob(blob) : blob;
		} });
		const exported: number[] = [];
		for await (const record of exportRecords(db, { files: true, onSkipped: () => undefined })) {
			if (record.t !== 'fileChunk') continue;
			expect(Buffer.from(record.data).equals(Buffer.from(chunk(record.index).data))).toBe(true);
			exported.push(record.index);
		}
		expect(exported).toEqual([0, 1, 2]);
	});

	it('a deleted database takes its folder even when its live worker has failed (erase of a retired device)', async () => {
		const { db, fs, files } = await fresh();
		await db.files.put(row('m'));
		await write(db, 'm', chunks(0, 2));
		await files.close(HASH);
		let fail: (event: Event) => void = () => undefined;
		const dead = new OpfsPieceFiles(
			{ postMessage: () => undefined, addEventListener: (type: string, listener: (event: never) => void) => void (type === 'error' && (fail = listener as (event: Event) => void)), terminate: () => undefined },
			pieceFolderOf(db.name),
			fs.rootHandle
		).register();
		fail(new Event('error'));
		try {
			await removePieceFolder(db.name, fs.rootHandle);
		} finally {
			dead.stop();
		}
		expect(fs.root.folders.has(pieceFolderOf(db.name))).toBe(false);
	});

	it('chunks held by another message that is deleted while this batch is written are written after all, not claimed in `have` without bytes', async () => {
		const { db, files } = await fresh();
		await db.files.bulkPut([row('m1'), row('m2')]);
		await write(db, 'm1', chunks(0, 3));
		let dropped = false;
		attachPieceFiles(db, {
			...files,
			close: files.close.bind(files),
			remove: files.remove.bind(files),
			file: files.file.bind(files),
			write: async (hash, size, pieces) => {
				if (!dropped) {
					dropped = true;
					// The user deletes m1 while m2's first batch (which skipped m1's chunks) is written.
					await db.transaction('rw', db.files, db.fileChunks, () => dropFiles(db, ['m1']));
				}
				await files.write(hash, size, pieces);
			}
		});
		await write(db, 'm2', chunks(0, 5));
		await settle();
		expect((await db.files.get('m2'))?.have).toEqual([[0, 5]]);
		for (let index = 0; index < 5; index++) expect(await holdsChunk(await readChunk(db, HASH, index), index)).toBe(true);
	});
});
