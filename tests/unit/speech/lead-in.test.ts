import { describe, expect, it } from 'vitest';
import { parseVocabulary } from '../../../src/lib/speech/detokenizer';
import { MAX_LEAD_IN_SECONDS, chunkSamplesAfterLeadIn, leadInSamples, withLeadIn } from '../../../src/lib/speech/lead-in';
import { MAX_CHUNK_SAMPLES, MODEL_SAMPLE_RATE_HZ } from '../../../src/lib/speech/speech-limits';
import { transcribe, type SpeechModel } from '../../../src/lib/speech/transcriber';

const RATE = MODEL_SAMPLE_RATE_HZ;
const VOCABULARY = parseVocabulary({ format: 1, tokens: ['hello'], byteDecoder: Array.from({ length: 256 }, (_, b) => [b + 0x100 * Number(b < 33), b]) });

/** A model that records what it was given and always says "hello". */
function listeningModel() {
	const heard: Float32Array[] = [];
	const model: SpeechModel = {
		decode: async (pcm) => {
			heard.push(pcm.slice());
			return { tokenIds: [50257, 0, 50256], avgLogProb: -0.1 };
		}
	};
	return { model, heard };
}

/** 0.5 everywhere, with a 1 s silent pause every 10 s (so long audio is cut in a pause). */
function talk(seconds: number): Float32Array {
	const pcm = new Float32Array(seconds * RATE).fill(0.5);
	for (let t = 9; t < seconds; t += 10) pcm.fill(0, t * RATE, (t + 1) * RATE);
	return pcm;
}

describe('lead-in', () => {
	it('puts the silence before the chunk and keeps the chunk as it was', () => {
		const chunk = Float32Array.of(0.1, -0.2, 0.3);
		const out = withLeadIn(chunk, 4);
		expect([...out]).toEqual([0, 0, 0, 0, ...chunk]);
		expect([...chunk]).toEqual([...Float32Array.of(0.1, -0.2, 0.3)]);
		expect(withLeadIn(chunk, 0)).toBe(chunk);
	});

	it('turns seconds into samples and refuses a lead-in outside 0–2 s', () => {
		expect(leadInSamples(0.5)).toBe(RATE / 2);
		expect(leadInSamples(0)).toBe(0);
		expect(MAX_LEAD_IN_SECONDS).toBe(2);
		for (const bad of [-0.1, 2.01, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => leadInSamples(bad)).toThrow(RangeError);
	});

	it('leaves room for the lead-in in the 30 s window', () => {
		expect(chunkSamplesAfterLeadIn(0)).toBe(MAX_CHUNK_SAMPLES);
		expect(chunkSamplesAfterLeadIn(RATE)).toBe(MAX_CHUNK_SAMPLES - RATE);
	});

	it('is heard before every chunk of a long message, and no model call exceeds 30 s', async () => {
		const { model, heard } = listeningModel();
		const pcm = talk(75);
		await transcribe(pcm, model, VOCABULARY, { leadInSeconds: 1 });
		expect(heard.length).toBeGreaterThanOrEqual(3);
		for (const call of heard) {
			expect(call.length).toBeLessThanOrEqual(MAX_CHUNK_SAMPLES);
			expect(call.subarray(0, RATE).every((x) => x === 0)).toBe(true);
		}
		// Every sample of the message reached the model once, after its lead-in.
		expect(heard.reduce((sum, call) => sum + call.length - RATE, 0)).toBe(pcm.length);
	});

	it('is not added when set to 0', async () => {
		const { model, heard } = listeningModel();
		await transcribe(talk(5), model, VOCABULARY, { leadInSeconds: 0 });
		expect(heard[0]![0]).toBe(0.5);
	});
});
