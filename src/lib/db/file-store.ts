import type { ChatDb } from './chat-db';
import type { FileChunkRow, FileRow, FileState } from './file-rows';
import { bytesHeld } from '../files/chunk-ranges';
import { offsetInPiece, pieceCount, pieceHolds, piecesOf } from '../files/chunk-pieces';
import { CHUNK_BYTES, MAX_PIECE_CHUNKS } from '../files/file-limits';
import type { MessageId } from '../ids/message-id';

/**
 * The files store (issue 12): one `files` row per message that carries a file, and the received
 * chunks in `fileChunks` under the file's hash, as pieces of consecutive chunks (chunk-pieces). A row's `have` and its chunks change in one
 * transaction, so `have` never claims a chunk that is not stored.
 */

export async function fileOf(db: ChatDb, messageId: MessageId): Promise<FileRow | undefined> {
	return db.files.get(messageId);
}

/** Records a file row if there is none for its message yet (a resent message changes nothing). */
export async function recordFile(db: ChatDb, row: FileRow): Promise<FileRow> {
	return db.transaction('rw', db.files, async () => {
		const existing = await db.files.get(row.messageId);
		if (existing !== undefined) return existing;
		await db.files.add(row);
		return row;
	});
}

/**
 * Chunks that arrived, stored with the new `have` in one transaction: consecutive chunks as one
 * piece (a Blob of up to MAX_PIECE_CHUNKS chunks, keyed by its first chunk), so a batch is a few
 * records, not one per chunk. A piece never replaces a longer one stored under the same key (two
 * messages of one file fetched at once): `have` of the other message still counts on it.
 */
export async function storeChunks(
	db: ChatDb,
	messageId: MessageId,
	chunks: readonly { index: number; data: Uint8Array<ArrayBuffer> }[],
	have: [number, number][]
): Promise<void> {
	await db.transaction('rw', db.files, db.fileChunks, async () => {
		const row = await db.files.get(messageId);
		// Removed, cancelled or declined meanwhile: what was on the way is not kept.
		if (row === undefined || row.state !== 'receiving') return;
		const pieces = piecesOf(chunks);
		const stored = await db.fileChunks.bulkGet(pieces.map((piece) => [row.hash, piece.index] as [string, number]));
		const fresh = pieces.filter((piece, i) => pieceCount(stored[i] ?? { index: piece.index, count: 0 }) < piece.chunks.length);
		await db.fileChunks.bulkPut(fresh.map((piece) => ({ hash: row.hash, index: piece.index, count: piece.chunks.length, data: new Blob(piece.chunks.map((chunk) => chunk.data)) })));
		await db.files.put({ ...row, have });
	});
}

/** The stored piece that holds chunk `index` of a file (files/chunk-pieces), if any. */
export async function pieceHolding(db: ChatDb, hash: string, index: number): Promise<FileChunkRow | undefined> {
	const candidates = await db.fileChunks
		.where('[hash+index]')
		.between([hash, Math.max(0, index - MAX_PIECE_CHUNKS + 1)], [hash, index], true, true)
		.reverse()
		.toArray();
	return candidates.find((candidate) => pieceHolds(candidate, index));
}

/** Chunk `index` of a stored file, cut from the piece that holds it (no bytes read). */
export async function readChunk(db: ChatDb, hash: string, index: number): Promise<Blob | undefined> {
	const piece = await pieceHolding(db, hash, index);
	return piece === undefined ? undefined : chunkOf(piece, index);
}

/** Chunk `index` of a piece that holds it. */
export function chunkOf(piece: FileChunkRow, index: number): Blob {
	const span = offsetInPiece(piece, index);
	return piece.data.slice(span.start, span.end);
}

/**
 * The stored chunks of a file in order, one row per chunk (a slice of its piece, no bytes read),
 * reading `batch` pieces at a time: for verifying and assembling. A chunk held by two
 * overlapping pieces comes once; a missing chunk is a gap in the indexes.
 */
export async function* chunksInOrder(db: ChatDb, hash: string, count: number, batch = 32): AsyncGenerator<FileChunkRow> {
	let next = 0;
	let from = 0;
	while (from < count) {
		const rows = await db.fileChunks.where('[hash+index]').between([hash, from], [hash, count], true, false).limit(batch).toArray();
		if (rows.length === 0) return;
		for (const piece of rows) {
			const end = Math.min(count, piece.index + pieceCount(piece));
			for (let index = Math.max(next, piece.index); index < end; index++) {
				const span = offsetInPiece(piece, index);
				yield { hash, index, data: piece.data.slice(span.start, span.end) };
			}
			next = Math.max(next, end);
		}
		from = (rows.at(-1) as FileChunkRow).index + 1;
	}
}

/**
 * The stored chunks of a file in order, joined `batch` chunks at a time into one Blob: verifying
 * reads each batch in one go (a Blob read is a round trip to the browser's blob store, too slow
 * to make per chunk). A missing chunk leaves a gap, so the bytes do not hash to the file's name.
 */
export async function* chunkBatchesInOrder(db: ChatDb, hash: string, count: number, batch = 64): AsyncGenerator<Blob> {
	let parts: Blob[] = [];
	for await (const chunk of chunksInOrder(db, hash, count)) {
		parts.push(chunk.data);
		if (parts.length < batch) continue;
		yield new Blob(parts);
		parts = [];
	}
	if (parts.length > 0) yield new Blob(parts);
}

export async function setFileState(db: ChatDb, messageId: MessageId, state: FileState, problem?: string): Promise<void> {
	await db.files.update(messageId, problem === undefined ? { state } : { state, problem });
}

/** A received file is to be fetched (again): `receiving`, and whatever stopped it is forgotten. */
export async function resumeFile(db: ChatDb, messageId: MessageId): Promise<void> {
	await db.files.update(messageId, { state: 'receiving', problem: undefined });
}

/**
 * Deletes a file's bytes and keeps its message: our Blob, or the chunks when no other message
 * holds the same file. The row stays as `removed` so a later request is answered `gone`.
 */
export async function removeFileData(db: ChatDb, messageId: MessageId, state: FileState = 'removed'): Promise<void> {
	await db.transaction('rw', db.files, db.fileChunks, async () => {
		const row = await db.files.get(messageId);
		if (row === undefined) return;
		const sharers = await db.files.where('hash').equals(row.hash).filter((other) => other.messageId !== messageId && other.direction === 'in' && other.have.length > 0).count();
		if (sharers === 0) await db.fileChunks.where('[hash+index]').between([row.hash, 0], [row.hash, Infinity]).delete();
		await db.files.put({ ...withoutBlob(row), state, have: [] });
	});
}

/**
 * Inside a transaction over `files` and `fileChunks`: the messages are gone (deleted for me, for
 * everyone, with their conversation or group), so their file rows go, and the chunks of each
 * file no other message still holds. No stored byte outlives the message that showed it.
 */
export async function dropFiles(db: ChatDb, messageIds: readonly string[]): Promise<void> {
	if (messageIds.length === 0) return;
	const rows = (await db.files.bulkGet([...messageIds])).filter((row): row is FileRow => row !== undefined);
	if (rows.length === 0) return;
	const dropped = new Set(rows.map((row) => row.messageId));
	await db.files.bulkDelete([...dropped]);
	for (const hash of new Set(rows.map((row) => row.hash))) {
		const sharers = await db.files.where('hash').equals(hash).filter((other) => !dropped.has(other.messageId) && other.direction === 'in' && other.have.length > 0).count();
		if (sharers === 0) await db.fileChunks.where('[hash+index]').between([hash, 0], [hash, Infinity]).delete();
	}
}

function withoutBlob(row: FileRow): FileRow {
	const { blob: _blob, ...rest } = row;
	return rest;
}

/** Bytes held per conversation (files only), for the storage settings page. */
export async function fileBytesByConversation(db: ChatDb): Promise<Map<string, number>> {
	const totals = new Map<string, number>();
	await db.files.each((row) => {
		const held = row.direction === 'out' ? (row.blob === undefined ? 0 : row.size) : heldBytes(row);
		if (held > 0) totals.set(row.conversationId, (totals.get(row.conversationId) ?? 0) + held);
	});
	return totals;
}

function heldBytes(row: FileRow): number {
	return bytesHeld(row.have, row.size, CHUNK_BYTES);
}
