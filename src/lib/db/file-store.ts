import type { ChatDb } from './chat-db';
import type { FileChunkRow, FileRow, FileState, StoredPieceRow } from './file-rows';
import { refuseOtherSize } from './file-size-claim';
import { storeInFile } from './piece-file-store';
import { pieceFilesOf, pieceReaderOf, removeAfterCommit, StorageFullError } from './piece-files';
import { bytesHeld } from '../files/chunk-ranges';
import { offsetInPiece, pieceCount, pieceHolds, piecesOf, type Piece } from '../files/chunk-pieces';
import { CHUNK_BYTES, MAX_PIECE_CHUNKS } from '../files/file-limits';
import type { MessageId } from '../ids/message-id';

/**
 * The files store (issue 12): one `files` row per message that carries a file, and the received
 * chunks in `fileChunks` under the file's hash, as pieces of consecutive chunks (chunk-pieces):
 * each piece's bytes in its row, or (piece-files.ts) in the file's own OPFS file, written before
 * the row. A row's `have` and its pieces change in one transaction, so `have` never claims a
 * chunk that is not stored.
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
 * piece (up to MAX_PIECE_CHUNKS chunks, keyed by its first chunk), so a batch is a few records,
 * not one per chunk. A piece never replaces a longer one stored under the same key (two
 * messages of one file fetched at once): `have` of the other message still counts on it.
 * With piece files the bytes are written first, then the rows; a StorageFullError from them
 * leaves the rows as they were.
 */
export async function storeChunks(
	db: ChatDb,
	messageId: MessageId,
	chunks: readonly { index: number; data: Uint8Array<ArrayBuffer> }[],
	have: [number, number][]
): Promise<void> {
	const files = pieceFilesOf(db);
	if (files === undefined) return storeInRows(db, messageId, chunks, have);
	for (let attempt = 1; ; attempt++) {
		const outcome = await storeInFile(db, files, messageId, chunks, have);
		if (outcome !== 'lost') return outcome === 'rows' ? storeInRows(db, messageId, chunks, have) : undefined;
		// The message whose pieces held some of these chunks was deleted meanwhile, taking them
		// (and perhaps the file): planned again, they are written this time.
		if (attempt >= STORE_ATTEMPTS) return storeInRows(db, messageId, chunks, have);
	}
}

/** Plans of a batch into a piece file made again when others' deletes took chunks it counted on. */
const STORE_ATTEMPTS = 3;

async function storeInRows(db: ChatDb, messageId: MessageId, chunks: readonly { index: number; data: Uint8Array<ArrayBuffer> }[], have: [number, number][]): Promise<void> {
	try {
		await writeRows(db, messageId, chunks, have);
	} catch (error) {
		// The browser refused IndexedDB more space: the transaction wrote nothing, and the file is
		// declined as "no space" as when a piece file is refused, not left waiting.
		if (isQuotaError(error)) throw new StorageFullError();
		throw error;
	}
}

/** Dexie names the error after the DOMException it wraps (`inner` on some paths). */
function isQuotaError(error: unknown): boolean {
	const named = (value: unknown): boolean => value instanceof Error && value.name === 'QuotaExceededError';
	return named(error) || (error instanceof Error && named((error as Error & { inner?: unknown }).inner));
}

async function writeRows(db: ChatDb, messageId: MessageId, chunks: readonly { index: number; data: Uint8Array<ArrayBuffer> }[], have: [number, number][]): Promise<void> {
	await db.transaction('rw', db.files, db.fileChunks, async () => {
		const row = await db.files.get(messageId);
		// Removed, cancelled or declined meanwhile: what was on the way is not kept.
		if (row === undefined || row.state !== 'receiving') return;
		await refuseOtherSize(db, row);
		const fresh = await freshPieces(db, row.hash, piecesOf(chunks));
		await db.fileChunks.bulkPut(fresh.map((piece) => ({ hash: row.hash, index: piece.index, count: piece.chunks.length, data: new Blob(piece.chunks.map((chunk) => chunk.data)) })));
		await db.files.put({ ...row, have });
	});
}

/** The pieces not already stored as long or longer under their key. */
async function freshPieces<T>(db: ChatDb, hash: string, pieces: Piece<T>[]): Promise<Piece<T>[]> {
	const stored = await db.fileChunks.bulkGet(pieces.map((piece) => [hash, piece.index] as [string, number]));
	return pieces.filter((piece, i) => pieceCount(stored[i] ?? { index: piece.index, count: 0 }) < piece.chunks.length);
}

/**
 * Of the piece files found at start, those no piece row names: bytes written before a crash
 * left them unclaimed, or a removal that did not run after its commit. Checked before the
 * store writes to files again, so none is being written.
 */
export async function unclaimedPieceFiles(db: ChatDb, names: readonly string[]): Promise<string[]> {
	const unclaimed: string[] = [];
	for (const name of names) {
		const rows = await db.fileChunks.where('[hash+index]').between([name, 0], [name, Infinity]).count();
		if (rows === 0) unclaimed.push(name);
	}
	return unclaimed;
}

/**
 * Whether another received message of the same hash holds or is fetching its bytes: they share
 * its stored pieces, so what one transfer received over the wire may not be what is stored.
 */
export async function sharesStoredBytes(db: ChatDb, hash: string, messageId: MessageId): Promise<boolean> {
	const others = await db.files.where('hash').equals(hash).filter((other) => other.messageId !== messageId && other.direction === 'in' && (other.have.length > 0 || other.state === 'receiving')).count();
	return others > 0;
}

/**
 * Whether any piece of this hash is stored already: a transfer that starts from nothing then
 * cannot vouch for the stored bytes by hashing what came over the wire (a piece already stored
 * is not written again). Pieces no message counts are left by a restore (a hostile backup's).
 */
export async function holdsStoredPieces(db: ChatDb, hash: string): Promise<boolean> {
	return (await db.fileChunks.where('[hash+index]').between([hash, 0], [hash, Infinity]).count()) > 0;
}

/** No more chunks will be written for this file (it is complete): a piece file's handle closes. */
export async function doneWriting(db: ChatDb, hash: string): Promise<void> {
	await pieceFilesOf(db)?.close(hash);
}

/**
 * Stored pieces with their bytes: a piece file's rows get a slice of the file, read once for
 * all of them (a fresh read: Chromium refuses a File taken before a later write). A piece whose
 * file is missing is left out, a gap like a missing row.
 */
export async function withBytes(db: ChatDb, rows: readonly StoredPieceRow[]): Promise<FileChunkRow[]> {
	if (rows.every((row) => 'data' in row)) return rows as FileChunkRow[];
	const files = pieceReaderOf(db);
	const wholes = new Map<string, Blob | null>();
	const found: FileChunkRow[] = [];
	for (const row of rows) {
		if ('data' in row) {
			found.push(row);
			continue;
		}
		if (!wholes.has(row.hash)) wholes.set(row.hash, files === undefined ? null : await files.file(row.hash));
		const whole = wholes.get(row.hash);
		if (whole == null) continue;
		found.push({ hash: row.hash, index: row.index, count: row.count, data: whole.slice(row.index * CHUNK_BYTES, (row.index + row.count) * CHUNK_BYTES) });
	}
	return found;
}

/** Reads of a piece file changed meanwhile before one is given up (PieceBytes). */
const STALE_READS = 3;

/**
 * A stored piece's bytes, read at once; null when its file is missing. A piece file still being
 * written can change between taking it and reading it, which Chromium refuses (NotReadableError):
 * it is taken fresh and read again.
 */
export async function pieceBytes(db: ChatDb, row: StoredPieceRow): Promise<Uint8Array<ArrayBuffer> | null> {
	for (let attempt = 1; ; attempt++) {
		const [piece] = await withBytes(db, [row]);
		if (piece === undefined) return null;
		try {
			return new Uint8Array(await piece.data.arrayBuffer());
		} catch (error) {
			if ('data' in row || attempt >= STALE_READS || !(error instanceof Error || error instanceof DOMException) || error.name !== 'NotReadableError') throw error;
		}
	}
}

/** The stored piece that holds chunk `index` of a file (files/chunk-pieces), if any. */
export async function pieceHolding(db: ChatDb, hash: string, index: number): Promise<FileChunkRow | undefined> {
	const candidates = await db.fileChunks
		.where('[hash+index]')
		.between([hash, Math.max(0, index - MAX_PIECE_CHUNKS + 1)], [hash, index], true, true)
		.reverse()
		.toArray();
	const holding = candidates.find((candidate) => pieceHolds(candidate, index));
	return holding === undefined ? undefined : (await withBytes(db, [holding]))[0];
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
		const stored = await db.fileChunks.where('[hash+index]').between([hash, from], [hash, count], true, false).limit(batch).toArray();
		if (stored.length === 0) return;
		for (const piece of await withBytes(db, stored)) {
			const end = Math.min(count, piece.index + pieceCount(piece));
			for (let index = Math.max(next, piece.index); index < end; index++) {
				const span = offsetInPiece(piece, index);
				yield { hash, index, data: piece.data.slice(span.start, span.end) };
			}
			next = Math.max(next, end);
		}
		from = (stored.at(-1) as StoredPieceRow).index + 1;
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

/**
 * A received file whose bytes were verified is complete, only if it is still `receiving`: one
 * removed, cancelled or declined meanwhile (another tab) lost what came after (storeChunks keeps
 * nothing for it), and is left as it is. True when it was settled.
 */
export async function completeReceived(db: ChatDb, messageId: MessageId): Promise<boolean> {
	return db.transaction('rw', db.files, async () => {
		const row = await db.files.get(messageId);
		if (row?.state !== 'receiving') return false;
		await db.files.put({ ...row, state: 'complete' });
		return true;
	});
}

/** A received file is to be fetched (again): `receiving`, and whatever stopped it is forgotten. */
export async function resumeFile(db: ChatDb, messageId: MessageId): Promise<void> {
	await db.files.update(messageId, { state: 'receiving', problem: undefined });
}

/**
 * Deletes a file's bytes and keeps its message: our Blob, or the chunks when no other message
 * holds the same file. The row stays as `removed` so a later request is answered `gone`.
 */
export async function removeFileData(db: ChatDb, messageId: MessageId, state: FileState = 'removed', problem?: string): Promise<void> {
	await db.transaction('rw', db.files, db.fileChunks, async () => {
		const row = await db.files.get(messageId);
		if (row === undefined) return;
		const sharers = await db.files.where('hash').equals(row.hash).filter((other) => other.messageId !== messageId && other.direction === 'in' && other.have.length > 0).count();
		if (sharers === 0) await dropPieces(db, row.hash);
		// No bytes are left to check (restored-files.ts).
		const { unchecked: _unchecked, ...rest } = withoutBlob(row);
		await db.files.put({ ...rest, state, have: [], ...(problem === undefined ? {} : { problem }) });
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
		if (sharers === 0) await dropPieces(db, hash);
	}
}

/** Inside a transaction: a file's pieces go, and its piece file once that commits. */
async function dropPieces(db: ChatDb, hash: string): Promise<void> {
	await db.fileChunks.where('[hash+index]').between([hash, 0], [hash, Infinity]).delete();
	removeAfterCommit(db, [hash]);
}

function withoutBlob(row: FileRow): FileRow {
	const { blob: _blob, ...rest } = row;
	return rest;
}

/** Bytes held per conversation (files only), for the storage settings page. */
export async function fileBytesByConversation(db: ChatDb): Promise<Map<string, number>> {
	const totals = new Map<string, number>();
	const add = (row: FileRow, bytes: number) => totals.set(row.conversationId, (totals.get(row.conversationId) ?? 0) + bytes);
	const partial: FileRow[] = [];
	await db.files.each((row) => {
		const held = row.direction === 'out' ? (row.blob === undefined ? 0 : row.size) : heldBytes(row);
		if (row.direction === 'in' && held > 0 && held < row.size) partial.push(row);
		else if (held > 0) add(row, held);
	});
	// A piece file takes its whole size at its first write (piece-files.ts): a partly received
	// file in one counts that, what it takes on disk, not what arrived of it.
	for (const row of partial) {
		const inFile = await db.fileChunks.where('[hash+index]').between([row.hash, 0], [row.hash, Infinity]).filter((piece) => !('data' in piece)).count();
		add(row, inFile > 0 ? row.size : heldBytes(row));
	}
	return totals;
}

function heldBytes(row: FileRow): number {
	return bytesHeld(row.have, row.size, CHUNK_BYTES);
}
