/**
 * The piece-file worker's engine (db/piece-files.ts): one Origin Private File System file per
 * received file, in a folder per database, written through sync access handles, which exist
 * only in dedicated workers. Only one handle may be open on a file (a second is refused with
 * NoModificationAllowedError in Chromium and Firefox), so this worker owns them all. The OPFS
 * calls go through the small interfaces below: unit tests give an in-memory directory.
 */

export interface SyncHandleLike {
	write(bytes: Uint8Array, options: { at: number }): number;
	truncate(size: number): void;
	getSize(): number;
	flush(): void;
	close(): void;
}

export interface FileHandleLike {
	createSyncAccessHandle(): Promise<SyncHandleLike>;
}

export interface DirectoryLike {
	getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryLike>;
	getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandleLike>;
	removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
}

/** Handles kept open at once: each holds a file descriptor; the oldest closes past this. */
export const MAX_OPEN_FILES = 8;

/** A content hash as a file name: 64 hex digits, nothing a path could be made of. */
const HASH_NAME = /^[0-9a-f]{64}$/;

/** Why a write failed: `full` when the browser gave no more space, for the card to say so. */
export class PieceFileError extends Error {
	readonly full: boolean;
	constructor(message: string, full: boolean) {
		super(message);
		this.name = 'PieceFileError';
		this.full = full;
	}
}

/**
 * Whether a storage error means "no space": Chromium throws QuotaExceededError; Firefox 153
 * ESR throws NS_ERROR_FILE_NO_DEVICE_SPACE (bench/opfs-facts.ts).
 */
export function isNoSpace(error: unknown): boolean {
	const name = error instanceof Error || error instanceof DOMException ? error.name : '';
	return name === 'QuotaExceededError' || name.includes('NO_DEVICE_SPACE') || name.includes('FILE_TOO_BIG');
}

export class PieceFileHost {
	readonly #root: () => Promise<DirectoryLike>;
	readonly #folderName: string;
	#folder: Promise<DirectoryLike> | null = null;
	/** Open handles, least recently used first (a Map keeps insertion order). */
	readonly #open = new Map<string, SyncHandleLike>();
	readonly #maxOpen: number;

	constructor(root: () => Promise<DirectoryLike>, folderName: string, maxOpen = MAX_OPEN_FILES) {
		this.#root = root;
		this.#folderName = folderName;
		this.#maxOpen = maxOpen;
	}

	/** Writes pieces at their offsets into the file of `size` bytes, made that size first. */
	async write(hash: string, size: number, pieces: readonly { at: number; bytes: Uint8Array }[]): Promise<void> {
		for (const piece of pieces) {
			if (!Number.isSafeInteger(piece.at) || piece.at < 0 || piece.at + piece.bytes.length > size) throw new PieceFileError(`a piece outside the file (${piece.at} + ${piece.bytes.length} > ${size})`, false);
		}
		const handle = await this.#handle(hash);
		try {
			// The whole size at once: the quota is claimed before any byte (a full disk is refused
			// here, not halfway), and growing write by write cost the browser more (BENCHMARKS).
			if (handle.getSize() < size) handle.truncate(size);
			for (const piece of pieces) {
				const written = handle.write(piece.bytes, { at: piece.at });
				if (written !== piece.bytes.length) throw new PieceFileError(`short write (${written} of ${piece.bytes.length})`, true);
			}
		} catch (error) {
			if (error instanceof PieceFileError) throw error;
			throw new PieceFileError(String(error).slice(0, 200), isNoSpace(error));
		}
	}

	/** Flushes and closes the file's handle, if open. */
	close(hash: string): void {
		const handle = this.#open.get(hash);
		if (handle === undefined) return;
		this.#open.delete(hash);
		try {
			handle.flush();
		} finally {
			handle.close();
		}
	}

	/** Removes the file (its handle closed first: an open file cannot be removed). */
	async remove(hash: string): Promise<void> {
		checkName(hash);
		this.close(hash);
		try {
			await (await this.#getFolder()).removeEntry(hash);
		} catch (error) {
			if (!(error instanceof Error || error instanceof DOMException) || error.name !== 'NotFoundError') throw error;
		}
	}

	/** Removes the whole folder (the database is erased). */
	async removeAll(): Promise<void> {
		for (const hash of [...this.#open.keys()]) this.close(hash);
		this.#folder = null;
		try {
			await (await this.#root()).removeEntry(this.#folderName, { recursive: true });
		} catch (error) {
			if (!(error instanceof Error || error instanceof DOMException) || error.name !== 'NotFoundError') throw error;
		}
	}

	get openCount(): number {
		return this.#open.size;
	}

	async #handle(hash: string): Promise<SyncHandleLike> {
		checkName(hash);
		const open = this.#open.get(hash);
		if (open !== undefined) {
			this.#open.delete(hash);
			this.#open.set(hash, open);
			return open;
		}
		const file = await (await this.#getFolder()).getFileHandle(hash, { create: true });
		const handle = await file.createSyncAccessHandle();
		this.#open.set(hash, handle);
		for (const [oldest] of this.#open) {
			if (this.#open.size <= this.#maxOpen) break;
			this.close(oldest);
		}
		return handle;
	}

	#getFolder(): Promise<DirectoryLike> {
		this.#folder ??= this.#root()
			.then((root) => root.getDirectoryHandle(this.#folderName, { create: true }))
			.catch((error: unknown) => {
				this.#folder = null;
				throw error;
			});
		return this.#folder;
	}
}

function checkName(hash: string): void {
	if (!HASH_NAME.test(hash)) throw new PieceFileError('not a content hash', false);
}
