import type { Sodium } from '../crypto/sodium';
import type { PeerId } from '../ids/peer-id';
import type { FileChannel } from '../net/file-channel';
import type { Link, Transport } from '../net/transport';
import type { TransferCode } from '../transfer/transfer-link';
import { receiveFromOldDevice } from '../transfer/transfer-session';
import type { OpenedTransfer } from '../transfer/transfer-stream';
import { HANDSHAKE_MS } from './transfer-old-device';
import { dialPipe, TransferPipeError } from './transfer-pipe';

/** Longest wait for the signalling server to take the new device's throwaway id. */
export const ONLINE_MS = 20_000;
/** After `done`: how long to wait for the old device to close the link (so `done` surely left). */
export const DONE_FLUSH_MS = 5_000;

export interface TakeOptions {
	sodium: Sodium;
	/** A transport of its own, not started, for `ownId`. */
	transport: Transport;
	/** A throwaway id of this device (never the identity's: there is none yet). */
	ownId: PeerId;
	code: TransferCode;
	/** Restores into staging and switches to it, or throws with nothing switched. */
	restore: (opened: OpenedTransfer) => Promise<void>;
	handshakeMs?: number;
	onlineMs?: number;
}

/**
 * The new device's side: dials the code's id, proves it holds the code, restores what arrives
 * and sends `done` once the restored database is the app's. Throws on any failure (the old
 * device then keeps its identity); the transport is stopped either way.
 */
export async function takeTransfer(options: TakeOptions): Promise<void> {
	const { transport } = options;
	transport.setAdmission(() => 'refuse');
	let link: Link | null = null;
	let pipe: FileChannel | null = null;
	try {
		transport.start(options.ownId);
		await online(transport, options.onlineMs ?? ONLINE_MS);
		link = transport.dial(options.code.peerId);
		pipe = await dialPipe(link);
		const open = pipe;
		const timer = setTimeout(() => open.close(), options.handshakeMs ?? HANDSHAKE_MS);
		let restoring = false;
		try {
			await receiveFromOldDevice(open, {
				sodium: options.sodium,
				secret: options.code.secret,
				restore: (opened) => {
					clearTimeout(timer);
					restoring = true;
					return options.restore(opened);
				}
			});
		} finally {
			clearTimeout(timer);
			// Closing the link drops what its channels still hold: `done` or `abort` must leave first
			// (a failed handshake sends neither: the old device gives up on its own).
			if (restoring && open.isOpen) await flushed(open, DONE_FLUSH_MS);
		}
	} finally {
		pipe?.close();
		link?.close();
		transport.stop();
	}
}

function online(transport: Transport, timeoutMs: number): Promise<void> {
	if (transport.state === 'online') return Promise.resolve();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			off();
			reject(new TransferPipeError('unreachable', 'the server did not answer'));
		}, timeoutMs);
		const off = transport.on('state', (state) => {
			if (state !== 'online') return;
			clearTimeout(timer);
			off();
			resolve();
		});
	});
}

/** Resolves once the old device closed the pipe (it got `done`), or after `timeoutMs`. */
function flushed(pipe: FileChannel, timeoutMs: number): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, timeoutMs);
		const off = pipe.on('close', done);
		function done(): void {
			clearTimeout(timer);
			off();
			resolve();
		}
	});
}
