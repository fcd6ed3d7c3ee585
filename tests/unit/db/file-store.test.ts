import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { assembledFile } from '../../../src/lib/db/file-queries';
import { chunkBatchesInOrder, chunksInOrder, readChunk, removeFileData, storeChunks } from '../../../src/lib/db/file-store';
import { ChunkRanges } from '../../../src/lib/files/chunk-ranges';
import { CHUNK_BYTES, MAX_PIECE_CHUNKS } from '../../../src/lib/files/file-limits';
import type { MessageId } from '../../../src/lib/ids/message-id';

// The receiver's stored pieces (files/chunk-pieces): consecutive chunks as one Blob, read back
// chunk by chunk for serving, verifying and assembling; `have` and the pieces in one transaction.

let counter = 0;
const dbs: ChatDb[] = [];
async function fresh(): Promise<ChatDb> {
	const db = new ChatDb(`file-store-${++counter}`);
	dbs.push(db);
	await db.open();
	return db;
}
afterEach(async () => {
	for (const db of dbs.splice(0)) await db.delete();
});

const TOTAL = MAX_PIECE_CHUNKS + 10;
const SIZE = (TOTAL - 1) * CHUNK_BYTES + 100;
/** Chunk `index` of the test file: every byte says which chunk it is in. */
const chunk = (index: number) => ({ index, data: new Uint8Array(index === TOTAL - 1 ? 100 : CHUNK_BYTES).fill(index % 256) });
const chunks = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => chunk(start + i));

function row(id: string, over: Partial<FileRow> = {}): FileRow {
	return { messageId: id as MessageId, conversationId: 'chat', direction: 'in', peerId: 'peer', hash: 'h'.repeat(64), key: new Uint8Array(32), name: 'a.bin', type: 'application/octet-stream', size: SIZE, chunks: TOTAL, state: 'receiving', have: [], time: 1, ...over };
}

/** Stores a batch as the fetcher does: the pieces with the `have` they complete. */
async function write(db: ChatDb, id: string, batch: ReturnType<typeof chunks>): Promise<void> {
	const file = (await db.files.get(id)) as FileRow;
	const have = ChunkRanges.from(file.have, TOTAL) as ChunkRanges;
	for (const { index } of batch) have.add(index);
	await storeChunks(db, id as MessageId, batch, have.toWire());
}

/** Whether a stored Blob holds exactly chunk `index` (Buffer.equals: toEqual is slow on 64 KiB). */
async function holdsChunk(blob: Blob | undefined, index: number): Promise<boolean> {
	return blob !== undefined && Buffer.from(await blob.arrayBuffer()).equals(chunk(index).data);
}
async function indexesInOrder(db: ChatDb): Promise<number[]> {
	const seen: number[] = [];
	for await (const stored of chunksInOrder(db, 'h'.repeat(64), TOTAL, 3)) {
		expect(await holdsChunk(stored.data, stored.index)).toBe(true);
		seen.push(stored.index);
	}
	return seen;
}

describe('storeChunks: a batch is a few pieces, not a record per chunk', { timeout: 60_000 }, () => {
	it('stores consecutive chunks as one piece, cut at MAX_PIECE_CHUNKS, and reads each chunk back', async () => {
		const db = await fresh();
		await db.files.put(row('m'));
		await write(db, 'm', chunks(0, TOTAL).reverse());
		const pieces = await db.fileChunks.toArray();
		expect(pieces.map((piece) => [piece.index, piece.count])).toEqual([
			[0, MAX_PIECE_CHUNKS],
			[MAX_PIECE_CHUNKS, 10]
		]);
		for (const index of [0, 1, MAX_PIECE_CHUNKS - 1, MAX_PIECE_CHUNKS, TOTAL - 1]) expect(await holdsChunk(await readChunk(db, 'h'.repeat(64), index), index)).toBe(true);
		expect(await indexesInOrder(db)).toEqual(chunks(0, TOTAL).map((c) => c.index));
		expect((await db.files.get('m'))?.have).toEqual([[0, TOTAL]]);
	});

	it('resumes after a partial write: the stored pieces and `have` agree, the gap reads as a gap, then fills', async () => {
		const db = await fresh();
		await db.files.put(row('m'));
		await write(db, 'm', chunks(0, 20));
		await write(db, 'm', [...chunks(20, 30), ...chunks(40, 45)]);
		expect((await db.files.get('m'))?.have).toEqual([
			[0, 30],
			[40, 45]
		]);
		expect(await readChunk(db, 'h'.repeat(64), 35)).toBeUndefined();
		expect(await readChunk(db, 'h'.repeat(64), 45)).toBeUndefined();
		const partial = await indexesInOrder(db);
		expect(partial).toEqual([...chunks(0, 30), ...chunks(40, 45)].map((c) => c.index));
		// The gaps come later, as their own pieces: the file reads whole, in order.
		await write(db, 'm', [...chunks(30, 40), ...chunks(45, TOTAL)]);
		expect((await db.files.get('m'))?.have).toEqual([[0, TOTAL]]);
		expect(await indexesInOrder(db)).toEqual(chunks(0, TOTAL).map((c) => c.index));
		await db.files.update('m', { state: 'complete' });
		const whole = await assembledFile(db, (await db.files.get('m')) as FileRow);
		expect(whole?.size).toBe(SIZE);
		let joined = 0;
		for await (const batch of chunkBatchesInOrder(db, 'h'.repeat(64), TOTAL, 7)) joined += batch.size;
		expect(joined).toBe(SIZE);
	});

	it('writes nothing once the file stopped being fetched (removed, cancelled)', async () => {
		const db = await fresh();
		await db.files.put(row('m', { state: 'waiting' }));
		await storeChunks(db, 'm' as MessageId, chunks(0, 4), [[0, 4]]);
		expect(await db.fileChunks.count()).toBe(0);
		expect((await db.files.get('m'))?.have).toEqual([]);
	});

	it('never replaces a longer piece with a shorter one: a second message of the same file counts on it', async () => {
		const db = await fresh();
		await db.files.bulkPut([row('first'), row('second')]);
		await write(db, 'first', chunks(0, 30));
		await write(db, 'second', chunks(0, 5));
		expect((await db.fileChunks.toArray()).map((piece) => [piece.index, piece.count])).toEqual([[0, 30]]);
		expect(await holdsChunk(await readChunk(db, 'h'.repeat(64), 29), 29)).toBe(true);
		// Overlapping pieces (another start) read each chunk once.
		await write(db, 'second', chunks(5, 40));
		expect(await indexesInOrder(db)).toEqual(chunks(0, 40).map((c) => c.index));
		// One message's removal keeps what the other holds.
		await removeFileData(db, 'first' as MessageId);
		expect(await db.fileChunks.count()).toBe(2);
		await removeFileData(db, 'second' as MessageId);
		expect(await db.fileChunks.count()).toBe(0);
	});

	it('reads rows stored one chunk each (before pieces) beside pieces', async () => {
		const db = await fresh();
		await db.files.put(row('m', { have: [[0, 3]] }));
		await db.fileChunks.bulkPut(chunks(0, 3).map((c) => ({ hash: 'h'.repeat(64), index: c.index, data: new Blob([c.data]) })));
		await write(db, 'm', chunks(3, 9));
		expect(await holdsChunk(await readChunk(db, 'h'.repeat(64), 2), 2)).toBe(true);
		expect(await holdsChunk(await readChunk(db, 'h'.repeat(64), 8), 8)).toBe(true);
		expect(await indexesInOrder(db)).toEqual(chunks(0, 9).map((c) => c.index));
	});
});
