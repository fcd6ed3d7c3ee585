import { describe, expect, it } from 'vitest';
import { offsetInPiece, pieceCount, pieceHolds, piecesOf } from '../../../src/lib/files/chunk-pieces';
import { CHUNK_BYTES, MAX_PIECE_CHUNKS } from '../../../src/lib/files/file-limits';

const at = (...indexes: number[]) => indexes.map((index) => ({ index }));
const shape = (pieces: { index: number; chunks: unknown[] }[]) => pieces.map((piece) => [piece.index, piece.chunks.length]);

describe('piecesOf: what the receiver stores as one Blob', () => {
	it('joins consecutive chunks, in order, whatever order they came in', () => {
		expect(shape(piecesOf(at(3, 1, 2, 0)))).toEqual([[0, 4]]);
	});

	it('starts a new piece at a gap (a resend, a resumed transfer)', () => {
		expect(shape(piecesOf(at(0, 1, 5, 6, 9)))).toEqual([
			[0, 2],
			[5, 2],
			[9, 1]
		]);
	});

	it('cuts a run at MAX_PIECE_CHUNKS: a reader looks back no further for the piece that holds a chunk', () => {
		const run = Array.from({ length: MAX_PIECE_CHUNKS * 2 + 3 }, (_, i) => ({ index: 10 + i }));
		expect(shape(piecesOf(run))).toEqual([
			[10, MAX_PIECE_CHUNKS],
			[10 + MAX_PIECE_CHUNKS, MAX_PIECE_CHUNKS],
			[10 + 2 * MAX_PIECE_CHUNKS, 3]
		]);
		expect(shape(piecesOf(at(0, 1, 2, 3), 2))).toEqual([
			[0, 2],
			[2, 2]
		]);
	});

	it('keeps one copy of a chunk that is there twice, so chunk i of a piece is always index + i', () => {
		const chunks = [
			{ index: 0, copy: 'a' },
			{ index: 1, copy: 'a' },
			{ index: 1, copy: 'b' },
			{ index: 2, copy: 'a' }
		];
		const [piece, ...rest] = piecesOf(chunks);
		expect(rest).toEqual([]);
		expect(piece?.chunks.map((chunk) => `${chunk.index}${chunk.copy}`)).toEqual(['0a', '1a', '2a']);
	});

	it('makes nothing of nothing', () => {
		expect(piecesOf([])).toEqual([]);
	});
});

describe('stored pieces', () => {
	it('a row written before pieces holds exactly its own chunk', () => {
		expect(pieceCount({ index: 7 })).toBe(1);
		expect(pieceHolds({ index: 7 }, 7)).toBe(true);
		expect(pieceHolds({ index: 7 }, 8)).toBe(false);
		expect(pieceHolds({ index: 7 }, 6)).toBe(false);
	});

	it('a piece holds its chunks and no others', () => {
		const piece = { index: 4, count: 3 };
		expect([3, 4, 5, 6, 7].map((index) => pieceHolds(piece, index))).toEqual([false, true, true, true, false]);
	});

	it('finds a chunk by its place in the piece', () => {
		expect(offsetInPiece({ index: 4, count: 3 }, 6)).toEqual({ start: 2 * CHUNK_BYTES, end: 3 * CHUNK_BYTES });
		expect(offsetInPiece({ index: 4 }, 4)).toEqual({ start: 0, end: CHUNK_BYTES });
	});
});
