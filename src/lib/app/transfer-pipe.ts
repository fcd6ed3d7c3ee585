import { FILE_STREAM_ID, LEGACY_FILE_STREAM_ID } from '../files/file-stream';
import type { FileChannel } from '../net/file-channel';
import type { Link } from '../net/transport';

// The transfer runs on the link's file channel (a negotiated data channel: each end creates it,
// nothing is announced). A frame sent before the other end has created its side could be lost,
// so the old device, once its side is open, says so with one small message on the link's own
// channel, which also names the channel's stream (files/file-stream.ts); the new device has made
// its side on both streams by then, and sends its hello on the one named.

/** "PTX1", 6: ready on FILE_STREAM_ID (what this version's old device says). */
const READY = new Uint8Array([0x50, 0x54, 0x58, 0x31, 6]);
/** "PTX1", 0: an older version's old device, ready on LEGACY_FILE_STREAM_ID. */
const READY_LEGACY = new Uint8Array([0x50, 0x54, 0x58, 0x31, 0]);

/** Longest wait for the link and its file channel to open. */
export const PIPE_OPEN_MS = 20_000;

export class TransferPipeError extends Error {
	constructor(readonly reason: 'unreachable' | 'closed', detail: string) {
		super(detail);
		this.name = 'TransferPipeError';
	}
}

/** Old device: an inbound link's file channel, announced as ready once open. */
export async function answerPipe(link: Link, timeoutMs = PIPE_OPEN_MS): Promise<FileChannel> {
	await opened(link, timeoutMs);
	const channel = await channelOf(link, FILE_STREAM_ID, timeoutMs);
	link.send(READY);
	return channel;
}

/**
 * New device: the dialled link's file channel on the stream the old device's ready names. Its
 * side on both streams is made before that (so nothing the old device sends after its ready can
 * find no channel here); the one not named stays unused and closes with the link.
 */
export async function dialPipe(link: Link, timeoutMs = PIPE_OPEN_MS): Promise<FileChannel> {
	// Listening from the start: the old device may say ready before our channels report open.
	const ready = within(
		new Promise<number>((resolve) => {
			const off = link.on('data', (data) => {
				const stream = readyStream(data);
				if (stream !== null) {
					off();
					resolve(stream);
				}
			});
		}),
		link,
		timeoutMs
	);
	// Its failure is the same as the steps' below: seen there, not left unhandled here.
	ready.catch(() => undefined);
	await opened(link, timeoutMs);
	link.fileChannel(FILE_STREAM_ID);
	try {
		link.fileChannel(LEGACY_FILE_STREAM_ID);
	} catch {
		// A browser that refuses that stream can still take a transfer on FILE_STREAM_ID.
	}
	return channelOf(link, await ready, timeoutMs);
}

/** The stream an old device's ready message names, or null when `data` is not one. */
export function readyStream(data: unknown): number | null {
	const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
	if (bytes === null) return null;
	if (same(bytes, READY)) return FILE_STREAM_ID;
	if (same(bytes, READY_LEGACY)) return LEGACY_FILE_STREAM_ID;
	return null;
}

function same(bytes: Uint8Array, expected: Uint8Array): boolean {
	return bytes.length === expected.length && expected.every((byte, i) => bytes[i] === byte);
}

function opened(link: Link, timeoutMs: number): Promise<void> {
	if (link.isOpen) return Promise.resolve();
	return within(new Promise<void>((resolve) => link.on('open', () => resolve())), link, timeoutMs);
}

async function channelOf(link: Link, stream: number, timeoutMs: number): Promise<FileChannel> {
	const channel = link.fileChannel(stream);
	if (channel === null) throw new TransferPipeError('closed', 'the link closed before its file channel');
	if (!channel.isOpen) await within(new Promise<void>((resolve) => channel.on('open', () => resolve())), link, timeoutMs);
	return channel;
}

/** `work`, unless the link closes or the time runs out first (the link is then closed). */
function within<T>(work: Promise<T>, link: Link, timeoutMs: number): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => {
			off();
			link.close();
			reject(new TransferPipeError('unreachable', 'the other device did not answer in time'));
		}, timeoutMs);
		const off = link.on('close', () => {
			clearTimeout(timer);
			reject(new TransferPipeError('unreachable', 'the other device could not be reached'));
		});
		work.then(
			(value) => {
				clearTimeout(timer);
				off();
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				off();
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		);
	});
}
