import type { ChatDb } from './chat-db';
import { refuseOtherSize } from './file-size-claim';
import { heldChunks } from './piece-file-store';
import { pieceFilesOf, removeAfterCommit, type SealedPieceFiles } from './piece-files';
import { ChunkRanges } from '../files/chunk-ranges';
import { piecesOf } from '../files/chunk-pieces';
import type { MessageId } from '../ids/message-id';

/** A batch of sealed chunks after the writer saw it (BENCHMARKS "Files (session 16)"). */
export interface SealedStoreOutcome {
	/** Held now, with a piece row and in `have`: opened and written, or held already. */
	stored: number[];
	/** Did not open under the file's key: nothing of them was written. */
	refused: number[];
	/** Counted as held by another message's pieces, which went meanwhile: to be asked again. */
	lost: number[];
}

/** The piece-file writer that opens chunks itself, if this database has one. */
export function sealedPieceFilesOf(db: ChatDb): SealedPieceFiles | undefined {
	return pieceFilesOf(db)?.sealed;
}

/**
 * storeChunks (file-store.ts) for chunks still sealed: the piece-file writer opens each and
 * writes only those that opened, then the rows of what it wrote are put with `have` (what was
 * `held` before plus the new chunks), so `have` never claims a chunk that is not stored or did
 * not open. A chunk some stored piece holds already is not written again (piece-file-store.ts).
 * Throws StorageFullError as storeChunks does; any other failure of the writer is thrown too
 * (the buffers went with the request: the caller asks for the chunks again).
 */
export async function storeSealedChunks(db: ChatDb, sealed: SealedPieceFiles, messageId: MessageId, key: Uint8Array, chunks: readonly { index: number; data: Uint8Array }[], held: ChunkRanges, total: number): Promise<SealedStoreOutcome> {
	const planned = await db.transaction('r', db.files, db.fileChunks, async () => {
		const row = await db.files.get(messageId);
		if (row === undefined || row.state !== 'receiving') return null;
		await refuseOtherSize(db, row);
		return { row, already: new Set(await heldChunks(db, row.hash, chunks.map((chunk) => chunk.index))) };
	});
	const all = chunks.map((chunk) => chunk.index);
	// Removed, cancelled or declined meanwhile: what was on the way is not kept.
	if (planned === null) return { stored: all, refused: [], lost: [] };
	const { row, already } = planned;
	const fresh = chunks.filter((chunk) => !already.has(chunk.index)).map((chunk) => ({ index: chunk.index, sealed: chunk.data }));
	const written = fresh.length === 0 ? { stored: [], refused: [] } : await sealed.write(row.hash, row.size, key, fresh);
	const outcome: SealedStoreOutcome = { stored: [...written.stored], refused: written.refused, lost: [] };
	await db.transaction('rw', db.files, db.fileChunks, async () => {
		const now = await db.files.get(messageId);
		if (now === undefined || now.state !== 'receiving') {
			// It went while the bytes were written: they go too, unless another message holds the file.
			const rows = await db.fileChunks.where('[hash+index]').between([row.hash, 0], [row.hash, Infinity]).count();
			if (rows === 0) removeAfterCommit(db, [row.hash]);
			return;
		}
		await db.fileChunks.bulkPut(piecesOf(written.stored.map((index) => ({ index }))).map((piece) => ({ hash: row.hash, index: piece.index, count: piece.chunks.length, inFile: 1 as const })));
		const stillHeld = new Set(await heldChunks(db, row.hash, [...already]));
		for (const index of already) (stillHeld.has(index) ? outcome.stored : outcome.lost).push(index);
		const have = ChunkRanges.from(held.toWire(), total) ?? ChunkRanges.empty();
		for (const index of outcome.stored) have.add(index);
		await db.files.put({ ...now, have: have.toWire() });
	});
	return outcome;
}
