import type { BackupRecord } from '../backup/backup-records';
import type { Sodium } from '../crypto/sodium';
import { nextOldDeviceState, type OldDeviceEvent, type OldDeviceState } from './old-device-state';
import { ABORT_MESSAGE, DONE_BYTES, doneMessage, isAbortMessage, isDoneMessage } from './transfer-done';
import { answerNewDevice, startNewDevice, TransferHandshakeError } from './transfer-handshake';
import { pumpTransfer, receiveTransfer, type TransferPipe } from './transfer-pump';
import { openTransfer, sealTransfer, type OpenedTransfer } from './transfer-stream';

// Both ends of one transfer over one pipe (docs/BACKUP.md, "Device transfer"). The app layer
// opens the pipe (the file channel of a link between the two throwaway ids), persists the
// old device's `retired` state, and closes the pipe on any failure or timeout.

export interface OldDeviceSide {
	sodium: Sodium;
	secret: Uint8Array;
	files: boolean;
	/** The backup's records (db/backup-export.ts), read only once the new device is confirmed. */
	records: () => AsyncIterable<BackupRecord>;
	/** Every state change, for the progress bar and for persisting `retired` at once. */
	onState: (state: OldDeviceState) => void;
}

export async function sendToNewDevice(pipe: TransferPipe, side: OldDeviceSide): Promise<OldDeviceState> {
	let state: OldDeviceState = { phase: 'waiting' };
	const step = (event: OldDeviceEvent): void => {
		state = nextOldDeviceState(state, event);
		side.onState(state);
		// A failure while the pump waits for credit (an early or false `done`, an `abort`) would
		// otherwise wait for a new device that may never grant it nor close: closing wakes the pump.
		if (state.phase === 'failed') pipe.close();
	};
	const current = (): OldDeviceState => state;
	try {
		const answer = answerNewDevice(side.sodium, side.secret, await nextFrame(pipe));
		pipe.send(answer.reply as Uint8Array<ArrayBuffer>);
		const streamKey = answer.onConfirm(await nextFrame(pipe));
		step({ type: 'confirmed' });
		// Stepped as it arrives: a done before the end of the stream fails the transfer (state machine).
		const finished = waitForDone(pipe, side.sodium, streamKey, step);
		let reported = 0;
		await pumpTransfer(pipe, sealTransfer(side.sodium, streamKey, side.files, side.records()), (sent) => {
			step({ type: 'sent', bytes: sent - reported });
			reported = sent;
			if (state.phase !== 'sending') throw new Error('stopped: ' + (state.phase === 'failed' ? state.reason : state.phase));
		});
		step({ type: 'sent-all' });
		await finished;
	} catch (error) {
		step({ type: 'failed', reason: error instanceof Error ? error.message : 'unexpected' });
	}
	// Read through a call: TypeScript cannot see the closures above changing `state`.
	const final = current();
	if (final.phase !== 'retired' && final.phase !== 'unsure') pipe.close();
	return final;
}

export interface NewDeviceSide {
	sodium: Sodium;
	secret: Uint8Array;
	/**
	 * Restores every record into staging and switches to it (as a backup restore does), or
	 * throws and leaves the live database untouched. `done` is sent only after it returned.
	 */
	restore: (opened: OpenedTransfer) => Promise<void>;
}

export async function receiveFromOldDevice(pipe: TransferPipe, side: NewDeviceSide): Promise<void> {
	const handshake = startNewDevice(side.sodium, side.secret);
	const replied = nextFrame(pipe);
	pipe.send(handshake.hello as Uint8Array<ArrayBuffer>);
	const { confirm, streamKey } = handshake.onReply(await replied);
	// Listening before the confirmation leaves: the old device starts sending as soon as it has it.
	const opening = openTransfer(side.sodium, streamKey, receiveTransfer(pipe));
	pipe.send(confirm as Uint8Array<ArrayBuffer>);
	try {
		await side.restore(await opening);
	} catch (error) {
		pipe.send(ABORT_MESSAGE as Uint8Array<ArrayBuffer>);
		throw error;
	}
	pipe.send(doneMessage(side.sodium, streamKey) as Uint8Array<ArrayBuffer>);
}

/** The next frame on the pipe; a handshake message is small, so anything longer is refused unread. */
function nextFrame(pipe: TransferPipe): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const offMessage = pipe.on('message', (frame) => {
			offMessage();
			offClose();
			resolve(frame);
		});
		const offClose = pipe.on('close', () => {
			offMessage();
			offClose();
			reject(new TransferHandshakeError('malformed', 'the other device went away'));
		});
	});
}

/** The new device's proof of a finished restore, or the pipe closing without it. */
function waitForDone(pipe: TransferPipe, sodium: Sodium, streamKey: Uint8Array, step: (event: OldDeviceEvent) => void): Promise<void> {
	return new Promise((resolve) => {
		const finish = (event: OldDeviceEvent): void => {
			offMessage();
			offClose();
			step(event);
			resolve();
		};
		const offMessage = pipe.on('message', (frame) => {
			if (isAbortMessage(frame)) finish({ type: 'failed', reason: 'the new device could not restore' });
			// Credits (9 bytes) also arrive here; only a frame of a done message's size is judged.
			if (frame.length !== DONE_BYTES) return;
			finish(isDoneMessage(sodium, streamKey, frame) ? { type: 'done' } : { type: 'failed', reason: 'a false done' });
		});
		const offClose = pipe.on('close', () => finish({ type: 'closed' }));
	});
}
