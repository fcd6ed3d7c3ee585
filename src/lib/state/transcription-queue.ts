import { SpeechError, type SpeechErrorCode } from '../speech/speech-protocol';
import { MAX_AUDIO_SECONDS } from '../speech/speech-limits';
import { MAX_AUDIO_FILE_BYTES, doneRecord, isOpen, recordForError, type TranscriptRecord } from '../speech/transcript-record';

/** Where transcripts, the waiting list and the setting are kept (db/transcript-queries.ts). */
export interface TranscriptStore {
	/** Stores the record; false when the message is gone (deleted meanwhile). */
	set(id: string, record: TranscriptRecord): Promise<boolean>;
	get(id: string): Promise<TranscriptRecord | undefined>;
	loadQueue(): Promise<string[]>;
	/** Puts an id on the saved list of waiting ids, or takes it off. */
	saveQueued(change: { add?: string; remove?: string }): Promise<void>;
	enabled(): Promise<boolean>;
	/** The message's whole audio file when it is on this device. */
	audio(id: string): Promise<Blob | null>;
}

/** Mono PCM as Web Audio decoded it. */
export interface DecodedAudio {
	pcm: Float32Array;
	sampleRate: number;
}

/** The speech worker as the queue uses it (speech-client.ts SpeechClient). */
export interface SpeechEngine {
	prepare(): Promise<unknown>;
	transcribe(pcm: Float32Array, options: { sampleRate: number }): { result: Promise<{ text: string }> };
}

export interface QueueDeps {
	store: TranscriptStore;
	/** Decodes a file to mono PCM; throws on audio it cannot decode. */
	decode(blob: Blob): Promise<DecodedAudio>;
	/** The engine, made on first use; null when this browser or build has none. */
	engine(): SpeechEngine | null;
}

const codeOf = (error: unknown): SpeechErrorCode => (error instanceof SpeechError ? error.code : 'failed');

/**
 * Transcribes audio messages one at a time, in the order they became complete on this device.
 * The list of waiting ids is saved after every change, so a reload picks up where it stopped;
 * each message's state (pending, running, done, failed, unavailable) is stored on its row. A
 * file that cannot be decoded, is too large or too long ends as `failed`, never as a throw.
 */
export class TranscriptionQueue {
	#ids: string[] = [];
	/** Bytes handed over at send: our own file's Blob leaves the database once delivered. */
	#blobs = new Map<string, Blob>();
	#running: Promise<void> | null = null;
	#stopped = false;

	constructor(private readonly deps: QueueDeps) {}

	/** Ids waiting (not the one running). */
	get waiting(): readonly string[] {
		return this.#ids;
	}

	/** Resumes the saved list: a record left `running` by a reload goes back to `pending`. */
	async resume(): Promise<void> {
		const saved = await this.deps.store.loadQueue();
		for (const id of saved) if (!this.#ids.includes(id)) this.#ids.push(id);
		this.#drain();
	}

	/**
	 * A complete audio file of message `id`. Ignored when it has a transcript (or a failure)
	 * already, unless `again` (Retry). `blob`: the bytes, when the caller holds them.
	 */
	async add(id: string, options: { blob?: Blob; again?: boolean } = {}): Promise<void> {
		if (this.#stopped || this.#ids.includes(id)) return;
		const { store } = this.deps;
		const existing = await store.get(id);
		if (existing && !isOpen(existing) && !options.again && existing.state !== 'unavailable') return;
		if (!(await store.enabled())) {
			await store.set(id, { state: 'unavailable', reason: 'off' });
			return;
		}
		if (options.blob) this.#blobs.set(id, options.blob);
		if (!(await store.set(id, { state: 'pending' }))) return;
		if (this.#ids.includes(id)) return;
		this.#ids.push(id);
		await store.saveQueued({ add: id });
		this.#drain();
	}

	/** Resolves when nothing is waiting or running (tests, and a page about to close). */
	async idle(): Promise<void> {
		while (this.#running) await this.#running;
	}

	stop(): void {
		this.#stopped = true;
	}

	#drain(): void {
		if (this.#running || this.#stopped) return;
		this.#running = (async () => {
			for (let id = this.#ids[0]; id !== undefined && !this.#stopped; id = this.#ids[0]) {
				try {
					const record = await this.#transcribe(id).catch((error: unknown) => recordForError(codeOf(error)));
					await this.deps.store.set(id, record);
				} catch (error) {
					// Storage failed (quota, a closing database): the id stays on the saved list for the next start.
					console.error('transcripts: could not store a transcript', error);
				}
				this.#ids.shift();
				this.#blobs.delete(id);
				await this.deps.store.saveQueued({ remove: id }).catch((error: unknown) => console.error('transcripts: could not save the queue', error));
			}
		})().finally(() => (this.#running = null));
	}

	async #transcribe(id: string): Promise<TranscriptRecord> {
		const { store } = this.deps;
		if (!(await store.enabled())) return { state: 'unavailable', reason: 'off' };
		if (!(await store.set(id, { state: 'running' }))) return { state: 'failed', code: 'no-audio' };
		const blob = this.#blobs.get(id) ?? (await store.audio(id));
		if (!blob) return { state: 'failed', code: 'no-audio' };
		if (blob.size > MAX_AUDIO_FILE_BYTES) return { state: 'failed', code: 'bad-audio' };
		const engine = this.deps.engine();
		if (!engine) return { state: 'unavailable', reason: 'unsupported' };
		await engine.prepare();
		let audio: DecodedAudio;
		try {
			audio = await this.deps.decode(blob);
		} catch {
			return { state: 'failed', code: 'bad-audio' };
		}
		if (audio.pcm.length === 0 || audio.pcm.length / audio.sampleRate > MAX_AUDIO_SECONDS) return { state: 'failed', code: 'bad-audio' };
		const { text } = await engine.transcribe(audio.pcm, { sampleRate: audio.sampleRate }).result;
		return doneRecord(text);
	}
}
