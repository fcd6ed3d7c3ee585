import { decode, encode } from '@msgpack/msgpack';
import * as v from 'valibot';
import { FILE_CIPHER_AES256_GCM } from '../src/lib/crypto/file-cipher-id';
import { FILE_STREAM_ID } from '../src/lib/files/file-stream';
import { loadSodium, type Sodium } from '../src/lib/crypto/sodium';
import { ChatDb } from '../src/lib/db/chat-db';
import { recordFile } from '../src/lib/db/file-store';
import { attachPieceFiles } from '../src/lib/db/piece-files';
import { OpfsPieceFiles, opfsRoot, pieceFolderOf, type PieceWorkerLike } from '../src/lib/opfs/opfs-piece-files';
import { MAX_CHUNK_FRAME_BYTES } from '../src/lib/files/chunk-frame';
import { FileStopFrame, FileWantFrame, type FileBody } from '../src/lib/files/file-frames';
import { CHUNK_BYTES } from '../src/lib/files/file-limits';
import { newMessageId, type MessageId } from '../src/lib/ids/message-id';
import type { PeerId } from '../src/lib/ids/peer-id';
import { HIGH_WATER_BYTES } from '../src/lib/messenger/files/file-deps';
import { incomingFileRow, prepareFile } from '../src/lib/messenger/files/file-prepare';
import { FileTransfers } from '../src/lib/messenger/files/file-transfers';
import { BlobReader } from '../src/lib/messenger/files/blob-reader';
import { GcmFileCipher } from '../src/lib/crypto/file-cipher-gcm';
import { chunkFrameInto, decodeChunkFrame } from '../src/lib/files/chunk-frame';
import { hexOf } from '../src/lib/files/hex';
import { FILE_CHANNEL_LOW_WATER_BYTES, RtcFileChannel } from '../src/lib/net/file-channel';

// Page side of the `files` bench (bench/file-transfer.ts), bundled from the app's source: two
// pages, each with the real engine (FileTransfers over an RtcFileChannel on a real
// RTCPeerConnection, Dexie on the page's IndexedDB, libsodium). Control frames (fwant/fstop)
// go msgpack-encoded on a data channel of their own and are schema-checked on arrival, as the
// message session would do once decrypted. Node relays the SDP and reads the figures.
// Every channel is negotiated, so no in-band announcement is needed.

const CONTROL_STREAM_ID = 1;
/** The chat channel: small messages echoed by the receiver, timed by the sender. */
const CHAT_STREAM_ID = 2;
/** The baseline: a bare data channel carrying the same frames with the same backpressure. */
const RAW_STREAM_ID = 1002;
/** Random bytes are made this much at a time (the Blob keeps them, the page drops them). */
const GENERATE_PART_BYTES = 4 * 1024 * 1024;
const RANDOM_CALL_BYTES = 65_536;
const POLL_MS = 10;
const STALL_POLL_MS = 250;
const ICE_TIMEOUT_MS = 10_000;

interface Side {
	self: PeerId;
	other: PeerId;
	pc: RTCPeerConnection;
	db: ChatDb;
	sodium: Sodium;
	transfers: FileTransfers;
	control: RTCDataChannel;
	chat: RTCDataChannel;
	raw: RTCDataChannel;
	log: string[];
	rawReceived: { bytes: number; target: number; done: (() => void) | null };
}

let side: Side | null = null;
/** A's last made file, for the bare channel's sealed runs (BENCH_FILES_PARTS). */
let lastFile: { blob: Blob; hash: Uint8Array; key: Uint8Array; size: number } | null = null;
/** B's piece files, for the bare channel's stored runs (BENCH_FILES_PARTS). */
let pieceFiles: OpfsPieceFiles | null = null;

/**
 * Sends that found the channel's buffer empty: the link may have idled before them (the refill
 * after `bufferedamountlow` came later than the buffer took to drain). Engine and bare channel.
 * And where each sender's gaps between two sends went (gaps over GAP_MS): waiting for the
 * buffer to drain under its low-water mark, or anything else (a request not there yet, a Blob
 * read, its own thread busy): a receiver that asks too late shows as the engine's `otherMs`.
 */
/** When B's first and last chunk frames of a fetch arrived: the rest of its time is set-up and the end's checks. */
const arrivals = { first: 0, last: 0 };
const drySends = { engine: 0, raw: 0, engineSends: 0, rawSends: 0, engineDrainMs: 0, engineOtherMs: 0, engineOtherGaps: 0, rawDrainMs: 0, rawOtherMs: 0 };
const GAP_MS = 1;
const gaps = { engine: { last: 0, draining: false }, raw: { last: 0, draining: false } };

function noteSend(who: 'engine' | 'raw'): void {
	const now = performance.now();
	const gap = gaps[who];
	if (gap.last > 0 && now - gap.last > GAP_MS) {
		if (who === 'engine') {
			if (gap.draining) drySends.engineDrainMs += now - gap.last;
			else {
				drySends.engineOtherMs += now - gap.last;
				drySends.engineOtherGaps += 1;
			}
		} else if (gap.draining) drySends.rawDrainMs += now - gap.last;
		else drySends.rawOtherMs += now - gap.last;
	}
	gap.last = now;
	gap.draining = false;
}

class CountingFileChannel extends RtcFileChannel {
	override send(frame: Uint8Array<ArrayBuffer>): void {
		drySends.engineSends += 1;
		if (this.bufferedAmount === 0) drySends.engine += 1;
		noteSend('engine');
		super.send(frame);
	}

	override onDrain(listener: () => void): () => void {
		gaps.engine.draining = true;
		return super.onDrain(listener);
	}
}

/** Dry sends and send gaps so far, and resets the counts. */
export function takeDrySends(): typeof drySends {
	const taken = { ...drySends };
	for (const key of Object.keys(drySends) as (keyof typeof drySends)[]) drySends[key] = 0;
	gaps.engine.last = gaps.raw.last = 0;
	return taken;
}

function current(): Side {
	if (side === null) throw new Error('setup() first');
	return side;
}

const peer = (letter: string) => `p${letter.repeat(32)}` as PeerId;
const ControlFrame = v.variant('t', [FileWantFrame, FileStopFrame]);

function channel(pc: RTCPeerConnection, label: string, id: number): RTCDataChannel {
	const made = pc.createDataChannel(label, { negotiated: true, id, ordered: true });
	made.binaryType = 'arraybuffer';
	return made;
}

/** Both pages: a peer connection with every channel, and the engine over it. `role` a sends, b receives. */
export async function setup(role: 'a' | 'b'): Promise<void> {
	const sodium = await loadSodium();
	const self = peer(role);
	const other = peer(role === 'a' ? 'b' : 'a');
	const db = new ChatDb(`fbench-${role}`);
	await db.open();
	// As the app does (app/piece-files-start.ts): received pieces into OPFS files from a worker,
	// whose bundle the bench passes in (BENCH_PIECE_FILES=0 leaves it out: pieces in IndexedDB).
	const workerSource = (globalThis as { __pieceWorkerSource?: string }).__pieceWorkerSource;
	if (role === 'b' && workerSource !== undefined) {
		const worker = new Worker(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));
		const files = new OpfsPieceFiles(worker as unknown as PieceWorkerLike, pieceFolderOf(db.name), opfsRoot);
		if (!(await files.usable())) throw new Error('piece files not usable here');
		pieceFiles = files;
		// The A/B of session 16: without `sealed`, chunks are opened and hashed on the page.
		const pageOpens = (globalThis as { __pageOpensChunks?: boolean }).__pageOpensChunks === true;
		attachPieceFiles(db, pageOpens ? { write: (...args) => files.write(...args), close: (hash) => files.close(hash), file: (hash) => files.file(hash), remove: (hash) => files.remove(hash) } : files);
	}
	const pc = new RTCPeerConnection({ iceServers: [] });
	const control = channel(pc, 'control', CONTROL_STREAM_ID);
	const chat = channel(pc, 'chat', CHAT_STREAM_ID);
	const raw = channel(pc, 'raw', RAW_STREAM_ID);
	raw.bufferedAmountLowThreshold = FILE_CHANNEL_LOW_WATER_BYTES;
	const log: string[] = [];
	const transfers = new FileTransfers({
		db,
		sodium,
		sendControl: (to, frame) => {
			if (to !== other || control.readyState !== 'open') return false;
			control.send(encode(frame));
			return true;
		},
		entitled: async (asker) => asker === other,
		holders: () => [other],
		maxFileBytes: () => 8 * 2 ** 30,
		freeBytes: async () => {
			const { quota, usage } = await navigator.storage.estimate();
			return quota === undefined || usage === undefined ? null : quota - usage;
		},
		log: (reason, from, detail) => log.push(`${reason} ${from.slice(0, 3)} ${detail ?? ''}`),
		// The receiver's last write wakes fetchFile, which polls only for the verification after it.
		progress: (progress) => {
			if (progress.direction === 'in' && progress.bytes >= progress.size) allStored?.();
		}
	});
	const state: Side = { self, other, pc, db, sodium, transfers, control, chat, raw, log, rawReceived: { bytes: 0, target: 0, done: null } };
	control.addEventListener('message', (event: MessageEvent<ArrayBuffer>) => {
		const parsed = v.safeParse(ControlFrame, decode(new Uint8Array(event.data)));
		if (!parsed.success) return void log.push('control-invalid');
		void transfers.onControl(other, parsed.output);
	});
	chat.addEventListener('message', (event: MessageEvent<unknown>) => {
		if (role === 'b') chat.send(event.data as string);
	});
	raw.addEventListener('message', (event: MessageEvent<unknown>) => {
		const data = event.data;
		if (typeof data === 'string') {
			if (role !== 'a') return;
			const [size, highWater, bytesPerSecond, frameBytes, sealed] = data.split(':').map(Number) as [number, number?, number?, number?, number?];
			if (sealed === 1) void sendSealed(raw, highWater ?? HIGH_WATER_BYTES);
			else sendRaw(raw, size, highWater, bytesPerSecond, frameBytes);
			return;
		}
		const received = state.rawReceived;
		received.bytes += (data as ArrayBuffer).byteLength;
		if (storing !== null) return void storeRaw(storing, new Uint8Array(data as ArrayBuffer));
		if (received.bytes >= received.target) received.done?.();
	});
	const fileChannel = new CountingFileChannel(pc, FILE_STREAM_ID);
	fileChannel.on('message', () => {
		const now = performance.now();
		if (arrivals.first === 0) arrivals.first = now;
		arrivals.last = now;
	});
	transfers.attach(other, fileChannel);
	side = state;
}

async function gathered(pc: RTCPeerConnection): Promise<RTCSessionDescriptionInit> {
	await new Promise<void>((resolve, reject) => {
		if (pc.iceGatheringState === 'complete') return resolve();
		const timer = setTimeout(() => reject(new Error('ICE gathering timed out')), ICE_TIMEOUT_MS);
		pc.addEventListener('icegatheringstatechange', () => {
			if (pc.iceGatheringState !== 'complete') return;
			clearTimeout(timer);
			resolve();
		});
	});
	const description = pc.localDescription;
	if (description === null) throw new Error('no local description');
	return { type: description.type, sdp: description.sdp };
}

export async function offer(): Promise<RTCSessionDescriptionInit> {
	const { pc } = current();
	await pc.setLocalDescription();
	return gathered(pc);
}

export async function answer(remote: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
	const { pc } = current();
	await pc.setRemoteDescription(remote);
	await pc.setLocalDescription();
	return gathered(pc);
}

export async function accept(remote: RTCSessionDescriptionInit): Promise<void> {
	await current().pc.setRemoteDescription(remote);
}

export async function opened(): Promise<void> {
	const { control, chat, raw } = current();
	const open = (c: RTCDataChannel) =>
		c.readyState === 'open' ? Promise.resolve() : new Promise<void>((resolve) => c.addEventListener('open', () => resolve(), { once: true }));
	await Promise.all([open(control), open(chat), open(raw)]);
}

/** The sender's file, announced as a message would: random bytes made here, hashed, stored with the row. */
export interface Announced {
	messageId: MessageId;
	body: { hash: number[]; key: number[]; cipher?: number; name: string; type: string; size: number };
	prepareMs: number;
}

/**
 * `cipher` 'xchacha' announces the file as before session 15 (no cipher id: XChaCha20-Poly1305),
 * for a same-run comparison with AES-256-GCM, what a new file gets (BENCH_FILES_CIPHER).
 */
export async function makeFile(size: number, cipher?: string): Promise<Announced> {
	const { db, sodium, other } = current();
	const parts: Blob[] = [];
	const buffer = new Uint8Array(GENERATE_PART_BYTES);
	for (let at = 0; at < size; at += GENERATE_PART_BYTES) {
		const part = buffer.subarray(0, Math.min(GENERATE_PART_BYTES, size - at));
		for (let i = 0; i < part.length; i += RANDOM_CALL_BYTES) crypto.getRandomValues(part.subarray(i, i + RANDOM_CALL_BYTES));
		parts.push(new Blob([part]));
	}
	const file = new Blob(parts, { type: 'application/octet-stream' });
	const started = performance.now();
	const prepared = await prepareFile(sodium, file, 'bench.bin', { cipher: FILE_CIPHER_AES256_GCM });
	lastFile = { blob: file, hash: prepared.body.hash, key: prepared.body.key, size };
	const messageId = newMessageId();
	const { cipher: announcedCipher, ...row } = prepared.row(messageId, other, other, Date.now());
	const asBefore = cipher === 'xchacha';
	await recordFile(db, asBefore ? row : { ...row, ...(announcedCipher === undefined ? {} : { cipher: announcedCipher }) });
	const { hash, key, name, type } = prepared.body;
	const id = asBefore ? {} : prepared.body.cipher === undefined ? {} : { cipher: prepared.body.cipher };
	return { messageId, body: { hash: [...hash], key: [...key], ...id, name, type, size }, prepareMs: performance.now() - started };
}

/** The receiver takes the announced file and fetches it: ms from asking to stored and verified. */
export async function fetchFile(announced: Announced): Promise<{ ms: number; state: string; log: string[]; pieces: number; firstMs: number; lastMs: number }> {
	const { db, transfers, other } = current();
	arrivals.first = arrivals.last = 0;
	const body: FileBody = { kind: 'file', ...announced.body, hash: new Uint8Array(announced.body.hash), key: new Uint8Array(announced.body.key) };
	const row = await recordFile(db, incomingFileRow(body, announced.messageId, other, other, Date.now(), true));
	const stored = new Promise<void>((resolve) => (allStored = resolve));
	const started = performance.now();
	await transfers.fetch(row);
	// Woken when every chunk is stored (a timer every POLL_MS through the whole transfer cost B's
	// thread ~3,000 wakeups the bare run does not have), then polling the engine's memory until it
	// lets go (the hash is checked), then the row once: no extra storage reads meanwhile.
	// A fetch that ends otherwise (refused, declined) never reports it: looked at every STALL_POLL_MS.
	let done = false;
	void stored.then(() => (done = true));
	while (!done && transfers.fetcher.activeCount > 0) await Promise.race([stored, sleep(STALL_POLL_MS)]);
	allStored = null;
	while (transfers.fetcher.activeCount > 0) await sleep(POLL_MS);
	let state = (await db.files.get(row.messageId))?.state ?? 'gone';
	while (state === 'receiving') {
		await sleep(POLL_MS);
		state = (await db.files.get(row.messageId))?.state ?? 'gone';
	}
	const ms = performance.now() - started;
	// Stored pieces: one per write transaction of consecutive chunks (a measure of batching).
	return { ms, state, log: current().log.slice(0, 20), pieces: await db.fileChunks.count(), firstMs: arrivals.first - started, lastMs: ms - (arrivals.last - started) };
}

/** `bytesPerSecond` > 0 paces the sender to that rate (an experiment: what a cap does to chat). */
function sendRaw(raw: RTCDataChannel, size: number, highWater = HIGH_WATER_BYTES, bytesPerSecond = 0, frameBytes = MAX_CHUNK_FRAME_BYTES): void {
	const frame = new Uint8Array(frameBytes || MAX_CHUNK_FRAME_BYTES);
	crypto.getRandomValues(frame.subarray(0, RANDOM_CALL_BYTES));
	let left = size;
	const started = performance.now();
	const pump = () => {
		while (left > 0) {
			if (raw.bufferedAmount >= highWater) {
				gaps.raw.draining = true;
				return void raw.addEventListener('bufferedamountlow', pump, { once: true });
			}
			if (bytesPerSecond > 0) {
				const dueMs = ((size - left) / bytesPerSecond) * 1000 - (performance.now() - started);
				if (dueMs > 0) return void setTimeout(pump, dueMs);
			}
			const bytes = Math.min(frame.length, left);
			drySends.rawSends += 1;
			if (raw.bufferedAmount === 0) drySends.raw += 1;
			noteSend('raw');
			raw.send(bytes === frame.length ? frame : frame.subarray(0, bytes));
			left -= bytes;
		}
	};
	pump();
}

/**
 * The bare channel carrying A's last file as the engine's sender makes it (BENCH_FILES_PARTS
 * `seal`): read from its Blob through one stream, sealed four chunks ahead, framed in one buffer,
 * sent with the same backpressure; no requests, no bookkeeping.
 */
async function sendSealed(raw: RTCDataChannel, highWater: number): Promise<void> {
	const file = lastFile;
	if (file === null) throw new Error('makeFile() first');
	const reader = new BlobReader(file.blob);
	const cipher = new GcmFileCipher(file.key, file.hash);
	const count = Math.ceil(file.size / CHUNK_BYTES);
	const frame = new Uint8Array(MAX_CHUNK_FRAME_BYTES);
	const ahead: Promise<Uint8Array>[] = [];
	let next = 0;
	for (let index = 0; index < count; index++) {
		while (ahead.length < 4 && next < count) {
			const at = next++;
			ahead.push(reader.read(at * CHUNK_BYTES, Math.min(file.size, (at + 1) * CHUNK_BYTES)).then((plain) => cipher.seal(at, plain)));
		}
		const sealed = await ahead.shift()!;
		while (raw.bufferedAmount >= highWater) {
			gaps.raw.draining = true;
			await new Promise((resolve) => raw.addEventListener('bufferedamountlow', resolve, { once: true }));
		}
		drySends.rawSends += 1;
		if (raw.bufferedAmount === 0) drySends.raw += 1;
		noteSend('raw');
		raw.send(chunkFrameInto(frame, file.hash, index, sealed));
	}
	reader.close();
}

/** B storing what the bare channel carries as the piece worker does for the engine (BENCH_FILES_PARTS `store`). */
interface Storing { hash: string; size: number; key: Uint8Array; count: number; stored: number; batch: { index: number; sealed: Uint8Array }[]; writing: boolean }
let storing: Storing | null = null;

function storeRaw(into: Storing, wire: Uint8Array): void {
	const decoded = decodeChunkFrame(wire);
	if (!decoded.ok) throw new Error(decoded.reason);
	into.batch.push({ index: decoded.frame.index, sealed: decoded.frame.sealed });
	flushStored(into);
}

function flushStored(into: Storing): void {
	if (into.writing || into.batch.length === 0 || pieceFiles?.sealed === undefined) return;
	into.writing = true;
	const batch = into.batch.splice(0);
	void pieceFiles.sealed.write(into.hash, into.size, into.key, batch).then(({ stored, refused }) => {
		if (refused.length > 0) throw new Error(`refused ${refused.length}`);
		into.stored += stored.length;
		into.writing = false;
		if (into.stored >= into.count) current().rawReceived.done?.();
		else flushStored(into);
	});
}

/** The bare channel carrying A's sealed file (`seal`), and B opening, hashing and writing it too (`store`): ms until all arrived (and were written). */
export async function rawReceiveFile(announced: Announced, store: boolean): Promise<number> {
	const { raw, rawReceived } = current();
	const { size } = announced.body;
	const hash = hexOf(new Uint8Array(announced.body.hash));
	rawReceived.bytes = 0;
	rawReceived.target = wireBytes(size);
	storing = store ? { hash, size, key: new Uint8Array(announced.body.key), count: Math.ceil(size / CHUNK_BYTES), stored: 0, batch: [], writing: false } : null;
	const done = new Promise<void>((resolve) => (rawReceived.done = resolve));
	const started = performance.now();
	raw.send(`${size}:${HIGH_WATER_BYTES}:0:0:1`);
	await done;
	const ms = performance.now() - started;
	rawReceived.done = null;
	if (store) {
		await pieceFiles?.sealed?.forget(hash);
		await pieceFiles?.remove(hash);
	}
	storing = null;
	return ms;
}

/** Wire bytes of a file of `size` as chunk frames: what the engine puts on its channel. */
export function wireBytes(size: number): number {
	const chunks = Math.ceil(size / CHUNK_BYTES);
	return size + chunks * (MAX_CHUNK_FRAME_BYTES - CHUNK_BYTES);
}

/** The baseline, timed like fetchFile: asks the sender for `bytes` on the bare channel, ms until all arrived. */
export async function rawReceive(bytes: number, highWater?: number, bytesPerSecond?: number, frameBytes?: number): Promise<number> {
	const { raw, rawReceived } = current();
	rawReceived.bytes = 0;
	rawReceived.target = bytes;
	const done = new Promise<void>((resolve) => (rawReceived.done = resolve));
	const started = performance.now();
	// From Node, an argument left out arrives as null (JSON).
	raw.send(`${bytes}:${highWater ?? HIGH_WATER_BYTES}:${bytesPerSecond ?? 0}:${frameBytes ?? 0}`);
	await done;
	rawReceived.done = null;
	return performance.now() - started;
}

let pinging: { stop: boolean; times: number[]; running: Promise<void> } | null = null;

/**
 * Sender: chat messages one at a time, `gapMs` apart, echoed by the receiver; round trips in ms.
 * `noteChat`: each message is told to the engine, as the app does, so files give way (ChatBudget).
 */
export function startPings(gapMs: number, noteChat = false): void {
	const { chat, transfers, other } = current();
	const run = { stop: false, times: [] as number[], running: Promise.resolve() };
	run.running = (async () => {
		for (let i = 0; !run.stop; i++) {
			const text = `${i}: a chat message of everyday length, about sixty characters.`;
			const started = performance.now();
			const reply = new Promise<void>((resolve) => {
				const on = (event: MessageEvent<unknown>) => {
					if (event.data !== text) return;
					chat.removeEventListener('message', on);
					resolve();
				};
				chat.addEventListener('message', on);
			});
			if (noteChat) transfers.noteChat(other);
			chat.send(text);
			await reply;
			run.times.push(performance.now() - started);
			await sleep(gapMs);
		}
	})();
	pinging = run;
}

export async function stopPings(): Promise<number[]> {
	const run = pinging;
	if (run === null) return [];
	run.stop = true;
	await run.running;
	pinging = null;
	return run.times;
}

/** Removes the stored file(s), so a run leaves no gigabytes behind in the profile. */
export async function clear(): Promise<void> {
	const { db } = current();
	await db.transaction('rw', db.files, db.fileChunks, async () => {
		await db.files.clear();
		await db.fileChunks.clear();
	});
}

/** fetchFile's wake-up once the receiver reports every byte stored (its `progress`). */
let allStored: (() => void) | null = null;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
