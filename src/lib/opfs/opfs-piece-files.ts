import { StorageFullError, type PieceFiles, type SealedPieceFiles } from '../db/piece-files';
import { MAX_CHUNK_FRAME_BYTES } from '../files/chunk-frame';
import type { PieceFileReply, PieceFileRequest } from './piece-file-service';

/** What the page reads files through (the OPFS root, or a test's in-memory one). */
export interface ReadDirectoryLike {
	getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<ReadDirectoryLike>;
	getFileHandle(name: string): Promise<{ getFile(): Promise<Blob> }>;
	removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
	keys(): AsyncIterable<string>;
}

/** The part of a Worker the adapter uses; tests pass an in-process stand-in. */
export interface PieceWorkerLike {
	postMessage(message: PieceFileRequest, transfer?: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
	addEventListener(type: 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

type Body<R> = R extends unknown ? Omit<R, 'id' | 'folder'> : never;

/** The OPFS folder of a database's piece files. */
export function pieceFolderOf(dbName: string): string {
	return `files-${dbName.replace(/[^\w.-]/g, '_')}`.slice(0, 100);
}

const live = new Map<string, OpfsPieceFiles>();

/**
 * How long a request may wait for the worker's answer. A worker the browser kills (out of memory)
 * fires no error event: past this it counts as gone, so a transfer does not wait forever (its
 * writes then go to IndexedDB, file-store.ts). A 4 MiB write takes milliseconds.
 */
export const PIECE_WORKER_ANSWER_MS = 60_000;

/**
 * The page's side of the piece-file worker (db/piece-files.ts): writes go to the worker, which
 * holds the files' only handles; reads take the file from the OPFS root here (allowed while
 * the worker holds it open, in Chromium and Firefox: bench/opfs-facts.ts).
 */
export class OpfsPieceFiles implements PieceFiles {
	readonly #worker: PieceWorkerLike;
	readonly #folder: string;
	readonly #root: () => Promise<ReadDirectoryLike>;
	readonly #pending = new Map<number, (reply: PieceFileReply) => void>();
	#nextId = 1;
	#broken: string | null = null;
	readonly #answerMs: number;

	constructor(worker: PieceWorkerLike, folder: string, root: () => Promise<ReadDirectoryLike>, answerMs = PIECE_WORKER_ANSWER_MS) {
		this.#worker = worker;
		this.#folder = folder;
		this.#root = root;
		this.#answerMs = answerMs;
		worker.addEventListener('message', (event) => this.#settle(event.data));
		worker.addEventListener('error', () => this.#fail('the piece-file worker failed'));
	}

	/** Asks the worker whether it can write here; false when not (then pieces stay in IndexedDB). */
	async usable(): Promise<boolean> {
		const reply = await this.#ask({ op: 'probe' });
		return reply.ok;
	}

	async write(hash: string, size: number, pieces: readonly { at: number; bytes: Uint8Array<ArrayBuffer> }[]): Promise<void> {
		// Each piece's buffer is its own (file-store joins the chunks): it moves, not copied.
		const reply = await this.#ask({ op: 'write', hash, size, pieces: [...pieces] }, pieces.map((piece) => piece.bytes.buffer));
		if (reply.ok) return;
		throw reply.full ? new StorageFullError(reply.message) : new Error(reply.message);
	}

	readonly sealed: SealedPieceFiles = {
		write: async (hash, size, key, chunks) => {
			const reply = await this.#ask({ op: 'sealed', hash, size, key: key.slice(), chunks: chunks.map(({ index, sealed }) => ({ index, sealed })) }, movable(chunks));
			if (reply.ok) return { stored: reply.stored ?? [], refused: reply.refused ?? [] };
			throw reply.full ? new StorageFullError(reply.message) : new Error(reply.message);
		},
		digest: async (hash, chunks) => {
			const reply = await this.#ask({ op: 'digest', hash, chunks });
			return reply.ok && reply.digest instanceof Uint8Array ? reply.digest : null;
		},
		forget: (hash) => this.#must({ op: 'forget', hash })
	};

	async close(hash: string): Promise<void> {
		await this.#must({ op: 'close', hash });
	}

	async remove(hash: string): Promise<void> {
		await this.#must({ op: 'remove', hash });
	}

	/** Every piece file of this database goes (it is being erased). */
	async removeAll(): Promise<void> {
		await this.#must({ op: 'removeAll' });
	}

	async file(hash: string): Promise<Blob | null> {
		try {
			const folder = await (await this.#root()).getDirectoryHandle(this.#folder);
			return await (await folder.getFileHandle(hash)).getFile();
		} catch (error) {
			if (error instanceof Error || error instanceof DOMException) {
				if (error.name === 'NotFoundError' || error.name === 'TypeError') return null;
			}
			throw error;
		}
	}

	/** The names of the files in this database's folder (content hashes), for the start's sweep. */
	async names(): Promise<string[]> {
		const names: string[] = [];
		try {
			const folder = await (await this.#root()).getDirectoryHandle(this.#folder);
			for await (const name of folder.keys()) names.push(name);
		} catch (error) {
			if (!(error instanceof Error || error instanceof DOMException) || error.name !== 'NotFoundError') throw error;
		}
		return names;
	}

	stop(): void {
		this.#fail('stopped');
		this.#worker.terminate();
		if (live.get(this.#folder) === this) live.delete(this.#folder);
	}

	/** Registers this adapter as the one writing its folder (removePieceFolder asks it first). */
	register(): this {
		live.set(this.#folder, this);
		return this;
	}

	async #must(body: Body<PieceFileRequest>): Promise<void> {
		const reply = await this.#ask(body);
		if (!reply.ok) throw new Error(reply.message);
	}

	#ask(body: Body<PieceFileRequest>, transfer: Transferable[] = []): Promise<PieceFileReply> {
		const id = this.#nextId++;
		if (this.#broken !== null) return Promise.resolve({ id, ok: false, full: false, message: this.#broken });
		return new Promise((resolve) => {
			const silence = setTimeout(() => {
				this.#fail('the piece-file worker does not answer');
				this.#worker.terminate();
			}, this.#answerMs);
			this.#pending.set(id, (reply) => {
				clearTimeout(silence);
				resolve(reply);
			});
			this.#worker.postMessage({ ...body, id, folder: this.#folder } as PieceFileRequest, transfer);
		});
	}

	#settle(data: unknown): void {
		if (typeof data !== 'object' || data === null || typeof (data as { id?: unknown }).id !== 'number') return;
		const reply = data as PieceFileReply;
		const resolve = this.#pending.get(reply.id);
		this.#pending.delete(reply.id);
		resolve?.(reply);
	}

	#fail(message: string): void {
		this.#broken = message;
		for (const [id, resolve] of this.#pending) resolve({ id, ok: false, full: false, message });
		this.#pending.clear();
	}
}

/**
 * The buffers of sealed chunks that may move to the worker: a frame's own buffer (the file
 * channel makes one per message). A view of anything larger (a buffer others may share) is
 * cloned instead: moving it would empty their views.
 */
function movable(chunks: readonly { sealed: Uint8Array }[]): ArrayBuffer[] {
	const buffers = new Set<ArrayBuffer>();
	for (const { sealed } of chunks) if (sealed.buffer instanceof ArrayBuffer && sealed.buffer.byteLength <= MAX_CHUNK_FRAME_BYTES) buffers.add(sealed.buffer);
	return [...buffers];
}

/** The browser's OPFS root as the adapter reads it. */
export function opfsRoot(): Promise<ReadDirectoryLike> {
	return navigator.storage.getDirectory() as unknown as Promise<ReadDirectoryLike>;
}

/** Reads a database's piece files without writing any (the backup worker's export). */
export function pieceFileReader(dbName: string, root: () => Promise<ReadDirectoryLike> = opfsRoot): PieceFiles {
	const refuse = () => Promise.reject(new Error('read only'));
	const reader = new OpfsPieceFiles({ postMessage: () => undefined, addEventListener: () => undefined, terminate: () => undefined }, pieceFolderOf(dbName), root);
	return { write: refuse, close: refuse, remove: refuse, file: (hash) => reader.file(hash) };
}

/**
 * What a tab that does not run the worker uses (another tab does, app/piece-files-start.ts):
 * reads, and removals from the page. A file the worker holds open cannot be removed
 * (NoModificationAllowedError): the removal fails, is logged by the caller, and the writing tab's
 * next start removes the file, which no row names any more.
 */
export function pieceFilePageSide(dbName: string, root: () => Promise<ReadDirectoryLike> = opfsRoot): PieceFiles {
	const folder = pieceFolderOf(dbName);
	const reader = pieceFileReader(dbName, root);
	return {
		...reader,
		remove: async (hash) => {
			try {
				await (await (await root()).getDirectoryHandle(folder)).removeEntry(hash);
			} catch (error) {
				if (!(error instanceof Error || error instanceof DOMException) || error.name !== 'NotFoundError') throw error;
			}
		}
	};
}

/**
 * Starts the piece-file worker for a database; null where it cannot write (no OPFS, no sync
 * access handles in workers, private browsing): pieces then stay in IndexedDB.
 */
export async function startPieceFiles(dbName: string): Promise<OpfsPieceFiles | null> {
	if (typeof Worker !== 'function' || typeof navigator.storage?.getDirectory !== 'function') return null;
	const worker = new Worker(new URL('./piece-file-worker.ts', import.meta.url), { type: 'module', name: 'parley-piece-files' });
	const files = new OpfsPieceFiles(worker as unknown as PieceWorkerLike, pieceFolderOf(dbName), opfsRoot);
	if (await files.usable().catch(() => false)) return files.register();
	files.stop();
	return null;
}

/**
 * A database is deleted: its piece files go too (no storage the user cannot see). The live
 * adapter of that database closes its handles first; otherwise the folder is removed from here.
 */
export async function removePieceFolder(dbName: string, root: () => Promise<ReadDirectoryLike> = opfsRoot): Promise<void> {
	const folder = pieceFolderOf(dbName);
	const writer = live.get(folder);
	if (writer !== undefined) {
		try {
			await writer.removeAll();
			return;
		} catch (error) {
			console.warn('the piece-file worker did not remove the folder', error);
		}
		// A worker that failed or stopped answering is ended (its handles close with it) and the
		// folder is removed from here: an erased device keeps none of its files.
		writer.stop();
	}
	if (root === opfsRoot && (typeof navigator === 'undefined' || typeof navigator.storage?.getDirectory !== 'function')) return;
	try {
		await (await root()).removeEntry(folder, { recursive: true });
	} catch (error) {
		if (!(error instanceof Error || error instanceof DOMException) || error.name !== 'NotFoundError') throw error;
	}
}

/**
 * At start: piece folders whose database is gone (its deletion could not remove them: a worker
 * still holding its files, the tab closed mid-way) are removed. The folders are listed before the
 * databases, and a database exists before its folder, so a new database's folder is never taken.
 */
export async function removeOrphanPieceFolders(databaseNames: () => Promise<string[]>, root: () => Promise<ReadDirectoryLike> = opfsRoot): Promise<void> {
	if (root === opfsRoot && (typeof navigator === 'undefined' || typeof navigator.storage?.getDirectory !== 'function')) return;
	const folders: string[] = [];
	const dir = await root();
	for await (const name of dir.keys()) if (name.startsWith('files-')) folders.push(name);
	if (folders.length === 0) return;
	const kept = new Set((await databaseNames()).map(pieceFolderOf));
	for (const folder of folders) {
		if (kept.has(folder)) continue;
		await dir.removeEntry(folder, { recursive: true }).catch((error: unknown) => console.warn('a piece folder could not be removed', error));
	}
}
