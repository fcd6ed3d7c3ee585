import type { Sodium } from '../crypto/sodium';
import { PieceFileError, PieceFileHost, type DirectoryLike } from './piece-file-host';
import { SealedPieceWriter, type SealedChunk } from './sealed-pieces';

/**
 * The piece-file worker's messages (the page's side is opfs-piece-files.ts). Requests are
 * handled one at a time in arrival order, so a removal posted after a write runs after it.
 */
export type PieceFileRequest =
	| { id: number; op: 'probe'; folder: string }
	| { id: number; op: 'write'; folder: string; hash: string; size: number; pieces: { at: number; bytes: Uint8Array<ArrayBuffer> }[] }
	| { id: number; op: 'sealed'; folder: string; hash: string; size: number; key: Uint8Array; chunks: SealedChunk[] }
	| { id: number; op: 'digest'; folder: string; hash: string; chunks: number }
	| { id: number; op: 'close' | 'remove' | 'forget'; folder: string; hash: string }
	| { id: number; op: 'removeAll'; folder: string };

/** `stored`/`refused` answer a `sealed` write, `digest` a digest request. */
export type PieceFileReply = { id: number; ok: true; stored?: number[]; refused?: number[]; digest?: Uint8Array | null } | { id: number; ok: false; full: boolean; message: string };

export interface PieceFileServiceOptions {
	root: () => Promise<DirectoryLike>;
	/** Whether sync access handles exist here (a worker of a browser that has them). */
	supported: boolean;
	reply: (reply: PieceFileReply) => void;
	/** libsodium for the running BLAKE2b of sealed writes; absent: the page hashes stored files. */
	sodium?: () => Promise<Sodium>;
}

export class PieceFileService {
	readonly #options: PieceFileServiceOptions;
	readonly #hosts = new Map<string, { host: PieceFileHost; sealed: SealedPieceWriter }>();
	#queue: Promise<void> = Promise.resolve();

	constructor(options: PieceFileServiceOptions) {
		this.#options = options;
	}

	/** Takes a message from the page; malformed ones get an error reply when they carry an id. */
	handle(message: unknown): void {
		const request = parseRequest(message);
		if (request === null) {
			const id = typeof message === 'object' && message !== null && 'id' in message && typeof message.id === 'number' ? message.id : -1;
			this.#options.reply({ id, ok: false, full: false, message: 'malformed request' });
			return;
		}
		this.#queue = this.#queue.then(() => this.#run(request));
	}

	async #run(request: PieceFileRequest): Promise<void> {
		try {
			if (!this.#options.supported) throw new PieceFileError('no sync access handles here', false);
			const { host, sealed } = this.#host(request.folder);
			if (request.op === 'sealed') return this.#options.reply({ id: request.id, ok: true, ...(await sealed.write(request.hash, request.size, request.key, request.chunks)) });
			if (request.op === 'digest') return this.#options.reply({ id: request.id, ok: true, digest: sealed.digest(request.hash, request.chunks) });
			if (request.op === 'write') await host.write(request.hash, request.size, request.pieces);
			else if (request.op === 'forget') sealed.forget(request.hash);
			else if (request.op === 'close') host.close(request.hash);
			else if (request.op === 'remove') await host.remove(request.hash);
			else if (request.op === 'removeAll') await host.removeAll();
			// A probe checks that the folder can be made (private browsing in Firefox refuses OPFS).
			else await this.#options.root().then((root) => root.getDirectoryHandle(request.folder, { create: true }));
			this.#options.reply({ id: request.id, ok: true });
		} catch (error) {
			this.#options.reply({ id: request.id, ok: false, full: error instanceof PieceFileError && error.full, message: String(error).slice(0, 200) });
		}
	}

	#host(folder: string): { host: PieceFileHost; sealed: SealedPieceWriter } {
		let found = this.#hosts.get(folder);
		if (found === undefined) {
			const host = new PieceFileHost(this.#options.root, folder);
			const sodium = this.#options.sodium;
			found = { host, sealed: new SealedPieceWriter(host, () => sodium?.() ?? null) };
			this.#hosts.set(folder, found);
		}
		return found;
	}
}

const OPS = new Set(['probe', 'write', 'sealed', 'digest', 'forget', 'close', 'remove', 'removeAll']);

function parseRequest(message: unknown): PieceFileRequest | null {
	if (typeof message !== 'object' || message === null) return null;
	const m = message as Record<string, unknown>;
	if (typeof m['id'] !== 'number' || typeof m['op'] !== 'string' || !OPS.has(m['op']) || typeof m['folder'] !== 'string' || !/^[\w.-]{1,100}$/.test(m['folder'])) return null;
	if (m['op'] === 'probe' || m['op'] === 'removeAll') return message as PieceFileRequest;
	if (typeof m['hash'] !== 'string') return null;
	if (m['op'] === 'sealed') return parseSealed(m) ? (message as PieceFileRequest) : null;
	if (m['op'] === 'digest') return Number.isSafeInteger(m['chunks']) ? (message as PieceFileRequest) : null;
	if (m['op'] !== 'write') return message as PieceFileRequest;
	if (typeof m['size'] !== 'number' || !Array.isArray(m['pieces'])) return null;
	const piecesOk = (m['pieces'] as unknown[]).every((piece) => typeof piece === 'object' && piece !== null && typeof (piece as { at?: unknown }).at === 'number' && (piece as { bytes?: unknown }).bytes instanceof Uint8Array);
	return piecesOk ? (message as PieceFileRequest) : null;
}

function parseSealed(m: Record<string, unknown>): boolean {
	if (typeof m['size'] !== 'number' || !(m['key'] instanceof Uint8Array) || !Array.isArray(m['chunks'])) return false;
	return (m['chunks'] as unknown[]).every((chunk) => typeof chunk === 'object' && chunk !== null && typeof (chunk as { index?: unknown }).index === 'number' && (chunk as { sealed?: unknown }).sealed instanceof Uint8Array);
}
