import { describe, expect, it } from 'vitest';
import { SpeechError } from '../../../src/lib/speech/speech-protocol';
import { MAX_AUDIO_SECONDS } from '../../../src/lib/speech/speech-limits';
import { MAX_AUDIO_FILE_BYTES, type TranscriptRecord } from '../../../src/lib/speech/transcript-record';
import { TranscriptionQueue, type DecodedAudio, type SpeechEngine, type TranscriptStore } from '../../../src/lib/state/transcription-queue';

/** The store as the database keeps it, in memory: every state each message went through. */
class MemoryStore implements TranscriptStore {
	records = new Map<string, TranscriptRecord>();
	history = new Map<string, string[]>();
	saved: string[] = [];
	on = true;
	files = new Map<string, Blob>();
	gone = new Set<string>();

	async set(id: string, record: TranscriptRecord): Promise<boolean> {
		if (this.gone.has(id)) return false;
		this.records.set(id, record);
		this.history.set(id, [...(this.history.get(id) ?? []), record.state]);
		return true;
	}
	async get(id: string) {
		return this.records.get(id);
	}
	async loadQueue() {
		return [...this.saved];
	}
	async saveQueued(change: { add?: string; remove?: string }) {
		this.saved = this.saved.filter((id) => id !== change.remove && id !== change.add);
		if (change.add !== undefined) this.saved.push(change.add);
	}
	async enabled() {
		return this.on;
	}
	async audio(id: string) {
		return this.files.get(id) ?? null;
	}
}

/** An engine that records its calls and never runs two transcriptions at once. */
function fakeEngine(options: { prepare?: () => Promise<unknown>; text?: (pcm: Float32Array) => string } = {}) {
	const calls: string[] = [];
	let running = 0;
	let overlapped = false;
	const engine: SpeechEngine = {
		prepare: options.prepare ?? (async () => ({})),
		transcribe(pcm) {
			running++;
			if (running > 1) overlapped = true;
			const text = options.text?.(pcm) ?? `heard ${pcm.length}`;
			calls.push(text);
			return {
				result: new Promise((resolve) =>
					setTimeout(() => {
						running--;
						resolve({ text });
					}, 1)
				)
			};
		}
	};
	return { engine, calls, overlapped: () => overlapped };
}

/** "Decodes" a blob whose text is a length in samples at 16 kHz; "bad" does not decode. */
async function decode(blob: Blob): Promise<DecodedAudio> {
	const text = await blob.text();
	if (text === 'bad') throw new Error('EncodingError');
	return { pcm: new Float32Array(Number(text)), sampleRate: 16_000 };
}

function setup(engine: SpeechEngine | null = fakeEngine().engine) {
	const store = new MemoryStore();
	const queue = new TranscriptionQueue({ store, decode, engine: () => engine });
	return { store, queue };
}

describe('the transcription queue', () => {
	it('transcribes one message at a time, in order, through pending, running and done', async () => {
		const fake = fakeEngine();
		const { store, queue } = setup(fake.engine);
		for (const [id, samples] of [['a', 1600], ['b', 3200], ['c', 4800]] as const) store.files.set(id, new Blob([String(samples)]));
		await Promise.all([queue.add('a'), queue.add('b'), queue.add('c')]);
		await queue.idle();
		expect(fake.calls).toEqual(['heard 1600', 'heard 3200', 'heard 4800']);
		expect(fake.overlapped()).toBe(false);
		expect(store.history.get('a')).toEqual(['pending', 'running', 'done']);
		expect(store.records.get('c')).toEqual({ state: 'done', text: 'heard 4800' });
		expect(store.saved).toEqual([]);
	});

	it('saves the waiting list, and a new start resumes it', async () => {
		const { store, queue } = setup(fakeEngine({ prepare: () => new Promise(() => undefined) }).engine);
		store.files.set('a', new Blob(['1600']));
		store.files.set('b', new Blob(['1600']));
		await queue.add('a');
		await queue.add('b');
		// The model never loads in this "tab": it is closed with both still waiting.
		expect(store.saved).toEqual(['a', 'b']);
		queue.stop();
		const fake = fakeEngine();
		const next = new TranscriptionQueue({ store, decode, engine: () => fake.engine });
		await next.resume();
		await next.idle();
		expect(store.records.get('a')).toEqual({ state: 'done', text: 'heard 1600' });
		expect(store.records.get('b')).toEqual({ state: 'done', text: 'heard 1600' });
		expect(store.saved).toEqual([]);
	});

	it('stores a failure for audio it cannot decode, and goes on with the next', async () => {
		const { store, queue } = setup();
		store.files.set('bad', new Blob(['bad']));
		store.files.set('good', new Blob(['1600']));
		await queue.add('bad');
		await queue.add('good');
		await queue.idle();
		expect(store.records.get('bad')).toEqual({ state: 'failed', code: 'bad-audio' });
		expect(store.records.get('good')).toEqual({ state: 'done', text: 'heard 1600' });
	});

	it('refuses a file too large to decode, and audio too long or empty, before the model sees it', async () => {
		const fake = fakeEngine();
		const { store, queue } = setup(fake.engine);
		store.files.set('huge', new Blob([new Uint8Array(MAX_AUDIO_FILE_BYTES + 1)]));
		store.files.set('long', new Blob([String(16_000 * MAX_AUDIO_SECONDS + 1)]));
		store.files.set('empty', new Blob(['0']));
		for (const id of ['huge', 'long', 'empty']) await queue.add(id);
		await queue.idle();
		for (const id of ['huge', 'long', 'empty']) expect(store.records.get(id), id).toEqual({ state: 'failed', code: 'bad-audio' });
		expect(fake.calls).toEqual([]);
	});

	it('says why when the model cannot be had, and a retry works once it can', async () => {
		let failing = true;
		const fake = fakeEngine({ prepare: async () => (failing ? Promise.reject(new SpeechError('model-missing', 'offline')) : {}) });
		const { store, queue } = setup(fake.engine);
		store.files.set('a', new Blob(['1600']));
		await queue.add('a');
		await queue.idle();
		expect(store.records.get('a')).toEqual({ state: 'unavailable', reason: 'model-missing' });
		// Without "again" a message already answered is left alone; unavailable is not an answer.
		failing = false;
		await queue.add('a');
		await queue.idle();
		expect(store.records.get('a')).toEqual({ state: 'done', text: 'heard 1600' });
	});

	it('leaves a finished transcript alone unless asked again', async () => {
		const fake = fakeEngine();
		const { store, queue } = setup(fake.engine);
		store.files.set('a', new Blob(['1600']));
		await queue.add('a');
		await queue.idle();
		await queue.add('a');
		await queue.idle();
		expect(fake.calls).toHaveLength(1);
		await queue.add('a', { again: true });
		await queue.idle();
		expect(fake.calls).toHaveLength(2);
	});

	it('marks audio as "off" when the setting is off, without queueing it', async () => {
		const fake = fakeEngine();
		const { store, queue } = setup(fake.engine);
		store.on = false;
		store.files.set('a', new Blob(['1600']));
		await queue.add('a');
		await queue.idle();
		expect(store.records.get('a')).toEqual({ state: 'unavailable', reason: 'off' });
		expect(store.saved).toEqual([]);
		expect(fake.calls).toEqual([]);
	});

	it('says unsupported without an engine, no-audio without the bytes, and skips a deleted message', async () => {
		const none = setup(null);
		none.store.files.set('a', new Blob(['1600']));
		await none.queue.add('a');
		await none.queue.idle();
		expect(none.store.records.get('a')).toEqual({ state: 'unavailable', reason: 'unsupported' });

		const { store, queue } = setup();
		await queue.add('missing');
		store.gone.add('deleted');
		await queue.add('deleted');
		await queue.idle();
		expect(store.records.get('missing')).toEqual({ state: 'failed', code: 'no-audio' });
		expect(store.records.has('deleted')).toBe(false);
	});

	it('uses the bytes handed over at send, after the database let go of them', async () => {
		const { store, queue } = setup();
		await queue.add('ours', { blob: new Blob(['3200']) });
		await queue.idle();
		expect(store.records.get('ours')).toEqual({ state: 'done', text: 'heard 3200' });
	});

	it('stores an engine failure on one message as failed', async () => {
		const engine: SpeechEngine = { prepare: async () => ({}), transcribe: () => ({ result: Promise.reject(new SpeechError('failed', 'model crashed')) }) };
		const { store, queue } = setup(engine);
		store.files.set('a', new Blob(['1600']));
		await queue.add('a');
		await queue.idle();
		expect(store.records.get('a')).toEqual({ state: 'failed', code: 'failed' });
	});
});
