import { describe, expect, it } from 'vitest';
import { COMPRESSION_RATIO_THRESHOLD, LOGPROB_THRESHOLD, bestAttempt, compressionRatio, needsFallback, type Attempt } from '../../../src/lib/speech/decode-fallback';
import { parseVocabulary } from '../../../src/lib/speech/detokenizer';
import { DECODING, FALLBACK_DECODINGS, transcribe, type Decoding } from '../../../src/lib/speech/transcriber';

const attempt = (text: string, avgLogProb: number, compressionRatio = 1.2, looped = false): Attempt => ({ text, avgLogProb, compressionRatio, looped });

describe("Whisper's fallback rule", () => {
	it("uses Whisper's thresholds: mean log-probability −1, compression ratio 2.4", () => {
		expect(LOGPROB_THRESHOLD).toBe(-1);
		expect(COMPRESSION_RATIO_THRESHOLD).toBe(2.4);
	});

	it('decodes again below −1 per token, not at −1 or above', () => {
		expect(needsFallback(attempt('a', -1.01))).toBe(true);
		expect(needsFallback(attempt('a', -1))).toBe(false);
		expect(needsFallback(attempt('a', -0.2))).toBe(false);
		expect(needsFallback(attempt('a', Number.NaN))).toBe(true);
	});

	it('decodes again above a compression ratio of 2.4, or when our loop detector fired', () => {
		expect(needsFallback(attempt('a', -0.1, 2.41))).toBe(true);
		expect(needsFallback(attempt('a', -0.1, 2.4))).toBe(false);
		expect(needsFallback(attempt('a', -0.1, 1.1, true))).toBe(true);
	});

	it('keeps the first attempt that passes', () => {
		const passing = attempt('second', -0.5);
		expect(bestAttempt([attempt('first', -1.5), passing, attempt('third', -0.1)])).toBe(passing);
	});

	it('when none passes, keeps the most likely attempt that does not repeat', () => {
		const likely = attempt('likely', -1.2);
		expect(bestAttempt([attempt('first', -1.6), likely, attempt('loop', -0.3, 3.1), attempt('last', -1.4)])).toBe(likely);
		const early = attempt('early', -1.3);
		expect(bestAttempt([early, attempt('tie', -1.3)])).toBe(early);
	});

	it('when every attempt repeats, keeps the last', () => {
		const last = attempt('last', -2, 1, true);
		expect(bestAttempt([attempt('a', -0.1, 3), last])).toBe(last);
		expect(() => bestAttempt([])).toThrow();
	});
});

describe('compressionRatio', () => {
	it('is about 1 for ordinary speech and high for a loop, like zlib in Whisper', async () => {
		const sentence = 'The meeting moved to 5.30 on Tuesday. Please bring 12 copies of the report.';
		expect(await compressionRatio(sentence)).toBeLessThan(1.5);
		expect(await compressionRatio(Array(20).fill('thank you').join(' '))).toBeGreaterThan(COMPRESSION_RATIO_THRESHOLD);
		expect(await compressionRatio('')).toBe(0);
	});
});

// Ids: 0 "hello", 1 " there", 2 " again"; 50257 start, 50256 end.
const VOCABULARY = parseVocabulary({ format: 1, tokens: ['hello', '\u0120there', '\u0120again'], byteDecoder: Array.from({ length: 256 }, (_, b) => [b + 0x100 * Number(b < 33), b]) });
const second = new Float32Array(16_000).fill(0.01);

describe('transcribe with the fallback ladder', () => {
	it('decodes an unlikely chunk again without the repetition penalty and keeps the more likely text', async () => {
		const calls: Decoding[] = [];
		const model = {
			decode: async (_: Float32Array, decoding: Decoding) => {
				calls.push(decoding);
				return calls.length === 1 ? { tokenIds: [50257, 0, 1, 50256], avgLogProb: -1.4 } : { tokenIds: [50257, 0, 2, 50256], avgLogProb: -0.6 };
			}
		};
		expect(await transcribe(second, model, VOCABULARY)).toBe('hello again');
		expect(calls).toEqual([DECODING, FALLBACK_DECODINGS[0]]);
		expect(FALLBACK_DECODINGS[0]).toEqual({ beams: 8, repetitionPenalty: 1 });
	});

	it('keeps the first text when every rung is less likely', async () => {
		const scores = [-1.2, -1.5, -1.9];
		const model = { decode: async () => ({ tokenIds: scores.length === 3 ? [50257, 0, 50256] : [50257, 0, 1, 50256], avgLogProb: scores.shift()! }) };
		expect(await transcribe(second, model, VOCABULARY)).toBe('hello');
		expect(scores).toEqual([]);
	});
});
