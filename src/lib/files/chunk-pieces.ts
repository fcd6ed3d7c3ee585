import { CHUNK_BYTES, MAX_PIECE_CHUNKS } from './file-limits';

/**
 * Received chunks are stored as pieces (PROTOCOL §13d): runs of consecutive chunks kept as one
 * stored Blob, at most MAX_PIECE_CHUNKS long. Each stored Blob costs a round trip to the
 * browser's blob store and an IndexedDB record, far more than the bytes it holds: one Blob per
 * 64 KiB chunk was the receiver's largest cost.
 */
export interface Piece<T> {
	/** The first chunk's index. */
	index: number;
	/** The chunks, in order; `index + i` is the index of `chunks[i]`. */
	chunks: T[];
}

/** Chunks cut into pieces: sorted, consecutive indexes together, no piece above `max` chunks. */
export function piecesOf<T extends { index: number }>(chunks: readonly T[], max = MAX_PIECE_CHUNKS): Piece<T>[] {
	const pieces: Piece<T>[] = [];
	let last: Piece<T> | undefined;
	for (const chunk of [...chunks].sort((a, b) => a.index - b.index)) {
		// A duplicate index keeps the first copy: a piece's chunk i must be chunk index + i.
		if (last !== undefined && chunk.index < last.index + last.chunks.length) continue;
		if (last !== undefined && chunk.index === last.index + last.chunks.length && last.chunks.length < max) last.chunks.push(chunk);
		else {
			last = { index: chunk.index, chunks: [chunk] };
			pieces.push(last);
		}
	}
	return pieces;
}

/** A stored piece as the reader sees it: first chunk index and how many chunks (1 for rows written before pieces). */
export interface StoredPiece {
	index: number;
	count?: number;
}

/** Chunks in a stored piece; rows written before pieces held one chunk and no count. */
export function pieceCount(piece: StoredPiece): number {
	return piece.count ?? 1;
}

/** Whether the stored piece holds chunk `index`. */
export function pieceHolds(piece: StoredPiece, index: number): boolean {
	return piece.index <= index && index < piece.index + pieceCount(piece);
}

/** Byte offsets of chunk `index` inside its piece (every chunk but a file's last is CHUNK_BYTES). */
export function offsetInPiece(piece: StoredPiece, index: number): { start: number; end: number } {
	const start = (index - piece.index) * CHUNK_BYTES;
	return { start, end: start + CHUNK_BYTES };
}
