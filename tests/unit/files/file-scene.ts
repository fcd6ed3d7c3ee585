import { ContentHasher, FileCipher } from '../../../src/lib/crypto/file-cipher';
import { FILE_CIPHER_AES256_GCM } from '../../../src/lib/crypto/file-cipher-id';
import { chunkCipherFor } from '../../../src/lib/crypto/file-ciphers';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { withBytes } from '../../../src/lib/db/file-store';
import { chunkCount } from '../../../src/lib/files/chunk-ranges';
import type { FileStopFrame, FileWantFrame } from '../../../src/lib/files/file-frames';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { LOW_WATER_BYTES, type FileEngineDeps, type FileLink } from '../../../src/lib/messenger/files/file-deps';
import { FileFetcher } from '../../../src/lib/messenger/files/file-fetch';
import { FileServer } from '../../../src/lib/messenger/files/file-serve';
import { hexOf } from '../../../src/lib/files/hex';

let dbCounter = 0;

/**
 * The chunk ciphers a scene's files may be announced under: files before session 15 (no id,
 * XChaCha20-Poly1305, sealed at once) and new ones (AES-256-GCM through WebCrypto, asynchronous).
 */
export const SCENE_CIPHERS = [
	['XChaCha20-Poly1305', undefined],
	['AES-256-GCM', FILE_CIPHER_AES256_GCM]
] as const satisfies readonly (readonly [string, number | undefined])[];

/** A peer id of the right shape: 'p' + 32 base32 letters. */
export function peerId(letter: string): PeerId {
	return `p${letter.repeat(32)}` as PeerId;
}

/** Bytes that differ chunk to chunk, so a chunk served under the wrong index cannot pass. */
export function fileBytes(size: number, seed = 1): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(size);
	let x = seed;
	for (let i = 0; i < size; i++) {
		x = (x * 1103515245 + 12345) >>> 0;
		out[i] = x >>> 24;
	}
	return out;
}

/**
 * A file channel in one direction: sends count as buffered until delivered a macrotask later,
 * in order, like a data channel on a fast link; drain listeners fire under the low-water mark.
 */
class Pipe implements FileLink {
	buffered = 0;
	maxBuffered = 0;
	sentFrames = 0;
	open = true;
	/** Frames after this many are lost, as when the sender's tab closes mid-transfer. */
	limit = Infinity;
	/** Called on each frame before delivery; may return altered bytes. */
	tamper: ((frame: Uint8Array) => Uint8Array) | null = null;
	readonly #drains = new Set<() => void>();

	constructor(
		readonly peer: PeerId,
		private readonly deliver: (frame: Uint8Array) => Promise<void>
	) {}

	get bufferedAmount(): number {
		return this.buffered;
	}

	send(lent: Uint8Array<ArrayBuffer>): void {
		if (!this.open || this.sentFrames >= this.limit) return;
		// Copied before returning, as a data channel does (FileChannel.send): the sender lends a
		// view of libsodium's memory that its next chunk overwrites.
		const frame = lent.slice();
		this.buffered += frame.length;
		this.sentFrames += 1;
		this.maxBuffered = Math.max(this.maxBuffered, this.buffered);
		setTimeout(() => {
			this.buffered -= frame.length;
			if (this.open) void this.deliver(this.tamper === null ? frame : this.tamper(frame));
			if (this.buffered < LOW_WATER_BYTES) for (const drain of [...this.#drains]) drain();
		}, 0);
	}

	onDrain(listener: () => void): () => void {
		this.#drains.add(listener);
		return () => this.#drains.delete(listener);
	}
}

export interface ScenePeer {
	id: PeerId;
	db: ChatDb;
	server: FileServer;
	fetcher: FileFetcher;
	log: { reason: string; peer: PeerId; detail?: string }[];
	/** Outgoing file channels by peer. */
	pipes: Map<PeerId, Pipe>;
	controls: (FileWantFrame | FileStopFrame)[];
	deps: FileEngineDeps;
	options: { maxFileBytes: number; freeBytes: number | null; holders: PeerId[]; entitled: (peer: PeerId) => boolean };
}

/**
 * libsodium with a count of BLAKE2b states alive in its wasm memory: `init` allocates one,
 * `final` frees it, and nothing else does (ContentHasher.discard).
 */
function countingHashStates(sodium: Sodium): { sodium: Sodium; live: () => number } {
	let live = 0;
	const counted: Sodium = {
		...sodium,
		crypto_generichash_init: ((...args: Parameters<Sodium['crypto_generichash_init']>) => {
			const state = sodium.crypto_generichash_init(...args);
			live += 1;
			return state;
		}) as Sodium['crypto_generichash_init'],
		crypto_generichash_final: ((...args: Parameters<Sodium['crypto_generichash_final']>) => {
			live -= 1;
			return sodium.crypto_generichash_final(...args);
		}) as Sodium['crypto_generichash_final']
	};
	return { sodium: counted, live: () => live };
}

export class FileScene {
	readonly peers = new Map<PeerId, ScenePeer>();
	readonly #links = new Set<string>();
	/** The cipher id `send` announces its files under (absent: XChaCha20-Poly1305). */
	cipher: number | undefined = undefined;

	private constructor(
		readonly sodium: Sodium,
		/** BLAKE2b states allocated and not yet freed, all peers together. */
		readonly liveHashStates: () => number
	) {}

	static async create(...names: string[]): Promise<FileScene> {
		const counting = countingHashStates(await loadSodium());
		const scene = new FileScene(counting.sodium, counting.live);
		for (const name of names) scene.#add(peerId(name));
		return scene;
	}

	/** Peers `a` and `b` under `cipher`, `b` fetching its files from `a`. */
	static async pair(cipher: number | undefined): Promise<FileScene> {
		const scene = await FileScene.withCipher(cipher, 'a', 'b');
		scene.peer('b').options.holders = [scene.peer('a').id];
		return scene;
	}

	/** The state of `name`'s file row of message `id` (undefined: no row). */
	async state(name: string, id: string): Promise<string | undefined> {
		return (await this.peer(name).db.files.get(id))?.state;
	}

	/** A scene whose files are announced under `cipher`. */
	static async withCipher(cipher: number | undefined, ...names: string[]): Promise<FileScene> {
		const scene = await FileScene.create(...names);
		scene.cipher = cipher;
		return scene;
	}

	/** Chunk `index` of a file sealed as its holder would (a test playing the holder by hand). */
	async seal(row: { key: Uint8Array; cipher?: number }, hash: Uint8Array, index: number, plain: Uint8Array): Promise<Uint8Array> {
		const chunk = chunkCipherFor(this.sodium, row, hash);
		if (chunk === null) throw new Error('unknown cipher');
		return chunk.sync ? chunk.cipher.seal(index, plain) : chunk.cipher.seal(index, plain);
	}

	peer(name: string): ScenePeer {
		return this.peers.get(peerId(name)) as ScenePeer;
	}

	#add(id: PeerId): void {
		const db = new ChatDb(`files-${id.slice(1, 3)}-${++dbCounter}`);
		const self: ScenePeer = {
			id,
			db,
			log: [],
			pipes: new Map(),
			controls: [],
			options: { maxFileBytes: 4 * 2 ** 30, freeBytes: null, holders: [], entitled: () => true }
		} as unknown as ScenePeer;
		const deps: FileEngineDeps = {
			db,
			sodium: this.sodium,
			sendControl: (peer, frame) => {
				if (!this.linked(id, peer)) return false;
				self.controls.push(frame);
				const other = this.peers.get(peer) as ScenePeer;
				setTimeout(() => {
					if (frame.t === 'fwant') void other.server.onWant(id, frame);
					else {
						other.server.stop(frame.id, id);
						void other.fetcher.onStop(id, frame);
					}
				}, 0);
				return true;
			},
			link: (peer) => (this.linked(id, peer) ? (self.pipes.get(peer) ?? null) : null),
			entitled: async (peer) => self.options.entitled(peer),
			holders: () => self.options.holders,
			maxFileBytes: () => self.options.maxFileBytes,
			freeBytes: async () => self.options.freeBytes,
			log: (reason, peer, detail) => self.log.push({ reason, peer, detail })
		};
		self.deps = deps;
		self.server = new FileServer(deps);
		self.fetcher = new FileFetcher(deps);
		this.peers.set(id, self);
	}

	/** A reload of `name`: a new fetcher on the same store, remembering nothing in memory. */
	restartFetcher(name: string): FileFetcher {
		const self = this.peer(name);
		self.fetcher = new FileFetcher(self.deps);
		return self.fetcher;
	}

	linked(a: PeerId, b: PeerId): boolean {
		return this.#links.has([a, b].sort().join('|'));
	}

	/** Opens the file channels between two peers (both directions) and tells both fetchers. */
	connect(a: string, b: string): void {
		const [x, y] = [this.peer(a), this.peer(b)];
		this.#links.add([x.id, y.id].sort().join('|'));
		x.pipes.set(y.id, new Pipe(y.id, (frame) => y.fetcher.onChunk(x.id, frame)));
		y.pipes.set(x.id, new Pipe(x.id, (frame) => x.fetcher.onChunk(y.id, frame)));
		x.fetcher.onLinkOpen(y.id);
		y.fetcher.onLinkOpen(x.id);
	}

	disconnect(a: string, b: string): void {
		const [x, y] = [this.peer(a), this.peer(b)];
		this.#links.delete([x.id, y.id].sort().join('|'));
		for (const [from, to] of [[x, y], [y, x]] as const) {
			const pipe = from.pipes.get(to.id);
			if (pipe) pipe.open = false;
			from.pipes.delete(to.id);
			from.server.forget(to.id);
			from.fetcher.onLinkClosed(to.id);
		}
	}

	/** `author` sends `bytes` to `to` as message `messageId`: its row and the receiver's. */
	async send(author: string, to: string[], bytes: Uint8Array<ArrayBuffer>, options: { announcedHash?: Uint8Array; conversationId?: string } = {}) {
		const a = this.peer(author);
		const hasher = new ContentHasher(this.sodium);
		hasher.update(bytes);
		const hash = options.announcedHash ?? hasher.digest();
		const key = FileCipher.newKey(this.sodium);
		const messageId = newMessageId(Date.now());
		const base = {
			messageId,
			hash: hexOf(hash),
			key,
			...(this.cipher === undefined ? {} : { cipher: this.cipher }),
			name: 'file.bin',
			type: 'application/octet-stream',
			size: bytes.length,
			chunks: chunkCount(bytes.length, CHUNK_BYTES),
			time: Date.now()
		};
		const conversationId = options.conversationId ?? (to[0] as string);
		await a.db.files.add({ ...base, conversationId, direction: 'out', peerId: conversationId, state: 'sending', have: [[0, base.chunks]], blob: new Blob([bytes]) });
		const rows = new Map<string, FileRow>();
		for (const name of to) {
			const row: FileRow = { ...base, conversationId: options.conversationId ?? a.id, direction: 'in', peerId: a.id, state: 'receiving', have: [] };
			await this.peer(name).db.files.add(row);
			rows.set(name, row);
		}
		return { messageId, hash, rows };
	}

	/** Waits until `check` holds (fake timers are not used: the pipes run on real macrotasks). */
	async until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
		const start = Date.now();
		while (!(await check())) {
			if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
	}

	/** Reads back what `name` stored for a file, in order. */
	async stored(name: string, hashHex: string, chunks: number): Promise<Uint8Array> {
		const rows = await withBytes(this.peer(name).db, await this.peer(name).db.fileChunks.where('[hash+index]').between([hashHex, 0], [hashHex, chunks]).toArray());
		const parts = await Promise.all(rows.map(async (row) => new Uint8Array(await row.data.arrayBuffer())));
		const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
		let at = 0;
		for (const part of parts) {
			out.set(part, at);
			at += part.length;
		}
		return out;
	}
}
