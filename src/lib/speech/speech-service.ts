import { SpeechError, type SpeechFiles, type SpeechReply, type SpeechRequest } from './speech-protocol';
import { MODEL_SAMPLE_RATE_HZ } from './speech-limits';
import { checkSourceAudio } from './audio-bounds';
import { resample } from './resample';
import { parseVocabulary, type Vocabulary } from './detokenizer';
import { SpeechInputError, transcribe, type SpeechModel } from './transcriber';

export interface LoadedFiles {
	model: Uint8Array;
	vocabulary: unknown;
	runtime: Uint8Array;
	runtimeGlue: Uint8Array;
	fromCache: boolean;
}

/** What the worker glue provides: file loading (Cache Storage + fetch) and the runtime. */
export interface SpeechDeps {
	loadFiles(files: SpeechFiles, onProgress: (loadedBytes: number, totalBytes: number) => void): Promise<LoadedFiles>;
	createModel(loaded: LoadedFiles): Promise<SpeechModel>;
	now(): number;
}

interface Ready {
	model: SpeechModel;
	vocabulary: Vocabulary;
}

const asSpeechError = (error: unknown): SpeechError => {
	if (error instanceof SpeechError) return error;
	if (error instanceof SpeechInputError) return new SpeechError('bad-audio', error.message);
	if (error instanceof DOMException && error.name === 'AbortError') return new SpeechError('cancelled', 'transcription cancelled');
	return new SpeechError('failed', error instanceof Error ? error.message : String(error));
};

/**
 * The worker's side: loads the model once, then transcribes one job at a time, in order. A
 * cancelled job that has not started is dropped; a running one stops after its current chunk.
 */
export class SpeechService {
	#ready: Promise<Ready> | null = null;
	#queue: { id: number; pcm: Float32Array; sampleRate: number; abort: AbortController }[] = [];
	#running: { id: number; abort: AbortController } | null = null;

	constructor(
		private readonly post: (reply: SpeechReply) => void,
		private readonly deps: SpeechDeps
	) {}

	handle(request: SpeechRequest): void {
		if (request.type === 'prepare') void this.#prepare(request.id, request.files);
		else if (request.type === 'transcribe') {
			this.#queue.push({ id: request.id, pcm: request.pcm, sampleRate: request.sampleRate, abort: new AbortController() });
			void this.#drain();
		} else this.#cancel(request.id);
	}

	async #prepare(id: number, files: SpeechFiles): Promise<void> {
		const started = this.deps.now();
		let fromCache = true;
		if (!this.#ready) {
			this.#ready = (async () => {
				let shownPercent = -1;
				const loaded = await this.deps.loadFiles(files, (loadedBytes, totalBytes) => {
					// One message per percent, not one per network read (thousands for 90 MB).
					const percent = totalBytes === 0 ? 100 : Math.floor((100 * loadedBytes) / totalBytes);
					if (percent === shownPercent) return;
					shownPercent = percent;
					this.post({ type: 'progress', id, loadedBytes, totalBytes });
				});
				fromCache = loaded.fromCache;
				const vocabulary = parseVocabulary(loaded.vocabulary);
				return { vocabulary, model: await this.deps.createModel(loaded) };
			})();
			// A failed load may be retried (e.g. once the network is back).
			this.#ready.catch(() => (this.#ready = null));
		}
		try {
			await this.#ready;
			this.post({ type: 'ready', id, fromCache, loadMs: this.deps.now() - started });
		} catch (error) {
			const failure = asSpeechError(error);
			this.post({ type: 'failed', id, code: failure.code, message: failure.message });
		}
	}

	#cancel(id: number): void {
		if (this.#running?.id === id) {
			this.#running.abort.abort();
			return;
		}
		const index = this.#queue.findIndex((job) => job.id === id);
		if (index >= 0) {
			this.#queue.splice(index, 1);
			this.post({ type: 'failed', id, code: 'cancelled', message: 'transcription cancelled' });
		}
	}

	async #drain(): Promise<void> {
		if (this.#running) return;
		for (let job = this.#queue.shift(); job; job = this.#queue.shift()) {
			this.#running = job;
			await this.#run(job.id, job.pcm, job.sampleRate, job.abort.signal);
			this.#running = null;
		}
	}

	async #run(id: number, source: Float32Array, sampleRate: number, signal: AbortSignal): Promise<void> {
		try {
			if (!this.#ready) throw new SpeechError('model-missing', 'the speech model is not loaded');
			const { model, vocabulary } = await this.#ready;
			const started = this.deps.now();
			// Bounds first (one length comparison for a huge buffer), then resampling.
			const check = checkSourceAudio({ sampleRate, channels: [source] });
			if (!check.ok) throw new SpeechError('bad-audio', check.reason);
			const pcm = resample(source, sampleRate);
			const text = await transcribe(pcm, model, vocabulary, {
				signal,
				onChunk: ({ done, total, text: soFar }) => this.post({ type: 'chunk', id, done, total, text: soFar })
			});
			this.post({ type: 'transcript', id, text, computeMs: this.deps.now() - started, audioSeconds: pcm.length / MODEL_SAMPLE_RATE_HZ });
		} catch (error) {
			const failure = asSpeechError(error);
			this.post({ type: 'failed', id, code: failure.code, message: failure.message });
		}
	}
}
