import { FileCipher } from '../../crypto/file-cipher';
import { chunkOf, pieceHolding } from '../../db/file-store';
import type { FileChunkRow } from '../../db/file-rows';
import { pieceHolds } from '../../files/chunk-pieces';
import type { FileRow } from '../../db/file-rows';
import { chunkSpan } from '../../files/chunk-ranges';
import { chunkFrameHeader } from '../../files/chunk-frame';
import type { FileStopFrame, FileWantFrame } from '../../files/file-frames';
import { pairedRanges } from '../../files/file-frames';
import { CHUNK_BYTES } from '../../files/file-limits';
import { ServeQueue } from '../../files/transfer';
import type { PeerId } from '../../ids/peer-id';
import { hexOf } from '../../files/hex';
import { BlobSlices } from './blob-slices';
import { HIGH_WATER_BYTES, type FileEngineDeps } from './file-deps';

interface Serving {
	row: FileRow;
	queue: ServeQueue;
	cipher: FileCipher;
	hash: Uint8Array;
	sent: number;
	/** Our own file's Blob, read a slice ahead; null when serving stored chunks (a group relay). */
	slices: BlobSlices | null;
	/** A relay's last stored piece: the chunks that follow are cut from it without a storage read. */
	piece: FileChunkRow | null;
}

/**
 * Serves chunks to peers who ask (PROTOCOL §13d): our own files, and in a group the files we
 * hold completely. One request per peer and file is served at a time, in order; the channel is
 * fed only under its high-water mark, our own file read a slice ahead (BlobSlices), so a file
 * of any size costs a few MiB of memory.
 */
export class FileServer {
	readonly #deps: FileEngineDeps;
	/** Per peer: the files being served to them, by message id. */
	readonly #serving = new Map<PeerId, Map<string, Serving>>();
	readonly #pumping = new Set<PeerId>();
	/** Peers whose files wait for chat to pass (ChatBudget): the timer that resumes them. */
	readonly #paced = new Map<PeerId, ReturnType<typeof setTimeout>>();

	constructor(deps: FileEngineDeps) {
		this.#deps = deps;
	}

	async onWant(peer: PeerId, frame: FileWantFrame): Promise<void> {
		const row = await this.#deps.db.files.get(frame.id);
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
		const servable = (row.direction === 'out' && row.blob !== undefined) || row.state === 'complete';
		if (!servable) return refuse('gone', 'file-not-held');
		const perPeer = this.#serving.get(peer) ?? new Map<string, Serving>();
		this.#serving.set(peer, perPeer);
		const serving = perPeer.get(row.messageId) ?? {
			row,
			queue: new ServeQueue(),
			cipher: new FileCipher(this.#deps.sodium, row.key, frame.hash),
			hash: frame.hash.slice(),
			sent: 0,
			slices: row.direction === 'out' && row.blob !== undefined ? new BlobSlices(row.blob) : null,
			piece: null
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
		for (const [who, perPeer] of this.#serving) if (peer === undefined || who === peer) perPeer.delete(messageId);
	}

	/** Messages whose files are being served to someone now. */
	servingIds(): string[] {
		return [...new Set([...this.#serving.values()].flatMap((perPeer) => [...perPeer.keys()]))];
	}

	/** The peer's channel closed: its requests end; it asks again on the next session. */
	forget(peer: PeerId): void {
		this.#serving.delete(peer);
	}

	/** Feeds `peer`'s channel until it is full or nothing is asked; called again on drain. */
	pump(peer: PeerId): void {
		if (this.#pumping.has(peer)) return;
		this.#pumping.add(peer);
		void this.#fill(peer).finally(() => this.#pumping.delete(peer));
	}

	async #fill(peer: PeerId): Promise<void> {
		for (;;) {
			const link = this.#deps.link(peer);
			const perPeer = this.#serving.get(peer);
			if (link === null || perPeer === undefined) return;
			if (link.bufferedAmount >= HIGH_WATER_BYTES) {
				const off = link.onDrain(() => {
					off();
					this.pump(peer);
				});
				return;
			}
			const next = firstWithWork(perPeer);
			if (next === undefined) return;
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
			if (plain === null) {
				perPeer.delete(next.row.messageId);
				this.#deps.log('file-chunk-missing', peer, next.row.messageId);
				continue;
			}
			// Lent from libsodium's memory: `send` copies it before it returns (FileChannel.send).
			const frame = next.cipher.sealAfterLent(chunkFrameHeader(next.hash, index), index, plain);
			link.send(frame);
			this.#deps.chat?.spent(peer, frame.length);
			next.sent += plain.length;
			this.#deps.progress?.({ messageId: next.row.messageId, direction: 'out', peer, bytes: next.sent, size: next.row.size });
		}
	}

	async #read(serving: Serving, index: number): Promise<Uint8Array | null> {
		if (serving.slices !== null) {
			const span = chunkSpan(index, serving.row.size, CHUNK_BYTES);
			return serving.slices.read(span.start, span.end);
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

function firstWithWork(perPeer: Map<string, Serving>): Serving | undefined {
	for (const [id, serving] of perPeer) {
		if (serving.queue.pending > 0) return serving;
		perPeer.delete(id);
	}
	return undefined;
}
