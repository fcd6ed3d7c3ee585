import { MAX_QUEUED_JOBS, MODEL_SAMPLE_RATE_HZ } from './speech-limits';
import { SpeechError, parseSpeechReply, type SpeechFiles, type SpeechReply, type SpeechRequest } from './speech-protocol';

/** The part of a Worker the client uses; tests pass an in-process stand-in. */
export interface SpeechWorkerLike {
	postMessage(message: SpeechRequest, transfer?: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
	addEventListener(type: 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

/** Starts the real worker; Vite bundles it, with onnxruntime-web, as a separate chunk. */
export function createSpeechWorker(): Worker {
	return new Worker(new URL('./speech-worker.ts', import.meta.url), { type: 'module', name: 'parley-speech' });
}

export interface ModelReady {
	fromCache: boolean;
	loadMs: number;
}

export interface Transcript {
	text: string;
	/** Worker time spent on the model calls, and the audio's length: their ratio is the RTF. */
	computeMs: number;
	audioSeconds: number;
}

export interface TranscriptionJob {
	readonly id: number;
	readonly result: Promise<Transcript>;
	/** Rejects `result` with code 'cancelled' (after the chunk in progress, if it started). */
	cancel(): void;
}

interface Pending {
	onReply(reply: SpeechReply): void;
	reject(error: SpeechError): void;
}

/**
 * The page's handle on the speech worker. `prepare` loads the model (downloading it on first
 * use, with progress); `transcribe` queues a job, at most MAX_QUEUED_JOBS at a time, and
 * transfers the PCM so the page does no copying. Failures are SpeechErrors with a code the UI
 * can explain; a crashed worker fails everything pending and every later call.
 */
export class SpeechClient {
	#worker: SpeechWorkerLike;
	#files: SpeechFiles;
	#nextId = 1;
	#pending = new Map<number, Pending>();
	#jobs = new Set<number>();
	#broken: SpeechError | null = null;

	constructor(worker: SpeechWorkerLike, files: SpeechFiles) {
		this.#worker = worker;
		this.#files = files;
		worker.addEventListener('message', (event) => this.#receive(event.data));
		worker.addEventListener('error', (event) => {
			const detail = 'message' in event && typeof event.message === 'string' && event.message ? event.message : 'the speech worker stopped';
			this.#fail(new SpeechError('unsupported', detail));
		});
	}

	/** Loads the model; safe to call again (the worker loads it once). */
	prepare(onProgress?: (loadedBytes: number, totalBytes: number) => void): Promise<ModelReady> {
		return new Promise((resolve, reject) => {
			const id = this.#nextId++;
			this.#send(
				id,
				{ type: 'prepare', id, files: this.#files },
				(reply) => {
					if (reply.type === 'progress') onProgress?.(reply.loadedBytes, reply.totalBytes);
					else if (reply.type === 'ready') this.#settle(id, () => resolve({ fromCache: reply.fromCache, loadMs: reply.loadMs }));
				},
				reject
			);
		});
	}

	/**
	 * `pcm` is mono at `sampleRate` (e.g. an AudioBuffer's first channel, or its channels
	 * averaged) and moves to the worker, which resamples it: it is empty here afterwards.
	 */
	transcribe(pcm: Float32Array, options: { sampleRate?: number; onChunk?: (done: number, total: number, text: string) => void } = {}): TranscriptionJob {
		const { sampleRate = MODEL_SAMPLE_RATE_HZ, onChunk } = options;
		const id = this.#nextId++;
		const result = new Promise<Transcript>((resolve, reject) => {
			if (this.#jobs.size >= MAX_QUEUED_JOBS) {
				reject(new SpeechError('busy', `${MAX_QUEUED_JOBS} voice messages are already waiting for a transcript`));
				return;
			}
			this.#jobs.add(id);
			this.#send(
				id,
				{ type: 'transcribe', id, pcm, sampleRate },
				(reply) => {
					if (reply.type === 'chunk') onChunk?.(reply.done, reply.total, reply.text);
					else if (reply.type === 'transcript') this.#settle(id, () => resolve({ text: reply.text, computeMs: reply.computeMs, audioSeconds: reply.audioSeconds }));
				},
				reject,
				[pcm.buffer]
			);
		});
		return {
			id,
			result,
			cancel: () => {
				if (this.#pending.has(id) && !this.#broken) this.#worker.postMessage({ type: 'cancel', id });
			}
		};
	}

	/** Jobs queued or running. */
	get queued(): number {
		return this.#jobs.size;
	}

	terminate(): void {
		this.#fail(new SpeechError('cancelled', 'speech stopped'));
		this.#worker.terminate();
	}

	#send(id: number, message: SpeechRequest, onReply: (reply: SpeechReply) => void, reject: (error: SpeechError) => void, transfer: Transferable[] = []): void {
		if (this.#broken) {
			this.#jobs.delete(id);
			reject(this.#broken);
			return;
		}
		this.#pending.set(id, { onReply, reject });
		if (transfer.length > 0) this.#worker.postMessage(message, transfer);
		else this.#worker.postMessage(message);
	}

	#settle(id: number, done: () => void): void {
		this.#pending.delete(id);
		this.#jobs.delete(id);
		done();
	}

	#receive(data: unknown): void {
		const reply = parseSpeechReply(data);
		if (!reply) return;
		const pending = this.#pending.get(reply.id);
		if (!pending) return;
		if (reply.type === 'failed') this.#settle(reply.id, () => pending.reject(new SpeechError(reply.code, reply.message)));
		else pending.onReply(reply);
	}

	#fail(error: SpeechError): void {
		this.#broken ??= error;
		const pending = [...this.#pending.values()];
		this.#pending.clear();
		this.#jobs.clear();
		for (const p of pending) p.reject(error);
	}
}
