import type { FileChannel } from '../net/file-channel';
import type { Link } from '../net/transport';

// The transfer runs on the link's file channel (a negotiated data channel: each end creates it,
// nothing is announced). A frame sent before the other end has created its side could be lost,
// so the old device, once its side is open, says so with one small message on the link's own
// channel; the new device sends its hello only after that.

const READY = new Uint8Array([0x50, 0x54, 0x58, 0x31, 0]); // "PTX1", 0

/** Longest wait for the link and its file channel to open. */
export const PIPE_OPEN_MS = 20_000;

export class TransferPipeError extends Error {
	constructor(readonly reason: 'unreachable' | 'closed', detail: string) {
		super(detail);
		this.name = 'TransferPipeError';
	}
}

/** Old device: an inbound link's file channel, announced as ready. */
export async function answerPipe(link: Link, timeoutMs = PIPE_OPEN_MS): Promise<FileChannel> {
	await opened(link, timeoutMs);
	const channel = await channelOf(link, timeoutMs);
	link.send(READY);
	return channel;
}

/** New device: the dialled link's file channel, once the old device said its side is ready. */
export async function dialPipe(link: Link, timeoutMs = PIPE_OPEN_MS): Promise<FileChannel> {
	// Listening from the start: the old device may say ready before our channel reports open.
	const ready = within(
		new Promise<void>((resolve) => {
			const off = link.on('data', (data) => {
				if (isReady(data)) {
					off();
					resolve();
				}
			});
		}),
		link,
		timeoutMs
	);
	// Its failure is the same as the steps' below: seen there, not left unhandled here.
	ready.catch(() => undefined);
	await opened(link, timeoutMs);
	const channel = await channelOf(link, timeoutMs);
	await ready;
	return channel;
}

function isReady(data: unknown): boolean {
	const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
	return bytes !== null && bytes.length === READY.length && READY.every((byte, i) => bytes[i] === byte);
}

function opened(link: Link, timeoutMs: number): Promise<void> {
	if (link.isOpen) return Promise.resolve();
	return within(new Promise<void>((resolve) => link.on('open', () => resolve())), link, timeoutMs);
}

async function channelOf(link: Link, timeoutMs: number): Promise<FileChannel> {
	const channel = link.fileChannel();
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
