import { chunkCipherFor, type ChunkCipher } from '../../crypto/file-ciphers';
import { InOrderQueue, type Outcome } from '../../files/in-order-queue';
import { chunkOf, pieceHolding } from '../../db/file-store';
import type { FileChunkRow } from '../../db/file-rows';
import { pieceHolds } from '../../files/chunk-pieces';
import type { FileRow } from '../../db/file-rows';
import { chunkSpan } from '../../files/chunk-ranges';
import { CHUNK_HEADER_BYTES, MAX_CHUNK_FRAME_BYTES, chunkFrameHeader, chunkFrameInto } from '../../files/chunk-frame';
import { CHUNK_TAG_BYTES } from '../../crypto/file-cipher';
import type { FileStopFrame, FileWantFrame } from '../../files/file-frames';
import { pairedRanges } from '../../files/file-frames';
import { CHUNK_BYTES } from '../../files/file-limits';
import { ServeQueue } from '../../files/transfer';
import type { PeerId } from '../../ids/peer-id';
import { hexOf } from '../../files/hex';
import { BlobReader } from './blob-reader';
import { HIGH_WATER_BYTES, MAX_OPENING_CHUNKS, SEAL_AHEAD_BYTES, type FileEngineDeps, type FileLink } from './file-deps';

interface Serving {
	row: FileRow;
	queue: ServeQueue;
	cipher: ChunkCipher;
	hash: Uint8Array;
	sent: number;
	/** Our own file's Blob, read as a stream; null when serving stored chunks (a group relay). */
	reader: BlobReader | null;
	/** A relay's last stored piece: the chunks that follow are cut from it without a storage read. */
	piece: FileChunkRow | null;
	/** Set when it is stopped (cancel, fstop): frames still being sealed for it are not sent. */
	stopped: boolean;
	/** Chunks WebCrypto refused to seal for this peer (MAX_SEAL_FAILURES). */
	sealFailures: number;
}

/** A chunk sealed by WebCrypto (AES-256-GCM), on its way to the channel in order. */
interface Sealed {
	serving: Serving;
	index: number;
	/** Ciphertext ‖ tag, framed when sent; null when WebCrypto refused (it does not with a valid key): the chunk is sealed again (#sealFailed). */
	sealed: Uint8Array | null;
	plainBytes: number;
}

/**
 * A peer's chunks being sealed by WebCrypto and those sealed, waiting in order for room on the
 * channel; their plaintext bytes together stay under SEAL_AHEAD_BYTES.
 */
interface Sealing {
	queue: InOrderQueue<Sealed>;
	/** Bytes being sealed and sealed waiting (plaintext). */
	bytes: number;
	ready: Sealed[];
}

/**
 * Serves chunks to peers who ask (PROTOCOL §13d): our own files, and in a group the files we
 * hold completely. One request per peer and file is served at a time, in order; the channel is
 * fed only under its high-water mark, our own file read as a stream (BlobReader), so a file
 * of any size costs a few MiB of memory.
 */
export class FileServer {
	readonly #deps: FileEngineDeps;
	/** Per peer: the files being served to them, by message id. */
	readonly #serving = new Map<PeerId, Map<string, Serving>>();
	readonly #pumping = new Set<PeerId>();
	readonly #pumpAgain = new Set<PeerId>();
	/** Peers whose files wait for chat to pass (ChatBudget): the timer that resumes them. */
	readonly #paced = new Map<PeerId, ReturnType<typeof setTimeout>>();
	readonly #sealing = new Map<PeerId, Sealing>();
	/** Peers whose channel is full: how to stop waiting for its drain. */
	readonly #draining = new Map<PeerId, () => void>();
	/**
	 * The one buffer every sealed chunk is framed in as it goes to a channel, which copies it
	 * before `send` returns (FileLink.send): no fresh 64 KiB buffer per chunk.
	 */
	#frame: Uint8Array<ArrayBuffer> | null = null;

	constructor(deps: FileEngineDeps) {
		this.#deps = deps;
	}

	async onWant(peer: PeerId, frame: FileWantFrame): Promise<void> {
		let row = await this.#deps.db.files.get(frame.id);
		const refuse = (why: FileStopFrame['why'], reason: string) => {
			this.#deps.log(reason, peer, frame.id);
			this.#deps.sendControl(peer, { t: 'fstop', id: frame.id, hash: frame.hash, why });
		};
		// A request for a file we never had, or named by a hash that is not this message's.
		if (row === undefined || row.hash !== hexOf(frame.hash)) return refuse('gone', 'file-unknown');
		if (!(await this.#deps.entitled(peer, row))) {
			// Not a recipient: say nothing that tells them the file exists.
			this.#deps.log('file-not-entitled', peer, frame.id);
			return;
		}
		if (row.state === 'cancelled') return refuse('cancel', 'file-cancelled');
		if (row.unchecked !== undefined) {
			// Restored from a backup and not yet hashed: its bytes go nowhere before they are checked
			// (this one next). Damaged, the row no longer holds them ('gone' below); a check that could
			// not run leaves it unchecked, and the peer hears nothing: it asks again later.
			await this.#deps.checkRestored?.(row.messageId);
			row = await this.#deps.db.files.get(frame.id);
			if (row === undefined) return refuse('gone', 'file-unknown');
			if (row.unchecked !== undefined) return this.#deps.log('file-restored-unchecked', peer, frame.id);
		}
		const servable = (row.direction === 'out' && row.blob !== undefined) || row.state === 'complete';
		if (!servable) return refuse('gone', 'file-not-held');
		const existing = this.#serving.get(peer)?.get(row.messageId);
		const cipher = existing?.cipher ?? chunkCipherFor(this.#deps.sodium, row, frame.hash);
		// Only a row this version wrote or received can be served, and those have known ciphers;
		// a stored row of another (a newer version's backup) is not served, never a throw.
		if (cipher === null) return refuse('gone', 'file-unknown-cipher');
		const perPeer = this.#serving.get(peer) ?? new Map<string, Serving>();
		this.#serving.set(peer, perPeer);
		const serving = existing ?? {
			row,
			queue: new ServeQueue(),
			cipher,
			hash: frame.hash.slice(),
			sent: 0,
			reader: row.direction === 'out' && row.blob !== undefined ? new BlobReader(row.blob) : null,
			piece: null,
			stopped: false,
			sealFailures: 0
		};
		if (!serving.queue.request(pairedRanges(frame.ranges), row.chunks)) {
			this.#deps.log('file-bad-ranges', peer, frame.id);
			return;
		}
		perPeer.set(row.messageId, serving);
		this.pump(peer);
	}

	/** Stops serving a file to everyone (our cancel) or one peer (their fstop). */
	stop(messageId: string, peer?: PeerId): void {
		for (const [who, perPeer] of this.#serving) {
			if (peer !== undefined && who !== peer) continue;
			const serving = perPeer.get(messageId);
			if (serving !== undefined) {
				serving.stopped = true;
				serving.reader?.close();
			}
			perPeer.delete(messageId);
		}
	}

	/** Messages whose files are being served to someone now. */
	servingIds(): string[] {
		return [...new Set([...this.#serving.values()].flatMap((perPeer) => [...perPeer.keys()]))];
	}

	/** The peer's channel closed: its requests end; it asks again on the next session. */
	forget(peer: PeerId): void {
		for (const serving of this.#serving.get(peer)?.values() ?? []) serving.reader?.close();
		this.#serving.delete(peer);
		this.#sealing.get(peer)?.queue.clear();
		this.#sealing.delete(peer);
		this.#draining.get(peer)?.();
		this.#draining.delete(peer);
	}

	/** Feeds `peer`'s channel until it is full or nothing is asked; called again on drain. */
	pump(peer: PeerId): void {
		if (this.#pumping.has(peer)) {
			// A frame sealed (a promise's callback) may land after the running fill decided to
			// stop and before it is marked done: it fills once more then, or the peer stalls.
			this.#pumpAgain.add(peer);
			return;
		}
		this.#pumping.add(peer);
		void this.#fill(peer).finally(() => {
			this.#pumping.delete(peer);
			if (this.#pumpAgain.delete(peer)) this.pump(peer);
		});
	}

	async #fill(peer: PeerId): Promise<void> {
		for (;;) {
			const link = this.#deps.link(peer);
			const perPeer = this.#serving.get(peer);
			if (link === null || perPeer === undefined) return;
			const sealing = this.#sealing.get(peer);
			if (sealing !== undefined) this.#sendReady(peer, link, sealing);
			const full = link.bufferedAmount >= HIGH_WATER_BYTES;
			if (full) this.#wakeOnDrain(peer, link);
			// Sealed ahead as far as allowed: each chunk sealed pumps again, and so does the drain.
			if (sealing !== undefined && sealing.bytes >= SEAL_AHEAD_BYTES) return;
			const next = firstWithWork(perPeer);
			if (next === undefined) return;
			// XChaCha20-Poly1305 seals at once into memory the next chunk reuses: only into room.
			if (full && next.cipher.sync) return;
			const wait = this.#deps.chat?.waitMs(peer, CHUNK_BYTES) ?? 0;
			if (wait > 0) {
				if (!this.#paced.has(peer))
					this.#paced.set(
						peer,
						setTimeout(() => {
							this.#paced.delete(peer);
							this.pump(peer);
						}, wait)
					);
				return;
			}
			const index = next.queue.take();
			if (index === null) continue;
			const plain = await this.#read(next, index);
			// Stopped or forgotten while it read (cancel, fstop, the channel closed): its chunk is
			// not sent nor counted missing, and a newer serving of the file is left alone.
			if (this.#serving.get(peer) !== perPeer || next.stopped) continue;
			if (plain === null) {
				next.reader?.close();
				perPeer.delete(next.row.messageId);
				this.#deps.log('file-chunk-missing', peer, next.row.messageId);
				continue;
			}
			if (!next.cipher.sync) {
				const cipher = next.cipher.cipher;
				// Charged to chat's budget now, not when sent: the next turn of this loop must
				// see it, or several chunks would go at once while chatting.
				this.#deps.chat?.spent(peer, CHUNK_HEADER_BYTES + plain.length + CHUNK_TAG_BYTES);
				this.#sealLater(peer, next, index, () => cipher.seal(index, plain), plain.length);
				continue;
			}
			// Lent from libsodium's memory: `send` copies it before it returns (FileChannel.send).
			const frame = next.cipher.cipher.sealAfterLent(chunkFrameHeader(next.hash, index), index, plain);
			this.#deps.chat?.spent(peer, frame.length);
			this.#sent(peer, link, next, frame, plain.length);
		}
	}

	/** Once the full channel drains it is filled again, first with what is sealed (#fill's first step). */
	#wakeOnDrain(peer: PeerId, link: FileLink): void {
		if (this.#draining.has(peer)) return;
		const off = link.onDrain(() => {
			off();
			this.#draining.delete(peer);
			this.pump(peer);
		});
		this.#draining.set(peer, off);
	}

	/** Sealed chunks, in order, onto the channel while it has room; those of a stopped file are dropped. */
	#sendReady(peer: PeerId, link: FileLink, sealing: Sealing): void {
		while (sealing.ready.length > 0 && link.bufferedAmount < HIGH_WATER_BYTES) {
			const { serving, index, sealed, plainBytes } = sealing.ready.shift()!;
			sealing.bytes -= plainBytes;
			if (serving.stopped || sealed === null) continue;
			this.#frame ??= new Uint8Array(MAX_CHUNK_FRAME_BYTES);
			this.#sent(peer, link, serving, chunkFrameInto(this.#frame, serving.hash, index, sealed), plainBytes);
		}
		if (sealing.ready.length === 0 && sealing.queue.size === 0 && this.#sealing.get(peer) === sealing) this.#sealing.delete(peer);
	}

	#sent(peer: PeerId, link: FileLink, serving: Serving, frame: Uint8Array<ArrayBuffer>, plainBytes: number): void {
		link.send(frame);
		serving.sent += plainBytes;
		this.#deps.progress?.({ messageId: serving.row.messageId, direction: 'out', peer, bytes: serving.sent, size: serving.row.size });
	}

	/**
	 * AES-256-GCM: WebCrypto seals the chunk later, a few at once (MAX_OPENING_CHUNKS); sealed
	 * chunks wait in the order they were taken (InOrderQueue) for room on the channel, and each
	 * one sealed pumps again. Its bytes count against SEAL_AHEAD_BYTES until it is sent.
	 */
	#sealLater(peer: PeerId, serving: Serving, index: number, seal: () => Promise<Uint8Array>, plainBytes: number): void {
		let sealing = this.#sealing.get(peer);
		if (sealing === undefined) {
			const created: Sealing = { queue: new InOrderQueue<Sealed>(MAX_OPENING_CHUNKS, (outcome) => this.#sealed(peer, created, outcome)), bytes: 0, ready: [] };
			sealing = created;
			this.#sealing.set(peer, sealing);
		}
		sealing.bytes += plainBytes;
		// Never rejects, a throw before the promise included: a step delivered as an error would
		// keep its bytes counted against SEAL_AHEAD_BYTES, and the peer's files stall.
		sealing.queue.add(async () => {
			let sealed: Uint8Array | null;
			try {
				sealed = await seal();
			} catch {
				sealed = null;
			}
			return { serving, index, sealed, plainBytes };
		});
	}

	#sealed(peer: PeerId, sealing: Sealing, outcome: Outcome<Sealed>): void {
		if (this.#sealing.get(peer) !== sealing || !outcome.ok) return;
		const sealed = outcome.value;
		if (sealed.sealed === null) {
			sealing.bytes -= sealed.plainBytes;
			this.#sealFailed(peer, sealed.serving, sealed.index);
		} else if (sealed.serving.stopped) sealing.bytes -= sealed.plainBytes;
		// A file stopped meanwhile (cancelled, declined) sends nothing more.
		else sealing.ready.push(sealed);
		const link = this.#deps.link(peer);
		if (link !== null) this.#sendReady(peer, link, sealing);
		// No channel now: what is sealed waits for it, bounded by SEAL_AHEAD_BYTES; forget drops it.
		else if (sealing.ready.length === 0 && sealing.queue.size === 0) this.#sealing.delete(peer);
		this.pump(peer);
	}

	/**
	 * WebCrypto refused to seal a chunk (it does not with a valid key). The receiver asks for a
	 * chunk once per session and waits for it, so it is queued to be sealed again; a file that
	 * keeps failing ends for this peer with `gone`, and it asks another holder (or again later).
	 */
	#sealFailed(peer: PeerId, serving: Serving, index: number): void {
		this.#deps.log('file-seal-failed', peer, serving.row.messageId);
		const perPeer = this.#serving.get(peer);
		if (serving.stopped || perPeer === undefined) return;
		const current = perPeer.get(serving.row.messageId) ?? serving;
		current.sealFailures += 1;
		if (current.sealFailures >= MAX_SEAL_FAILURES) {
			this.stop(serving.row.messageId, peer);
			this.#deps.sendControl(peer, { t: 'fstop', id: serving.row.messageId, hash: serving.hash, why: 'gone' });
			return;
		}
		// Served to its end meanwhile, it left the peer's map (firstWithWork): it goes back in.
		current.queue.request([[index, index + 1]], current.row.chunks);
		perPeer.set(serving.row.messageId, current);
	}

	async #read(serving: Serving, index: number): Promise<Uint8Array | null> {
		if (serving.reader !== null) {
			const span = chunkSpan(index, serving.row.size, CHUNK_BYTES);
			// A file that no longer reads (changed or gone on disk) has its chunk missing, not a throw.
			return serving.reader.read(span.start, span.end).catch(() => null);
		}
		if (serving.piece === null || !pieceHolds(serving.piece, index)) serving.piece = (await pieceHolding(this.#deps.db, serving.row.hash, index)) ?? null;
		if (serving.piece === null) return null;
		// A piece removed from storage meanwhile may no longer read: the chunk is missing, not a throw.
		return chunkOf(serving.piece, index)
			.arrayBuffer()
			.then((buffer) => new Uint8Array(buffer))
			.catch(() => null);
	}
}

/** Chunks of one file WebCrypto may refuse to seal for one peer before that peer is told `gone`. */
const MAX_SEAL_FAILURES = 3;

function firstWithWork(perPeer: Map<string, Serving>): Serving | undefined {
	for (const [id, serving] of perPeer) {
		if (serving.queue.pending > 0) return serving;
		// Served to its end: a later request for it starts anew (its own stream).
		serving.reader?.close();
		perPeer.delete(id);
	}
	return undefined;
}
