import type { BackupRecord } from '../backup/backup-records';
import type { Sodium } from '../crypto/sodium';
import type { FileChannel } from '../net/file-channel';
import type { Link, Transport } from '../net/transport';
import { nextOldDeviceState, type OldDeviceState } from '../transfer/old-device-state';
import type { NewTransferCode } from '../transfer/transfer-link';
import { sendToNewDevice } from '../transfer/transfer-session';
import { answerPipe } from './transfer-pipe';

/** A code nobody used in this time is given up (the user makes a new one). */
export const CODE_LIFETIME_MS = 10 * 60_000;
/** From the link opening to a correct confirmation. */
export const HANDSHAKE_MS = 60_000;

/** What the transfer does to the identity on this device. */
export interface IdentityControl {
	/** Stop the identity's own network: nothing may arrive after its records were read. */
	pause(): void;
	/** The transfer failed or the user kept the identity here: back online. */
	resume(): void;
	/** Synchronous and first: from now on this device never connects with the identity. */
	retire(): void;
}

export interface OfferOptions {
	sodium: Sodium;
	/** A transport of its own, not started, for the code's throwaway id. */
	transport: Transport;
	code: NewTransferCode;
	files: boolean;
	records: () => AsyncIterable<BackupRecord>;
	identity: IdentityControl;
	onState: (state: OldDeviceState) => void;
	codeLifetimeMs?: number;
	handshakeMs?: number;
}

/**
 * The old device's side of one transfer (docs/BACKUP.md, "Device transfer"): listens on the
 * code's throwaway id for one new device, pauses the identity once that device proved it holds
 * the code, streams, and retires the identity only on the new device's proof of a finished
 * restore. Anything else puts the identity back online. One attempt per code.
 */
export class TransferOffer {
	state: OldDeviceState = { phase: 'waiting' };
	readonly finished: Promise<OldDeviceState>;
	#link: Link | null = null;
	#pipe: FileChannel | null = null;
	#paused = false;
	#expiry: ReturnType<typeof setTimeout>;
	#finish: (state: OldDeviceState) => void = () => {};

	constructor(private readonly options: OfferOptions) {
		this.finished = new Promise((resolve) => (this.#finish = resolve));
		const { transport, code } = options;
		let taken = false;
		transport.setAdmission(() => {
			if (taken) return 'refuse';
			taken = true;
			// A stranger until the handshake: relay-only where there is a relay, as for anyone unknown.
			return 'stranger';
		});
		transport.on('link', (link) => {
			if (this.#link !== null || link.outbound) {
				link.close();
				return;
			}
			this.#link = link;
			clearTimeout(this.#expiry);
			void this.#run(link);
		});
		this.#expiry = setTimeout(() => this.#end({ phase: 'failed', reason: 'the code expired' }), options.codeLifetimeMs ?? CODE_LIFETIME_MS);
		transport.start(code.code.peerId);
	}

	/**
	 * Gives up while waiting or sending: the identity stays here. While waiting for the new
	 * device's `done` (which may never come), it closes the link and asks the user (`unsure`):
	 * the new device may have restored everything already.
	 */
	cancel(): void {
		if (this.state.phase !== 'waiting' && this.state.phase !== 'sending' && this.state.phase !== 'awaiting-done') return;
		if (this.#pipe) this.#pipe.close();
		else if (this.#link) this.#link.close();
		else this.#end({ phase: 'failed', reason: 'cancelled' });
	}

	/** The user's answer when the link closed before the new device's proof (`unsure`). */
	decide(retire: boolean): void {
		if (this.state.phase !== 'unsure') return;
		this.#set(nextOldDeviceState(this.state, { type: retire ? 'user-retires' : 'user-keeps' }));
		this.#settle();
	}

	async #run(link: Link): Promise<void> {
		const handshake = this.options.handshakeMs ?? HANDSHAKE_MS;
		let pipe: FileChannel;
		try {
			pipe = this.#pipe = await answerPipe(link, handshake);
		} catch (error) {
			this.#end({ phase: 'failed', reason: error instanceof Error ? error.message : 'the link failed' });
			return;
		}
		const timer = setTimeout(() => {
			if (this.state.phase === 'waiting') pipe.close();
		}, handshake);
		const final = await sendToNewDevice(pipe, {
			sodium: this.options.sodium,
			secret: this.options.code.code.secret,
			files: this.options.files,
			records: this.options.records,
			onState: (state) => this.#set(state)
		});
		clearTimeout(timer);
		this.#set(final);
		this.#settle();
	}

	#set(state: OldDeviceState): void {
		if (state.phase === 'sending' && !this.#paused) {
			this.#paused = true;
			this.options.identity.pause();
		}
		if (state.phase === 'retired' && this.state.phase !== 'retired') this.options.identity.retire();
		this.state = state;
		this.options.onState(state);
	}

	/** After the stream: the link and the throwaway id go; the identity follows the outcome. */
	#settle(): void {
		const state = this.state;
		this.#link?.close();
		this.options.transport.stop();
		if (state.phase === 'unsure') return;
		if (state.phase !== 'retired' && this.#paused) {
			this.#paused = false;
			this.options.identity.resume();
		}
		this.#finish(state);
	}

	#end(state: OldDeviceState): void {
		clearTimeout(this.#expiry);
		this.#set(state);
		this.#settle();
	}
}
