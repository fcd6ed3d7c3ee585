import { microphoneProblem } from '$lib/files/voice-recording';
import { MicrophoneError, Recording, measureVoice } from '$lib/media/voice-capture';
import type { OutgoingFile } from '$lib/messenger/files/file-api';
import { voiceFileName } from '$lib/files/voice-recording';

/** A press on the record button held at least this long records while held and sends on release. */
export const HOLD_MS = 400;
/** How often the elapsed time and the level meter are read while recording. */
const TICK_MS = 50;

/**
 * - `idle`: nothing recorded; the record button starts;
 * - `starting`: waiting for the microphone (the browser may be asking the user);
 * - `recording`: recording, with elapsed time and level;
 * - `recorded`: stopped (by the user or the length limit), ready to send or discard;
 * - `sending`: measuring and handing the recording to the file transfer.
 */
export type RecorderPhase = 'idle' | 'starting' | 'recording' | 'recorded' | 'sending';

/**
 * The composer's voice recorder: one recording at a time, from the press of the record button
 * to a voice message handed to `send` (a file message marked as voice, PROTOCOL §13g).
 */
export class VoiceRecorder {
	phase = $state<RecorderPhase>('idle');
	elapsedMs = $state(0);
	level = $state(0);
	limitMs = $state(0);
	/** Why recording is not possible (shown as an alert); null when all is well. */
	problem = $state<string | null>(null);
	/** The recording reached the length limit and was stopped there (kept, not lost). */
	atLimit = $state(false);
	#recording: Recording | null = null;
	#blob: Blob | null = null;
	#startedAt = 0;
	#timer: ReturnType<typeof setInterval> | undefined;
	#cancelled = false;

	constructor(
		private readonly limit: () => Promise<number>,
		private readonly send: (file: OutgoingFile) => Promise<boolean>
	) {}

	get active(): boolean {
		return this.phase !== 'idle';
	}

	async start(): Promise<void> {
		if (this.phase !== 'idle') return;
		this.phase = 'starting';
		this.problem = null;
		this.atLimit = false;
		this.#cancelled = false;
		this.#blob = null;
		try {
			this.limitMs = await this.limit();
			const recording = await Recording.start();
			if (this.#cancelled) {
				recording.cancel();
				return;
			}
			this.#recording = recording;
		} catch (error) {
			this.phase = 'idle';
			this.problem = microphoneProblem(error instanceof MicrophoneError ? error.reason : 'AbortError');
			return;
		}
		this.#startedAt = performance.now();
		this.elapsedMs = 0;
		this.phase = 'recording';
		// A timer, not animation frames: the limit must hold in a tab that is not shown.
		this.#timer = setInterval(this.#tick, TICK_MS);
	}

	/** Stops and keeps what was recorded, to be sent or discarded. */
	async stop(): Promise<void> {
		const recording = this.#recording;
		if (this.phase !== 'recording' || recording === null) return;
		this.#recording = null;
		clearInterval(this.#timer);
		this.elapsedMs = Math.min(this.limitMs, performance.now() - this.#startedAt);
		this.level = 0;
		this.phase = 'recorded';
		try {
			this.#blob = await recording.stop();
		} catch (error) {
			this.#fail(error);
		}
	}

	cancel(): void {
		this.#cancelled = true;
		clearInterval(this.#timer);
		this.#recording?.cancel();
		this.#recording = null;
		this.#blob = null;
		this.level = 0;
		this.elapsedMs = 0;
		this.atLimit = false;
		this.phase = 'idle';
	}

	/** Stops if still recording, then sends. Resolves true once the message is on its way. */
	async finish(): Promise<boolean> {
		if (this.phase === 'recording') await this.stop();
		if (this.phase !== 'recorded' || this.#blob === null) return false;
		const blob = this.#blob;
		this.phase = 'sending';
		try {
			const voice = await measureVoice(blob, this.elapsedMs);
			const sent = await this.send({ blob, name: voiceFileName(Date.now(), blob.type), voice });
			if (sent) {
				this.#blob = null;
				this.phase = 'idle';
				this.elapsedMs = 0;
				this.atLimit = false;
			} else this.phase = 'recorded';
			return sent;
		} catch (error) {
			this.phase = 'recorded';
			this.#fail(error);
			return false;
		}
	}

	#tick = (): void => {
		if (this.phase !== 'recording' || this.#recording === null) return;
		this.elapsedMs = performance.now() - this.#startedAt;
		this.level = this.#recording.level();
		if (this.elapsedMs >= this.limitMs) {
			this.atLimit = true;
			void this.stop();
		}
	};

	#fail(error: unknown): void {
		this.problem = error instanceof Error && error.message !== '' ? `The recording failed: ${error.message}` : 'The recording failed.';
	}
}
