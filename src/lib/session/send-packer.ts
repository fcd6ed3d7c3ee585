import { SEALED_HEADER_BYTES, SEALED_TAG_BYTES } from '../crypto/session-cipher';
import { encodeFrame } from '../protocol/codec';
import type { AppFrame } from '../protocol/frames';
import { MAX_FRAME_BYTES } from '../protocol/limits';
import { encodePack, isPackable, PACK_HEADER_BYTES, PACK_LENGTH_BYTES } from '../protocol/pack';

/** A pack's plaintext fits the receiver's frame limit once sealed. */
export const MAX_PACK_PLAINTEXT_BYTES = MAX_FRAME_BYTES - SEALED_HEADER_BYTES - SEALED_TAG_BYTES;

/**
 * Seals the message and edit frames a session is asked to send within one task together
 * (pack.ts): an outbox flush sends hundreds of rows in one synchronous loop. The first such
 * frame of a task leaves at once, on its own, so a typed message goes out exactly when it did
 * before packs (mid-task, not after the rest of the keydown's work); the ones after it in the
 * same task are gathered and leave as packs at the end of the task (a microtask). Frames leave
 * in the order they were given; any other frame (ack, ping, profile) first sends what is gathered.
 */
export class SendPacker {
	#gathered: AppFrame[] = [];
	/** A message or edit frame already left in this task: the next ones are gathered. */
	#taskStarted = false;

	constructor(
		/** Most frames per pack the peer takes (its auth frame), at most ours; below 2: no packs. */
		private readonly maxFrames: number,
		/** Seals and sends one plaintext. */
		private readonly sendPlaintext: (plaintext: Uint8Array) => void
	) {}

	send(frame: AppFrame): void {
		if (this.maxFrames < 2 || !isPackable(frame)) {
			this.flush();
			this.sendPlaintext(encodeFrame(frame));
			return;
		}
		if (!this.#taskStarted) {
			this.#taskStarted = true;
			queueMicrotask(() => {
				this.#taskStarted = false;
				this.flush();
			});
			this.sendPlaintext(encodeFrame(frame));
			return;
		}
		this.#gathered.push(frame);
	}

	/** Sends what was gathered: runs of one frame type, as many per pack as fit. */
	flush(): void {
		const frames = this.#gathered;
		// Stryker disable next-line ConditionalExpression: equivalent when false, an empty flush sends no run; the return only skips that work.
		if (frames.length === 0) return;
		this.#gathered = [];
		let run: Uint8Array[] = [];
		let runBytes = PACK_HEADER_BYTES;
		// Stryker disable next-line StringLiteral: equivalent, no frame type is '' or any other text, so the first frame always starts a run (after sending the empty one, which sends nothing).
		let runType = '';
		const sendRun = () => {
			if (run.length === 1) this.sendPlaintext(run[0]!);
			// Stryker disable next-line EqualityOperator: equivalent, a run of one has been sent on the line above, so > 1 and >= 1 agree.
			else if (run.length > 1) this.sendPlaintext(encodePack(run));
			run = [];
			runBytes = PACK_HEADER_BYTES;
		};
		for (const frame of frames) {
			const encoded = encodeFrame(frame);
			const bytes = PACK_LENGTH_BYTES + encoded.length;
			if (frame.t !== runType || run.length >= this.maxFrames || runBytes + bytes > MAX_PACK_PLAINTEXT_BYTES) sendRun();
			runType = frame.t;
			run.push(encoded);
			runBytes += bytes;
		}
		sendRun();
	}
}
