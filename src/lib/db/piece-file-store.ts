import type { ChatDb } from './chat-db';
import { refuseOtherSize } from './file-size-claim';
import { pieceHolds, piecesOf } from '../files/chunk-pieces';
import { CHUNK_BYTES, MAX_PIECE_CHUNKS } from '../files/file-limits';
import type { MessageId } from '../ids/message-id';
import { removeAfterCommit, StorageFullError, type PieceFiles } from './piece-files';

// storeChunks (file-store.ts) with piece files: the bytes go to the file first, then the rows.

class ChunksLost extends Error {}

/**
 * One attempt of storeChunks with piece files: the chunks no stored piece holds are written to
 * the file, then the rows put, once every chunk of the batch is still held ('lost' otherwise,
 * nothing put). 'rows' when the file could not be written for another reason than space.
 */
export async function storeInFile(db: ChatDb, files: PieceFiles, messageId: MessageId, chunks: readonly { index: number; data: Uint8Array<ArrayBuffer> }[], have: [number, number][]): Promise<'done' | 'lost' | 'rows'> {
	const planned = await db.transaction('r', db.files, db.fileChunks, async () => {
		const row = await db.files.get(messageId);
		if (row === undefined || row.state !== 'receiving') return null;
		await refuseOtherSize(db, row);
		return { row, fresh: piecesOf(await unheldChunks(db, row.hash, chunks)) };
	});
	// Removed, cancelled or declined meanwhile: what was on the way is not kept.
	if (planned === null) return 'done';
	const { row, fresh } = planned;
	// Nothing new (another message of the file has it all): its file is not even opened.
	if (fresh.length > 0) {
		try {
			await files.write(row.hash, row.size, fresh.map((piece) => ({ at: piece.index * CHUNK_BYTES, bytes: joined(piece.chunks) })));
		} catch (error) {
			if (error instanceof StorageFullError) throw error;
			// The file could not be written for another reason (another tab's worker holds it, the
			// worker is gone): the batch goes into rows, as without piece files, rather than being
			// lost with the transfer waiting for it forever.
			console.warn('a piece file could not be written; its bytes stay in IndexedDB', error);
			return 'rows';
		}
	}
	try {
		await db.transaction('rw', db.files, db.fileChunks, async () => {
			const now = await db.files.get(messageId);
			if (now === undefined || now.state !== 'receiving') {
				// It went while the bytes were written: they go too, unless another message holds the file.
				const rows = await db.fileChunks.where('[hash+index]').between([row.hash, 0], [row.hash, Infinity]).count();
				if (rows === 0) removeAfterCommit(db, [row.hash]);
				return;
			}
			await db.fileChunks.bulkPut(fresh.map((piece) => ({ hash: row.hash, index: piece.index, count: piece.chunks.length, inFile: 1 as const })));
			// `have` claims the whole batch: each chunk must still be held (aborts the transaction).
			if ((await unheldChunks(db, row.hash, chunks)).length > 0) throw new ChunksLost();
			await db.files.put({ ...now, have });
		});
	} catch (error) {
		if (error instanceof ChunksLost) return 'lost';
		throw error;
	}
	return 'done';
}

/**
 * The chunks no stored piece of the file holds yet. One file holds a hash's bytes for every
 * message that carries it, so a chunk already there (perhaps of a verified file) is never
 * written again: another message claiming the same hash under its own key cannot change the
 * bytes an earlier message shows (with pieces in rows, the earlier piece is the one read).
 */
async function unheldChunks<T extends { index: number }>(db: ChatDb, hash: string, chunks: readonly T[]): Promise<T[]> {
	if (chunks.length === 0) return [];
	const indexes = chunks.map((chunk) => chunk.index);
	const from = Math.max(0, Math.min(...indexes) - MAX_PIECE_CHUNKS + 1);
	const stored = await db.fileChunks.where('[hash+index]').between([hash, from], [hash, Math.max(...indexes)], true, true).toArray();
	return chunks.filter((chunk) => !stored.some((piece) => pieceHolds(piece, chunk.index)));
}

/** Of these chunk indexes, those some stored piece of the file holds already. */
export async function heldChunks(db: ChatDb, hash: string, indexes: readonly number[]): Promise<number[]> {
	const unheld = new Set((await unheldChunks(db, hash, indexes.map((index) => ({ index })))).map((chunk) => chunk.index));
	return indexes.filter((index) => !unheld.has(index));
}

/** A piece's chunks in one new buffer, handed over to the writer. */
function joined(chunks: readonly { data: Uint8Array<ArrayBuffer> }[]): Uint8Array<ArrayBuffer> {
	const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.data.length, 0));
	let at = 0;
	for (const chunk of chunks) {
		bytes.set(chunk.data, at);
		at += chunk.data.length;
	}
	return bytes;
}
