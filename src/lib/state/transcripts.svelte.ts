import type { ChatDb } from '../db/chat-db';
import { fileRowsByIds, followFileRows, hasBytes } from '../db/file-queries';
import type { FileRow } from '../db/file-rows';
import {
	audioOf,
	changeTranscriptQueue,
	loadTranscriptQueue,
	putTranscribeSetting,
	setTranscript,
	transcribeSetting,
	transcriptOf
} from '../db/transcript-queries';
import { decodeAudioFile } from '../media/audio-decode';
import { SpeechClient, createSpeechWorker } from '../speech/speech-client';
import { MODEL_SAMPLE_RATE_HZ } from '../speech/speech-limits';
import { SpeechError, type SpeechFiles } from '../speech/speech-protocol';
import { downloadBytes } from '../speech/speech-assets';
import { isTranscribable } from '../speech/transcript-record';
import { TranscriptionQueue, type DecodedAudio, type SpeechEngine } from './transcription-queue';

/** Where the speech model stands on this device, for the settings and the transcripts. */
export type ModelStatus =
	| { kind: 'unknown' }
	| { kind: 'downloading'; loadedBytes: number; totalBytes: number }
	| { kind: 'ready'; fromCache: boolean }
	| { kind: 'failed'; message: string };

/** What the page needs from the engine: made once, on first use (tests hand a fake). */
export type EngineFactory = () => {
	prepare(onProgress: (loaded: number, total: number) => void): Promise<{ fromCache: boolean }>;
	transcribe: SpeechEngine['transcribe'];
	terminate?(): void;
} | null;

function defaultEngine(files: SpeechFiles | null): EngineFactory {
	return () => {
		if (files === null || typeof Worker === 'undefined' || typeof WebAssembly === 'undefined') return null;
		return new SpeechClient(createSpeechWorker(), files);
	};
}

/**
 * Voice-message transcripts on this device (issue 13): follows file rows, and when an audio
 * file is complete here (ours at send, theirs once verified) queues it for the speech worker;
 * a file deleted takes its transcript with it. Holds the setting and the model's status.
 */
export class TranscriptService {
	/** The setting "Transcribe voice messages on this device"; on until switched off. */
	enabled = $state(true);
	model = $state<ModelStatus>({ kind: 'unknown' });
	/** Bytes a first use downloads; null when this build has no model. */
	readonly downloadBytes: number | null;
	readonly queue: TranscriptionQueue;
	#engine: ReturnType<EngineFactory> | undefined;
	#prepared: Promise<unknown> | null = null;
	#stopFeed: (() => void) | null = null;

	private readonly makeEngine: EngineFactory;

	/** `options`: the engine and decoder, for tests (the defaults are the worker and Web Audio). */
	constructor(
		private readonly db: ChatDb,
		files: SpeechFiles | null,
		options: { engine?: EngineFactory; decode?: (blob: Blob) => Promise<DecodedAudio> } = {}
	) {
		this.makeEngine = options.engine ?? defaultEngine(files);
		this.downloadBytes = files === null ? null : downloadBytes(files);
		this.queue = new TranscriptionQueue({
			store: {
				set: async (id, record) => (await setTranscript(db, id, record)) !== null,
				get: (id) => transcriptOf(db, id),
				loadQueue: () => loadTranscriptQueue(db),
				saveQueued: (change) => changeTranscriptQueue(db, change),
				enabled: () => Promise.resolve(this.enabled),
				audio: async (id) => (await audioOf(db, id)).blob
			},
			decode: options.decode ?? ((blob) => decodeAudioFile(blob, MODEL_SAMPLE_RATE_HZ)),
			engine: () => this.#engineForQueue()
		});
	}

	/** Reads the setting and follows file rows; `resume` (the tab that owns the network) takes up the saved list. */
	async start(options: { resume?: boolean } = {}): Promise<void> {
		this.enabled = await transcribeSetting(this.db);
		this.#stopFeed = followFileRows(this.db, (ids) => void this.#onFileRows(ids));
		if (options.resume !== false) await this.queue.resume();
	}

	/**
	 * Takes up the saved list of waiting messages. Only one tab does (the one that owns the
	 * network, where received files complete), so two tabs never transcribe the same message.
	 */
	resume(): Promise<void> {
		return this.queue.resume();
	}

	stop(): void {
		this.#stopFeed?.();
		this.queue.stop();
	}

	async setEnabled(on: boolean): Promise<void> {
		this.enabled = on;
		await putTranscribeSetting(this.db, on);
		if (on) void this.downloadModel().catch(() => undefined);
	}

	/** Transcribes the message again (Retry, or "Turn on" from a transcript that was off). */
	async retry(messageId: string): Promise<void> {
		await this.queue.add(messageId, { again: true });
	}

	/** Fetches (or loads from the offline copy) the speech model; the status follows. */
	downloadModel(): Promise<unknown> {
		const engine = this.#engineInstance();
		if (!engine) {
			this.model = { kind: 'failed', message: 'This browser cannot run the speech model.' };
			return Promise.reject(new SpeechError('unsupported', 'no speech engine'));
		}
		if (this.#prepared) return this.#prepared;
		const prepared = engine.prepare((loadedBytes, totalBytes) => {
			if (totalBytes > 0 && loadedBytes < totalBytes) this.model = { kind: 'downloading', loadedBytes, totalBytes };
		});
		this.#prepared = prepared;
		prepared.then(
			(ready) => (this.model = { kind: 'ready', fromCache: ready.fromCache }),
			(error: unknown) => {
				// A failed load may be retried (the network is back, space was freed).
				this.#prepared = null;
				this.#dropIfCrashed(error);
				this.model = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
			}
		);
		return prepared;
	}

	#engineInstance(): ReturnType<EngineFactory> {
		if (this.#engine === undefined) this.#engine = this.makeEngine();
		return this.#engine;
	}

	#engineForQueue(): SpeechEngine | null {
		const engine = this.#engineInstance();
		if (!engine) return null;
		return {
			prepare: () => this.downloadModel(),
			transcribe: (pcm, options) => {
				const job = engine.transcribe(pcm, options);
				job.result.catch((error: unknown) => this.#dropIfCrashed(error));
				return job;
			}
		};
	}

	/** A worker that died (out of memory, a runtime abort) fails every later call: the next use starts a new one. */
	#dropIfCrashed(error: unknown): void {
		if (!(error instanceof SpeechError) || error.code !== 'unsupported' || !this.#engine) return;
		this.#engine.terminate?.();
		this.#engine = undefined;
		this.#prepared = null;
	}

	async #onFileRows(ids: ReadonlySet<string>): Promise<void> {
		let rows: Map<string, FileRow>;
		try {
			rows = await fileRowsByIds(this.db, [...ids] as FileRow['messageId'][]);
		} catch {
			return;
		}
		for (const id of ids) {
			const row = rows.get(id);
			try {
				// The file is gone (deleted, or the whole message): so is what was heard in it.
				if (row === undefined || row.state === 'removed') await setTranscript(this.db, id, null);
				else if (isTranscribable(row) && hasBytes(row)) await this.queue.add(id, row.blob ? { blob: row.blob } : {});
			} catch (error) {
				console.error('transcripts: could not queue a file', error);
			}
		}
	}
}
