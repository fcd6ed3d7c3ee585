import { ContentHasher, sameHash } from '../../crypto/file-cipher';
import { chunkCipherFor, type ChunkCipher } from '../../crypto/file-ciphers';
import type { GcmFileCipher } from '../../crypto/file-cipher-gcm';
import { chunkBatchesInOrder, completeReceived, doneWriting, holdsStoredPieces, removeFileData, setFileState, sharesStoredBytes, storeChunks } from '../../db/file-store';
import { ClaimConflictError } from '../../db/file-size-claim';
import { StorageFullError, type SealedPieceFiles } from '../../db/piece-files';
import { sealedPieceFilesOf, storeSealedChunks } from '../../db/sealed-piece-store';
import type { FileRow } from '../../db/file-rows';
import { bytesHeld, chunkSpan, ChunkRanges } from '../../files/chunk-ranges';
import { CHUNK_BYTES } from '../../files/file-limits';
import { decodeChunkFrame } from '../../files/chunk-frame';
import type { FileStopFrame } from '../../files/file-frames';
import { flatRanges } from '../../files/file-frames';
import { IncomingTransfer } from '../../files/transfer';
import type { PeerId } from '../../ids/peer-id';
import { MAX_BAD_CHUNKS, MAX_OPENING_CHUNKS, MAX_UNWRITTEN_CHUNKS, MIN_WRITE_CHUNKS, WRITE_BATCH_CHUNKS, type FileEngineDeps } from './file-deps';
import { bytesOfHex, hexOf } from '../../files/hex';
import { WriteBatch } from '../../files/write-batch';
import { ChunkArena } from '../../files/chunk-arena';
import { InOrderQueue } from '../../files/in-order-queue';

interface Fetching {
	row: FileRow;
	transfer: IncomingTransfer;
	/** What is written: `have` in storage never runs ahead of the chunks stored. */
	durable: ChunkRanges;
	cipher: ChunkCipher;
	/**
	 * AES-256-GCM into piece files: chunks go sealed to the piece-file worker, which opens, hashes
	 * and writes them (db/sealed-piece-store.ts); the page only keeps the books. Null: opened here.
	 */
	sealed: SealedPieceFiles | null;
	/**
	 * AES-256-GCM only: chunks being opened by WebCrypto, handed on in the order they came, so
	 * the in-order hash sees them as the sync cipher's would.
	 */
	opening: InOrderQueue<Opened> | null;
	/**
	 * The chunks in `opening`, each by the holder it came from: another copy from that holder is
	 * a duplicate while it opens. Without it every copy was held and opened (a holder's flood of
	 * one asked chunk grew the queue as fast as its channel carried).
	 */
	openingFrom: Map<number, PeerId>;
	hash: Uint8Array;
	/** The holder asked now; null until one is reachable. */
	source: PeerId | null;
	/** Holders that said they do not have it or sent chunks that did not open. */
	tried: Set<PeerId>;
	/**
	 * Every holder failed: asked again when a holder's link opens (a reconnect), not by a batch
	 * written meanwhile (that re-asked the holder that had just said `gone`, round after round).
	 */
	waitingForLink: boolean;
	/** Opened chunks, or with `sealed` the sealed ones and the holder each came from. */
	pending: { index: number; data: Uint8Array<ArrayBuffer>; peer?: PeerId }[];
	writing: boolean;
	/** When what waits is due although short (WriteBatch); 'due' once it is: written though more is on the way. */
	flush: ReturnType<typeof setTimeout> | 'due' | null;
	batch: WriteBatch;
	bad: number;
	/**
	 * The whole-file hash, fed as chunks open while they come in order from the first (the
	 * plaintext is hashed where it was decrypted, FileCipher.open): then the file need not be
	 * read back to be verified. Null once a chunk comes out of order (a resend, a resumed
	 * transfer): the stored file is read back and hashed at the end. What is hashed is what is
	 * stored: the same bytes go to `pending`.
	 */
	hashing: { hasher: ContentHasher; next: number } | null;
}

/** A chunk WebCrypto opened (or did not: `plain` null), from `peer`. */
interface Opened {
	index: number;
	plain: Uint8Array<ArrayBuffer> | null;
	peer: PeerId;
}

/**
 * Fetches received files (PROTOCOL §13d): asks a holder for the chunks it lacks, takes only
 * chunks it asked for that open under the file's key, writes them in batches with the ranges
 * they complete, and verifies the whole file's hash before it is shown as complete. A transfer
 * that stops resumes from what is stored, from whichever holder is reachable next.
 */
export class FileFetcher {
	readonly #deps: FileEngineDeps;
	readonly #active = new Map<string, Fetching>();
	/** Where opened chunks are put until written: a buffer per 64 chunks, not one each. */
	readonly #arena = new ChunkArena();

	constructor(deps: FileEngineDeps) {
		this.#deps = deps;
	}

	/** Starts (or resumes after a reload) the transfer of a received file the user may have. */
	async begin(row: FileRow, tried: ReadonlySet<PeerId> = new Set()): Promise<void> {
		if (row.direction !== 'in' || this.#active.has(row.messageId)) return;
		if (row.state !== 'receiving' && row.state !== 'waiting') return;
		const have = ChunkRanges.from(row.have, row.chunks) ?? ChunkRanges.empty();
		const problem = await this.#refusal(row, have);
		if (problem !== null) {
			await setFileState(this.#deps.db, row.messageId, 'declined', problem);
			this.#deps.log('file-declined', row.peerId as PeerId, problem);
			return;
		}
		let hash: Uint8Array;
		let cipher: ChunkCipher | null;
		try {
			hash = bytesOfHex(row.hash);
			cipher = chunkCipherFor(this.#deps.sodium, row, hash);
		} catch (error) {
			// A stored row that cannot name or open its file (damaged storage, an old format):
			// declined with a reason the card shows, never a throw that stops the app's start.
			await setFileState(this.#deps.db, row.messageId, 'declined', 'damaged');
			this.#deps.log('file-damaged-row', row.peerId as PeerId, String(error).slice(0, 120));
			return;
		}
		if (cipher === null) {
			// Announced under a cipher this version does not know (a newer sender): nothing is
			// asked for, and the card says why.
			await setFileState(this.#deps.db, row.messageId, 'declined', 'cipher');
			this.#deps.log('file-unknown-cipher', row.peerId as PeerId, String(row.cipher));
			return;
		}
		if (row.state !== 'receiving') await setFileState(this.#deps.db, row.messageId, 'receiving');
		const sealed = cipher.sync ? null : (sealedPieceFilesOf(this.#deps.db) ?? null);
		// Hashed as it comes only from nothing stored: pieces already there are not written again.
		const fromNothing = have.count === 0 && !(await holdsStoredPieces(this.#deps.db, row.hash));
		const fetching: Fetching = {
			row: { ...row, state: 'receiving' },
			transfer: new IncomingTransfer(row.chunks, have),
			durable: ChunkRanges.from(have.toWire(), row.chunks) ?? ChunkRanges.empty(),
			cipher,
			sealed,
			opening: null,
			openingFrom: new Map(),
			hash,
			source: null,
			tried: new Set(tried),
			waitingForLink: false,
			pending: [],
			writing: false,
			flush: null,
			batch: new WriteBatch(),
			bad: 0,
			hashing: fromNothing && sealed === null ? { hasher: new ContentHasher(this.#deps.sodium), next: 0 } : null
		};
		if (!cipher.sync)
			fetching.opening = new InOrderQueue<Opened>(MAX_OPENING_CHUNKS, (outcome) => {
				if (outcome.ok) this.#opened(fetching, outcome.value);
			});
		this.#active.set(row.messageId, fetching);
		if (fetching.transfer.complete) return this.#finish(fetching);
		this.#ask(fetching);
	}

	/** A holder became reachable (its file channel opened): ask it for what is waiting on it. */
	onLinkOpen(peer: PeerId): void {
		for (const fetching of this.#active.values()) {
			if (fetching.source !== null || !this.#deps.holders(fetching.row).includes(peer)) continue;
			fetching.waitingForLink = false;
			this.#ask(fetching);
		}
	}

	/** The peer's channel closed: what was on the way is asked for again, from whoever is next. */
	onLinkClosed(peer: PeerId): void {
		for (const fetching of this.#active.values()) {
			if (fetching.source !== peer) continue;
			fetching.source = null;
			fetching.transfer.reset();
			this.#ask(fetching);
		}
	}

	async onChunk(peer: PeerId, wire: Uint8Array): Promise<void> {
		const decoded = decodeChunkFrame(wire);
		if (!decoded.ok) return this.#deps.log(`file-chunk-${decoded.reason}`, peer);
		const { hash, index, sealed } = decoded.frame;
		const fetching = this.#from(peer, hash);
		if (fetching === undefined) return this.#deps.log('file-chunk-unasked', peer);
		const verdict = fetching.transfer.has(index) ? 'duplicate' : fetching.transfer.asked(index) ? 'new' : 'unasked';
		if (verdict === 'unasked') return this.#deps.log('file-chunk-unasked', peer, String(index));
		if (verdict === 'duplicate') return;
		if (fetching.sealed !== null) {
			// Taken now, opened by the worker when written: a copy that comes meanwhile is a
			// duplicate; one that does not open is let go of then (#storeSealed).
			fetching.transfer.accept(index);
			return this.#take(fetching, index, sealed as Uint8Array<ArrayBuffer>, peer);
		}
		if (!fetching.cipher.sync) return this.#openLater(fetching, fetching.cipher.cipher, peer, index, sealed);
		const inOrder = fetching.hashing !== null && fetching.hashing.next === index ? fetching.hashing : null;
		const plain = fetching.cipher.cipher.open(index, sealed, this.#arena.take, inOrder?.hasher);
		if (plain === null) return this.#badChunk(fetching, peer);
		if (!fitsItsPlace(fetching, index, plain)) {
			// Opened (its author holds the key) and hashed already: the running hash ends too.
			hashedInOrder(fetching, null);
			return this.#badChunk(fetching, peer);
		}
		hashedInOrder(fetching, inOrder);
		fetching.transfer.accept(index);
		await this.#take(fetching, index, plain);
	}

	/** A chunk that opened and was accepted goes to be written; more is asked for. */
	async #take(fetching: Fetching, index: number, data: Uint8Array<ArrayBuffer>, peer?: PeerId): Promise<void> {
		fetching.pending.push(peer === undefined ? { index, data } : { index, data, peer });
		fetching.batch.arrived(performance.now());
		// Ask for the next window as chunks arrive, not only once they are written: a write that
		// takes longer than the rest of the window takes to arrive left the channel idle. While
		// writes (or WebCrypto's opens) fall behind by more than half a window, asking waits for
		// them (memory stays bounded).
		if (fetching.pending.length + (fetching.opening?.size ?? 0) <= MAX_UNWRITTEN_CHUNKS) this.#ask(fetching);
		await this.#write(fetching);
	}

	/**
	 * AES-256-GCM: the chunk is opened by WebCrypto, a few at a time (MAX_OPENING_CHUNKS; the
	 * rest wait in the queue, the ask window bounds how many), and handled in the order it came.
	 */
	#openLater(fetching: Fetching, cipher: GcmFileCipher, peer: PeerId, index: number, sealed: Uint8Array): void {
		if (fetching.openingFrom.get(index) === peer) return;
		fetching.openingFrom.set(index, peer);
		// Never rejects: a step delivered as an error names no chunk, which then is neither taken
		// nor asked for again (the transfer waits for it for ever); a rejection is a chunk refused.
		fetching.opening?.add(async () => {
			let plain: Uint8Array<ArrayBuffer> | null;
			try {
				plain = await cipher.open(index, sealed);
			} catch {
				plain = null;
			}
			return { index, plain, peer };
		});
	}

	/** A chunk WebCrypto opened (or refused), in the order it came: as the sync path, one step later. */
	#opened(fetching: Fetching, { index, plain, peer }: Opened): void {
		// A copy from a holder asked since (the first one passed over) may still be opening.
		if (fetching.openingFrom.get(index) === peer) fetching.openingFrom.delete(index);
		if (this.#active.get(fetching.row.messageId) !== fetching) return;
		if (plain === null || !fitsItsPlace(fetching, index, plain)) {
			// From a holder passed over since it came (the sync cipher never sees those: they are
			// unasked by then): everything since was asked anew from the next one, and counting it
			// there would turn that holder away and ask it again, once per chunk still opening.
			if (peer !== fetching.source) return this.#deps.log('file-chunk-undecryptable', peer, fetching.row.messageId);
			return this.#badChunk(fetching, peer);
		}
		// Asked for and not held when it came; since then the holder may have been reset (then it
		// is asked again), or the same chunk, resent, may have opened first: taken once.
		if (fetching.transfer.accept(index) !== 'stored') return;
		const inOrder = fetching.hashing !== null && fetching.hashing.next === index ? fetching.hashing : null;
		inOrder?.hasher.update(plain);
		hashedInOrder(fetching, inOrder);
		void this.#take(fetching, index, plain);
	}

	async onStop(peer: PeerId, frame: FileStopFrame): Promise<void> {
		const fetching = this.#active.get(frame.id);
		if (fetching === undefined || fetching.source !== peer || hexOf(frame.hash) !== fetching.row.hash) return;
		if (frame.why === 'cancel' && peer === fetching.row.peerId) {
			this.#release(fetching);
			await removeFileData(this.#deps.db, frame.id, 'cancelled');
			return;
		}
		// `gone` (or a relay's cancel): this holder cannot help; try the next one.
		fetching.tried.add(peer);
		fetching.source = null;
		fetching.transfer.reset();
		this.#ask(fetching);
	}

	/** The user stops a transfer: nothing more is asked; what is stored stays for a later retry. */
	async cancel(messageId: FileRow['messageId']): Promise<void> {
		const fetching = this.#active.get(messageId);
		if (fetching !== undefined) this.#release(fetching);
		if (fetching?.source != null) this.#deps.sendControl(fetching.source, { t: 'fstop', id: messageId, hash: fetching.hash, why: 'declined' });
		await setFileState(this.#deps.db, messageId, 'waiting');
	}

	/** The message (and its file row) is gone: nothing more is asked for it or written. */
	forget(messageId: FileRow['messageId']): void {
		const fetching = this.#active.get(messageId);
		if (fetching === undefined) return;
		this.#release(fetching);
		if (fetching.source !== null) this.#deps.sendControl(fetching.source, { t: 'fstop', id: messageId, hash: fetching.hash, why: 'declined' });
	}

	/** Messages whose files are being fetched now. */
	activeIds(): string[] {
		return [...this.#active.keys()];
	}

	get activeCount(): number {
		return this.#active.size;
	}

	/**
	 * The transfer leaves memory (done, cancelled, its message gone): its in-order hash state is
	 * freed (ContentHasher.discard) and a pending flush is dropped. Chunks still being written
	 * are not hashed afterwards: `hashing` is null.
	 */
	#release(fetching: Fetching): void {
		if (this.#active.get(fetching.row.messageId) === fetching) this.#active.delete(fetching.row.messageId);
		fetching.hashing?.hasher.discard();
		fetching.hashing = null;
		fetching.sealed?.forget(fetching.row.hash).catch(() => undefined);
		fetching.opening?.clear();
		fetching.openingFrom.clear();
		if (fetching.flush !== null && fetching.flush !== 'due') clearTimeout(fetching.flush);
		fetching.flush = null;
	}

	async #refusal(row: FileRow, have: ChunkRanges): Promise<string | null> {
		if (row.size > this.#deps.maxFileBytes()) return 'too-large';
		const free = await this.#deps.freeBytes();
		const missing = row.size - bytesHeld(have.toWire(), row.size, CHUNK_BYTES);
		return free !== null && missing > free ? 'no-space' : null;
	}

	#from(peer: PeerId, hash: Uint8Array): Fetching | undefined {
		const hex = hexOf(hash);
		for (const fetching of this.#active.values()) if (fetching.source === peer && fetching.row.hash === hex) return fetching;
		return undefined;
	}

	#ask(fetching: Fetching): void {
		if (fetching.source === null) {
			if (fetching.waitingForLink) return;
			const holders = this.#deps.holders(fetching.row);
			const next = holders.find((peer) => !fetching.tried.has(peer) && this.#deps.link(peer) !== null);
			if (next === undefined) {
				// Every reachable holder failed: start over with all of them at the next reconnect.
				if (holders.every((peer) => fetching.tried.has(peer))) {
					fetching.tried.clear();
					fetching.waitingForLink = true;
				}
				return;
			}
			fetching.source = next;
		}
		const ranges = fetching.transfer.nextWant();
		if (ranges.length === 0) return;
		const sent = this.#deps.sendControl(fetching.source, { t: 'fwant', id: fetching.row.messageId, hash: fetching.hash, ranges: flatRanges(ranges) });
		if (!sent) {
			fetching.source = null;
			fetching.transfer.reset();
		}
	}

	#badChunk(fetching: Fetching, peer: PeerId): void {
		fetching.bad += 1;
		this.#deps.log('file-chunk-undecryptable', peer, fetching.row.messageId);
		if (fetching.bad < MAX_BAD_CHUNKS) {
			// Ask again from the first gap: the refused chunk is in it (a new request replaces the old).
			fetching.transfer.reset();
			this.#ask(fetching);
			return;
		}
		fetching.bad = 0;
		fetching.tried.add(peer);
		this.#deps.sendControl(peer, { t: 'fstop', id: fetching.row.messageId, hash: fetching.hash, why: 'declined' });
		fetching.source = null;
		fetching.transfer.reset();
		this.#ask(fetching);
	}

	/** Writes what arrived, one batch at a time; asks for more once it is stored. */
	async #write(fetching: Fetching): Promise<void> {
		if (fetching.writing) return;
		fetching.writing = true;
		try {
			while (fetching.pending.length > 0 && writeNow(fetching) && this.#active.get(fetching.row.messageId) === fetching) {
				if (fetching.flush !== null && fetching.flush !== 'due') clearTimeout(fetching.flush);
				fetching.flush = null;
				const batch = fetching.pending.splice(0, WRITE_BATCH_CHUNKS);
				fetching.batch.written(performance.now(), fetching.pending.length);
				let durable: ChunkRanges;
				try {
					durable = fetching.sealed === null ? await this.#store(fetching, batch) : await this.#storeSealed(fetching, fetching.sealed, batch);
				} catch (error) {
					if (error instanceof StorageFullError) return await this.#refuse(fetching, 'no-space');
					if (error instanceof ClaimConflictError) return await this.#refuse(fetching, 'damaged');
					throw error;
				}
				fetching.durable = durable;
				this.#deps.progress?.({ messageId: fetching.row.messageId, direction: 'in', peer: fetching.source ?? (fetching.row.peerId as PeerId), bytes: bytesHeld(durable.toWire(), fetching.row.size, CHUNK_BYTES), size: fetching.row.size });
				this.#ask(fetching);
			}
		} finally {
			fetching.writing = false;
		}
		if (this.#active.get(fetching.row.messageId) !== fetching) return;
		if (fetching.pending.length > 0) this.#armFlush(fetching);
		if (fetching.durable.complete(fetching.row.chunks)) await this.#finish(fetching);
	}

	async #store(fetching: Fetching, batch: Fetching['pending']): Promise<ChunkRanges> {
		const durable = ChunkRanges.from(fetching.durable.toWire(), fetching.row.chunks) ?? ChunkRanges.empty();
		for (const chunk of batch) durable.add(chunk.index);
		await storeChunks(this.#deps.db, fetching.row.messageId, batch, durable.toWire());
		return durable;
	}

	/**
	 * Sealed chunks to the piece-file worker: what opened and was written is held; a chunk that
	 * did not open counts against the holder it came from, as one opened here would, and is
	 * asked for again. A worker that fails otherwise is left: chunks are opened here from then on.
	 */
	async #storeSealed(fetching: Fetching, sealed: SealedPieceFiles, batch: Fetching['pending']): Promise<ChunkRanges> {
		const durable = ChunkRanges.from(fetching.durable.toWire(), fetching.row.chunks) ?? ChunkRanges.empty();
		let outcome;
		try {
			outcome = await storeSealedChunks(this.#deps.db, sealed, fetching.row.messageId, fetching.row.key, batch, fetching.durable, fetching.row.chunks);
		} catch (error) {
			if (error instanceof StorageFullError || error instanceof ClaimConflictError) throw error;
			console.warn('the piece-file worker could not open and write chunks; they are opened here', error);
			this.#openHere(fetching, batch);
			return durable;
		}
		// Stopped while the batch was on its way (#release's `forget` went first): the worker's
		// state for the file, made again by this write, is let go of now.
		const stopped = this.#active.get(fetching.row.messageId) !== fetching;
		if (stopped) sealed.forget(fetching.row.hash).catch(() => undefined);
		for (const index of outcome.stored) durable.add(index);
		// A chunk that did not open would ask the holder again (#badChunk): not after a Cancel's fstop.
		if (stopped) return durable;
		for (const index of [...outcome.refused, ...outcome.lost]) fetching.transfer.unaccept(index);
		if (outcome.lost.length > 0) fetching.transfer.reset();
		const refused = new Set(outcome.refused);
		for (const chunk of batch) {
			if (!refused.has(chunk.index) || chunk.peer === undefined) continue;
			// From a holder passed over since (everything since was asked anew from the next one).
			if (chunk.peer !== fetching.source) this.#deps.log('file-chunk-undecryptable', chunk.peer, fetching.row.messageId);
			else this.#badChunk(fetching, chunk.peer);
		}
		return durable;
	}

	/** The sealed chunks on the way are let go of and asked for again; later ones open on the page. */
	#openHere(fetching: Fetching, batch: Fetching['pending']): void {
		const sealed = fetching.sealed;
		fetching.sealed = null;
		for (const chunk of [...batch, ...fetching.pending]) fetching.transfer.unaccept(chunk.index);
		fetching.pending = [];
		fetching.transfer.reset();
		sealed?.forget(fetching.row.hash).catch(() => undefined);
	}

	/**
	 * A short batch waits for more while chunks keep coming, but not for long: a stalled holder
	 * must not leave it unwritten (WriteBatch says when it is due). One timer per transfer, set
	 * again when it fires early, not one per chunk.
	 */
	#armFlush(fetching: Fetching): void {
		if (fetching.flush !== null) return;
		const due = fetching.batch.dueIn(performance.now());
		if (due === null) return;
		fetching.flush = setTimeout(() => {
			fetching.flush = null;
			if (this.#active.get(fetching.row.messageId) !== fetching || fetching.pending.length === 0) return;
			if ((fetching.batch.dueIn(performance.now()) ?? 0) > 0) return this.#armFlush(fetching);
			fetching.flush = 'due';
			void this.#write(fetching);
		}, due);
	}

	/**
	 * The store refused the file before any of its bytes was written: the browser gave it no more
	 * space (piece-files), or another message holds its hash with another size (file-store).
	 * Nothing of it is kept, and the card says why.
	 */
	async #refuse(fetching: Fetching, problem: 'no-space' | 'damaged'): Promise<void> {
		this.#release(fetching);
		if (fetching.source !== null) this.#deps.sendControl(fetching.source, { t: 'fstop', id: fetching.row.messageId, hash: fetching.hash, why: 'declined' });
		this.#deps.log('file-declined', fetching.row.peerId as PeerId, problem);
		await removeFileData(this.#deps.db, fetching.row.messageId, 'declined');
		await setFileState(this.#deps.db, fetching.row.messageId, 'declined', problem);
	}

	/** Every chunk is stored: the file is complete only if its bytes hash to its name. */
	async #finish(fetching: Fetching): Promise<void> {
		await doneWriting(this.#deps.db, fetching.row.hash);
		const digest = this.#digest(fetching);
		this.#release(fetching);
		const verified = sameHash(this.#deps.sodium, await digest, fetching.hash);
		// Removed, cancelled or declined elsewhere (another tab) meanwhile: what came after was
		// not stored (file-store), so the row is not settled from here.
		if (verified) return void (await completeReceived(this.#deps.db, fetching.row.messageId));
		if ((await this.#deps.db.files.get(fetching.row.messageId))?.state !== 'receiving') return;
		// Every chunk opened, yet the file is not the one announced: a holder with the key sent
		// other bytes (a group member), or the author's file changed on disk after it was hashed.
		const source = fetching.source ?? (fetching.row.peerId as PeerId);
		this.#deps.log('file-hash-mismatch', source, fetching.row.messageId);
		await removeFileData(this.#deps.db, fetching.row.messageId, source === fetching.row.peerId ? 'declined' : 'receiving');
		if (source === fetching.row.peerId) {
			// From its author it would come out the same again: the user sees it as damaged.
			await setFileState(this.#deps.db, fetching.row.messageId, 'declined', 'damaged');
			return;
		}
		await this.begin({ ...fetching.row, have: [] }, new Set([...fetching.tried, source]));
	}

	/** Called before #release, which frees an in-order hash that is not complete. */
	async #digest(fetching: Fetching): Promise<Uint8Array> {
		if (fetching.sealed !== null) {
			// The worker's running hash, of what it wrote (same rule as below for shared bytes).
			const digest = await fetching.sealed.digest(fetching.row.hash, fetching.row.chunks).catch(() => null);
			if (digest !== null && !(await sharesStoredBytes(this.#deps.db, fetching.row.hash, fetching.row.messageId))) return digest;
		}
		if (fetching.hashing !== null && fetching.hashing.next === fetching.row.chunks) {
			// The bytes that came over the wire are the stored ones only when no other message of
			// this hash wrote some of them (a chunk already held is not written again): otherwise
			// the stored bytes are hashed.
			const digest = fetching.hashing.hasher.digest();
			fetching.hashing = null;
			if (!(await sharesStoredBytes(this.#deps.db, fetching.row.hash, fetching.row.messageId))) return digest;
		}
		const hasher = new ContentHasher(this.#deps.sodium);
		try {
			for await (const batch of chunkBatchesInOrder(this.#deps.db, fetching.row.hash, fetching.row.chunks)) hasher.update(new Uint8Array(await batch.arrayBuffer()));
			return hasher.digest();
		} finally {
			hasher.discard();
		}
	}
}

/**
 * Whether what arrived is written now: a batch of MIN_WRITE_CHUNKS, or whatever is here when
 * nothing more is on the way (the window's end, the file's end, the holder gone) or it is due
 * (WriteBatch: the stream paused, or its first chunk waited long enough). Writing each chunk as it came made a stored piece and a transaction per chunk
 * whenever storage kept up.
 */
function writeNow(fetching: Fetching): boolean {
	return fetching.pending.length >= MIN_WRITE_CHUNKS || fetching.transfer.inFlight === 0 || fetching.flush === 'due';
}

/**
 * Whether an opened chunk is as long as its place in the file. Its author holds the key: chunks
 * of other lengths could concatenate to the announced content (the running hash would name it)
 * while the file stored at index x CHUNK_BYTES, of the announced size, holds other bytes.
 */
function fitsItsPlace(fetching: Fetching, index: number, plain: Uint8Array): boolean {
	const span = chunkSpan(index, fetching.row.size, CHUNK_BYTES);
	return plain.length === span.end - span.start;
}

/** A chunk opened: it was hashed if it came next in order (`inOrder`), else the in-order hash ends. */
function hashedInOrder(fetching: Fetching, inOrder: Fetching['hashing']): void {
	if (inOrder !== null) {
		inOrder.next += 1;
		return;
	}
	fetching.hashing?.hasher.discard();
	fetching.hashing = null;
}
