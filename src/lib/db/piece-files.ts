import Dexie from 'dexie';
import type { ChatDb } from './chat-db';

/**
 * Where received files' bytes go when the browser can write files from a worker (issue 12,
 * BENCHMARKS "Files, storage (session 15)"): one file per content hash in the Origin Private File
 * System, chunk i at i × CHUNK_BYTES. IndexedDB keeps the index (a `fileChunks` row per piece
 * without its bytes, and the file row's `have`), written only after the bytes are: a piece row
 * never claims bytes that are not there. Without it, pieces stay Blobs in `fileChunks`; rows of
 * either kind read the same (file-store.ts), so files stored before need no migration.
 */
export interface PieceFiles {
	/**
	 * Writes pieces of a file of `size` bytes at their byte offsets; the file takes its whole size
	 * at the first write, so a full disk is refused before any byte (StorageFullError).
	 */
	write(hash: string, size: number, pieces: readonly { at: number; bytes: Uint8Array<ArrayBuffer> }[]): Promise<void>;
	/** No more writes are coming (the file is complete): its handle is closed. */
	close(hash: string): Promise<void>;
	/** The file's bytes as a Blob (read lazily, fresh for each call), or null when there is none. */
	file(hash: string): Promise<Blob | null>;
	/** The file is gone (its last message was deleted, or its bytes were refused). */
	remove(hash: string): Promise<void>;
	/**
	 * Where the writer can open chunks itself (the piece-file worker, AES-256-GCM files): sealed
	 * chunks handed over (their buffers moved), each written only if it opened under `key`.
	 */
	sealed?: SealedPieceFiles;
}

/** The receiver's per-chunk work done by the piece-file writer (opfs/sealed-pieces.ts). */
export interface SealedPieceFiles {
	/** Opens and writes the chunks; which were stored and which did not open. Throws as `write`. */
	write(hash: string, size: number, key: Uint8Array, chunks: readonly { index: number; sealed: Uint8Array }[]): Promise<{ stored: number[]; refused: number[] }>;
	/** The BLAKE2b of every chunk, when all were written there in order from the first; else null. */
	digest(hash: string, chunks: number): Promise<Uint8Array | null>;
	/** The transfer stopped: the writer lets go of its state for the file. */
	forget(hash: string): Promise<void>;
}

/** The browser refused to give the file more space (quota, or the disk is full). */
export class StorageFullError extends Error {
	constructor(message = 'no space for the file') {
		super(message);
		this.name = 'StorageFullError';
	}
}

const attached = new WeakMap<ChatDb, PieceFiles>();
const readers = new WeakMap<ChatDb, PieceFiles>();

/** From now on, received pieces of this database are written to `files` (boot, once it probed). */
export function attachPieceFiles(db: ChatDb, files: PieceFiles): void {
	attached.set(db, files);
}

/**
 * Piece files are read (and removed) through `reader` while another tab writes them: only one
 * tab of the origin runs the worker (app/piece-files-start.ts), but every tab shows files.
 */
export function attachPieceReader(db: ChatDb, reader: PieceFiles): void {
	readers.set(db, reader);
}

/** Where this tab writes piece files; undefined where it does not (pieces then go into rows). */
export function pieceFilesOf(db: ChatDb): PieceFiles | undefined {
	return attached.get(db);
}

/** Where this tab reads and removes piece files: its writer, else its reader. */
export function pieceReaderOf(db: ChatDb): PieceFiles | undefined {
	return attached.get(db) ?? readers.get(db);
}

/**
 * The files whose last piece row went in the current transaction are removed once it commits
 * (OPFS cannot join an IndexedDB transaction; one that aborts keeps them). Outside a
 * transaction, at once.
 */
export function removeAfterCommit(db: ChatDb, hashes: readonly string[]): void {
	const files = pieceReaderOf(db);
	if (files === undefined || hashes.length === 0) return;
	const remove = () => {
		for (const hash of hashes) files.remove(hash).catch((error: unknown) => console.warn('a stored file could not be removed', error));
	};
	const idb = Dexie.currentTransaction?.idbtrans;
	if (idb === undefined) remove();
	else idb.addEventListener('complete', remove);
}
