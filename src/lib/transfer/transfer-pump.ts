import { BackupError } from '../backup/backup-error';

// Moves the sealed transfer stream over one reliable, ordered binary channel (the link's file
// channel) with flow control both ways. The sender holds back on the channel's own buffer level
// and on a credit window: the receiver grants credit as the restore consumes bytes, so a slow
// restore (IndexedDB writes) never lets the receiver's queue grow past WINDOW_BYTES. A sender
// that ignores the window is hostile and the receive fails instead of buffering without end.
//
//   data    0x10, up to PIECE_BYTES of the stream
//   credit  0x11, total bytes consumed so far (8 bytes, big-endian)
//   end     0x12, the sender has sent everything: the receiver's stream ends here, while the
//           channel stays open for the new device's `done` (transfer-done.ts)

/** Structurally a FileChannel (net/file-channel.ts); the pure core does not import net/. */
export interface TransferPipe {
	readonly bufferedAmount: number;
	send(frame: Uint8Array<ArrayBuffer>): void;
	onDrain(listener: () => void): () => void;
	on(event: 'message', listener: (frame: Uint8Array) => void): () => void;
	on(event: 'close', listener: () => void): () => void;
	close(): void;
}

const DATA = 0x10;
const CREDIT = 0x11;
const END = 0x12;
/** Well under every browser's data channel message limit. */
export const PIECE_BYTES = 16 * 1024;
/** Bytes the sender may have sent beyond what the receiver has consumed. */
export const WINDOW_BYTES = 4 * 1024 * 1024;
/** The receiver grants credit each time this much more was consumed. */
export const CREDIT_STEP_BYTES = 256 * 1024;
/** Channel buffer level above which the sender waits for a drain. */
export const HIGH_WATER_BYTES = 1024 * 1024;
/**
 * Longest silence of the sender while the receiver has nothing left to read. With credit in
 * hand the sender is never held back by the receiver then: a sender silent this long (its link
 * still open) has stalled or is hostile, and the new device would wait for ever.
 */
export const SILENT_MS = 60_000;

/** Sends every chunk; `progress` gets the bytes sent so far. Resolves once all is handed to the channel. */
export async function pumpTransfer(pipe: TransferPipe, chunks: AsyncIterable<Uint8Array>, progress: (sentBytes: number) => void = () => {}): Promise<number> {
	let sent = 0;
	let credited = 0;
	let closed = false;
	let wake: (() => void) | null = null;
	const poke = (): void => {
		wake?.();
		wake = null;
	};
	const offMessage = pipe.on('message', (frame) => {
		if (frame.length !== 9 || frame[0] !== CREDIT) return;
		const total = Number(new DataView(frame.buffer, frame.byteOffset, 9).getBigUint64(1));
		// Credit only ever grows, and never past what was sent.
		if (total > credited && total <= sent) credited = total;
		poke();
	});
	const offDrain = pipe.onDrain(poke);
	const offClose = pipe.on('close', () => {
		closed = true;
		poke();
	});
	try {
		for await (const chunk of chunks) {
			for (let offset = 0; offset < chunk.length; offset += PIECE_BYTES) {
				const piece = chunk.subarray(offset, offset + PIECE_BYTES);
				while (!closed && (sent + piece.length - credited > WINDOW_BYTES || pipe.bufferedAmount > HIGH_WATER_BYTES)) {
					await new Promise<void>((resolve) => (wake = resolve));
				}
				if (closed) throw new BackupError('truncated', 'the other device went away');
				const frame = new Uint8Array(1 + piece.length);
				frame[0] = DATA;
				frame.set(piece, 1);
				pipe.send(frame);
				sent += piece.length;
				progress(sent);
			}
		}
		if (closed) throw new BackupError('truncated', 'the other device went away');
		pipe.send(new Uint8Array([END]));
		return sent;
	} finally {
		offMessage();
		offDrain();
		offClose();
	}
}

/**
 * The stream as the receiver's restore reads it. Ends at the sender's `end` frame, or when the
 * channel closes (the reader then finds the stream incomplete); throws `damaged` when the sender
 * overruns the window or sends anything but data before `end`, `truncated` when it stays silent
 * for `silentMs` while nothing is left to read.
 */
export async function* receiveTransfer(pipe: TransferPipe, silentMs = SILENT_MS): AsyncGenerator<Uint8Array> {
	const queue: Uint8Array[] = [];
	let queued = 0;
	let consumed = 0;
	let granted = 0;
	let closed = false;
	let ended = false;
	let problem: string | null = null;
	let wake: (() => void) | null = null;
	const poke = (): void => {
		wake?.();
		wake = null;
	};
	const offMessage = pipe.on('message', (frame) => {
		if (problem !== null || closed || ended) return;
		if (frame.length === 1 && frame[0] === END) ended = true;
		else if (frame.length < 2 || frame[0] !== DATA) problem = 'a frame that is not data';
		else if (queued + frame.length - 1 > WINDOW_BYTES) problem = 'the sender overran the window';
		else {
			queue.push(frame.subarray(1));
			queued += frame.length - 1;
		}
		poke();
	});
	const offClose = pipe.on('close', () => {
		closed = true;
		poke();
	});
	try {
		for (;;) {
			if (problem !== null) throw new BackupError('damaged', problem);
			const next = queue.shift();
			if (next === undefined) {
				if (closed || ended) return;
				let timer: ReturnType<typeof setTimeout> | undefined;
				const silent = await new Promise<boolean>((resolve) => {
					wake = () => resolve(false);
					timer = setTimeout(() => resolve(true), silentMs);
				});
				clearTimeout(timer);
				wake = null;
				if (silent && queue.length === 0 && !closed && !ended && problem === null) throw new BackupError('truncated', `the sender went silent for ${silentMs} ms`);
				continue;
			}
			queued -= next.length;
			consumed += next.length;
			yield next;
			if (consumed - granted >= CREDIT_STEP_BYTES) {
				granted = consumed;
				const credit = new Uint8Array(9);
				credit[0] = CREDIT;
				new DataView(credit.buffer).setBigUint64(1, BigInt(consumed));
				pipe.send(credit);
			}
		}
	} finally {
		offMessage();
		offClose();
	}
}
