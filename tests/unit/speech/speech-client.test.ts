import { describe, expect, it } from 'vitest';
import { SpeechClient, type SpeechWorkerLike } from '../../../src/lib/speech/speech-client';
import { leadInSamples } from '../../../src/lib/speech/lead-in';
import { MAX_QUEUED_JOBS, MODEL_SAMPLE_RATE_HZ } from '../../../src/lib/speech/speech-limits';
import { SpeechError, type SpeechFiles, type SpeechRequest } from '../../../src/lib/speech/speech-protocol';
import { SpeechService, type SpeechDeps } from '../../../src/lib/speech/speech-service';
import { LEAD_IN_SECONDS } from '../../../src/lib/speech/transcriber';

const FILES: SpeechFiles = {
	model: { url: '/speech/m.onnx', bytes: 10, sha256: 'a' },
	vocabulary: { url: '/speech/v.json', bytes: 10, sha256: 'b' },
	runtime: { url: '/speech/r.bin', bytes: 10, sha256: 'c' },
	runtimeGlue: { url: '/speech/g.mjs', bytes: 10, sha256: 'd' }
};

/** Byte table where every byte stands for itself (the test tokens are plain ASCII). */
const VOCABULARY = { format: 1, tokens: ['hello', '\u0120there', '\u0120again'], byteDecoder: Array.from({ length: 256 }, (_, b) => [b + 0x100 * Number(b < 33), b]) };

/** The service without a thread: messages are cloned and delivered in a later task, like a Worker's. */
class InProcessSpeechWorker implements SpeechWorkerLike {
	readonly service: SpeechService;
	readonly requests: SpeechRequest[] = [];
	#message: ((event: MessageEvent<unknown>) => void)[] = [];
	#error: ((event: Event) => void)[] = [];

	constructor(deps: SpeechDeps) {
		this.service = new SpeechService((reply) => setTimeout(() => this.#message.forEach((l) => l({ data: structuredClone(reply) } as MessageEvent))), deps);
	}
	postMessage(message: SpeechRequest, transfer?: Transferable[]) {
		this.requests.push(message);
		const copy = structuredClone(message, { transfer: transfer ?? [] });
		setTimeout(() => this.service.handle(copy));
	}
	addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<unknown>) => void) | ((event: Event) => void)) {
		if (type === 'message') this.#message.push(listener as (event: MessageEvent<unknown>) => void);
		else this.#error.push(listener as (event: Event) => void);
	}
	crash() {
		this.#error.forEach((l) => l(new Event('error')));
	}
	terminate() {}
}

function deps(overrides: Partial<SpeechDeps> = {}, calls: number[] = []): SpeechDeps {
	return {
		now: () => performance.now(),
		async loadFiles(_files, onProgress) {
			for (let i = 0; i <= 1000; i++) onProgress(i, 1000);
			return { model: new Uint8Array(1), runtime: new Uint8Array(1), runtimeGlue: new Uint8Array(1), vocabulary: VOCABULARY, fromCache: false };
		},
		async createModel() {
			return {
				async decode(pcm) {
					calls.push(pcm.length);
					await new Promise((resolve) => setTimeout(resolve, 5));
					return { tokenIds: [50257, 0, 1, 50256], avgLogProb: -0.2 };
				}
			};
		},
		...overrides
	};
}

const seconds = (s: number) => new Float32Array(s * MODEL_SAMPLE_RATE_HZ).fill(0.01);

describe('SpeechClient with the speech service', () => {
	it('loads the model with progress once per percent, then transcribes', async () => {
		const client = new SpeechClient(new InProcessSpeechWorker(deps()), FILES);
		const progress: number[] = [];
		const ready = await client.prepare((loaded) => progress.push(loaded));
		expect(ready.fromCache).toBe(false);
		expect(progress).toHaveLength(101);
		const job = client.transcribe(seconds(3));
		const result = await job.result;
		expect(result.text).toBe('hello there');
		expect(result.audioSeconds).toBe(3);
	});

	it('moves the PCM to the worker instead of copying it', async () => {
		const client = new SpeechClient(new InProcessSpeechWorker(deps()), FILES);
		await client.prepare();
		const pcm = seconds(1);
		const job = client.transcribe(pcm);
		expect(pcm.length).toBe(0);
		await job.result;
	});

	it('transcribes audio over 30 s in chunks and reports each', async () => {
		const calls: number[] = [];
		const client = new SpeechClient(new InProcessSpeechWorker(deps({}, calls)), FILES);
		await client.prepare();
		const chunks: [number, number, string][] = [];
		const result = await client.transcribe(seconds(45), { onChunk: (done, total, text) => chunks.push([done, total, text]) }).result;
		expect(calls).toHaveLength(2);
		expect(chunks).toEqual([
			[1, 2, 'hello there'],
			[2, 2, 'hello there hello there']
		]);
		expect(result.text).toBe('hello there hello there');
	});

	it('cancels a queued job before it starts and a running one after its current chunk', async () => {
		const calls: number[] = [];
		const client = new SpeechClient(new InProcessSpeechWorker(deps({}, calls)), FILES);
		await client.prepare();
		const running = client.transcribe(seconds(70));
		const queued = client.transcribe(seconds(2));
		queued.cancel();
		await expect(queued.result).rejects.toMatchObject({ code: 'cancelled' });
		running.cancel();
		await expect(running.result).rejects.toMatchObject({ code: 'cancelled' });
		expect(calls.length).toBeLessThan(3);
		expect(calls).not.toContain(2 * MODEL_SAMPLE_RATE_HZ);
	});

	it('refuses more than the queue holds, and takes jobs again once it drains', async () => {
		const client = new SpeechClient(new InProcessSpeechWorker(deps()), FILES);
		await client.prepare();
		const jobs = Array.from({ length: MAX_QUEUED_JOBS }, () => client.transcribe(seconds(1)));
		await expect(client.transcribe(seconds(1)).result).rejects.toMatchObject({ code: 'busy' });
		await Promise.all(jobs.map((job) => job.result));
		expect(client.queued).toBe(0);
		await expect(client.transcribe(seconds(1)).result).resolves.toMatchObject({ text: 'hello there' });
	});

	it('resamples audio at another rate in the worker before the model sees it', async () => {
		const calls: number[] = [];
		const client = new SpeechClient(new InProcessSpeechWorker(deps({}, calls)), FILES);
		await client.prepare();
		const result = await client.transcribe(new Float32Array(48_000 * 2), { sampleRate: 48_000 }).result;
		// 2 s at 16 kHz, after the lead-in of silence every chunk gets.
		expect(calls).toEqual([2 * MODEL_SAMPLE_RATE_HZ + leadInSamples(LEAD_IN_SECONDS)]);
		expect(result.audioSeconds).toBe(2);
	});

	it('refuses audio outside the bounds as bad audio', async () => {
		const client = new SpeechClient(new InProcessSpeechWorker(deps()), FILES);
		await client.prepare();
		await expect(client.transcribe(new Float32Array(10)).result).rejects.toMatchObject({ code: 'bad-audio' });
		await expect(client.transcribe(seconds(601)).result).rejects.toMatchObject({ code: 'bad-audio' });
		await expect(client.transcribe(seconds(1), { sampleRate: 1000 }).result).rejects.toMatchObject({ code: 'bad-audio' });
		// An hour at 8 kHz is refused on its length, before any resampling.
		await expect(client.transcribe(new Float32Array(8000 * 3600), { sampleRate: 8000 }).result).rejects.toMatchObject({ code: 'bad-audio' });
	});

	it('says the model is missing when asked to transcribe before a load', async () => {
		const client = new SpeechClient(new InProcessSpeechWorker(deps()), FILES);
		await expect(client.transcribe(seconds(1)).result).rejects.toMatchObject({ code: 'model-missing' });
	});

	it('passes a load failure on with its code, and loads on a retry', async () => {
		let attempts = 0;
		const flaky = deps();
		const client = new SpeechClient(
			new InProcessSpeechWorker({
				...flaky,
				loadFiles: (files, onProgress) => (attempts++ === 0 ? Promise.reject(new SpeechError('model-missing', 'offline')) : flaky.loadFiles(files, onProgress))
			}),
			FILES
		);
		await expect(client.prepare()).rejects.toMatchObject({ code: 'model-missing', message: 'offline' });
		await expect(client.prepare()).resolves.toMatchObject({ fromCache: false });
	});

	it('refuses a vocabulary that is not the prepared one', async () => {
		const bad = deps({ loadFiles: async () => ({ model: new Uint8Array(1), runtime: new Uint8Array(1), runtimeGlue: new Uint8Array(1), vocabulary: { format: 9 }, fromCache: true }) });
		const client = new SpeechClient(new InProcessSpeechWorker(bad), FILES);
		await expect(client.prepare()).rejects.toMatchObject({ code: 'failed', message: /vocabulary/ });
	});

	it('fails everything pending, and every later call, when the worker crashes', async () => {
		const worker = new InProcessSpeechWorker(deps());
		const client = new SpeechClient(worker, FILES);
		const loading = client.prepare();
		worker.crash();
		await expect(loading).rejects.toBeInstanceOf(SpeechError);
		await expect(client.transcribe(seconds(1)).result).rejects.toMatchObject({ code: 'unsupported' });
	});

	it('ignores replies that are malformed or for no request', async () => {
		const worker = new InProcessSpeechWorker(deps());
		const client = new SpeechClient(worker, FILES);
		const listeners: ((event: MessageEvent<unknown>) => void)[] = [];
		const spy: SpeechWorkerLike = { ...worker, postMessage: () => undefined, terminate: () => undefined, addEventListener: (type: string, l: never) => type === 'message' && listeners.push(l) };
		const lone = new SpeechClient(spy, FILES);
		const loading = lone.prepare();
		for (const data of [null, { type: 'ready', id: 1 }, { type: 'ready', id: 99, fromCache: true, loadMs: 1 }, { type: 'failed', id: 1, code: 'nope', message: '' }]) {
			listeners.forEach((l) => l({ data } as MessageEvent));
		}
		listeners.forEach((l) => l({ data: { type: 'ready', id: 1, fromCache: true, loadMs: 2 } } as MessageEvent));
		await expect(loading).resolves.toEqual({ fromCache: true, loadMs: 2 });
		await client.prepare();
	});
});
