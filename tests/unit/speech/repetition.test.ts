import { describe, expect, it } from 'vitest';
import { LOOP_COPIES, collapseLoops } from '../../../src/lib/speech/repetition';
import { parseVocabulary } from '../../../src/lib/speech/detokenizer';
import { DECODING, FALLBACK_DECODINGS, transcribe, type Decoding } from '../../../src/lib/speech/transcriber';

describe('collapseLoops', () => {
	it('cuts a phrase repeated back to back to its first copy, without case or punctuation mattering', () => {
		const text = 'See you at noon. Thank you. Thank you. thank you, Thank you. Thank you.';
		expect(collapseLoops(text)).toEqual({ text: 'See you at noon. Thank you.', looped: true });
	});

	it('cuts a one-word loop and keeps what follows it', () => {
		expect(collapseLoops('the the the the the the end')).toEqual({ text: 'the end', looped: true });
	});

	it('finds a loop of twelve words', () => {
		const phrase = 'one two three four five six seven eight nine ten eleven twelve';
		expect(collapseLoops(Array(LOOP_COPIES).fill(phrase).join(' '))).toEqual({ text: phrase, looped: true });
	});

	it('leaves three copies alone: people do say "no, no, no"', () => {
		const text = 'No, no, no. I said Tuesday.';
		expect(collapseLoops(text)).toEqual({ text, looped: false });
		expect(LOOP_COPIES).toBe(4);
	});

	it('leaves ordinary text, and empty text, unchanged', () => {
		const text = 'The meeting moved to 5.30 on Tuesday.';
		expect(collapseLoops(text)).toEqual({ text, looped: false });
		expect(collapseLoops('')).toEqual({ text: '', looped: false });
	});

	it('is quick on the longest text a chunk can give (448 tokens of one word)', () => {
		const started = performance.now();
		expect(collapseLoops(Array(448).fill('go').join(' '))).toEqual({ text: 'go', looped: true });
		expect(collapseLoops(Array.from({ length: 448 }, (_, i) => `w${i}`).join(' ')).looped).toBe(false);
		expect(performance.now() - started).toBeLessThan(1_000);
	});
});

// Ids: 0 "hello", 1 " there", 2 " again"; 50257 start, 50256 end.
const VOCABULARY = parseVocabulary({ format: 1, tokens: ['hello', '\u0120there', '\u0120again'], byteDecoder: Array.from({ length: 256 }, (_, b) => [b + 0x100 * Number(b < 33), b]) });
const LOOP = [50257, 0, ...Array<number>(10).fill(1), 50256];
const second = new Float32Array(16_000).fill(0.01);

const sure = (tokenIds: number[]) => ({ tokenIds, avgLogProb: -0.2 });

describe('transcribe with a model that loops', () => {
	it('decodes with 8 beams and repeats penalised, once, when the text does not loop', async () => {
		const calls: Decoding[] = [];
		const text = await transcribe(second, { decode: async (_, decoding) => (calls.push(decoding), sure([50257, 0, 2, 50256])) }, VOCABULARY);
		expect(text).toBe('hello again');
		expect(calls).toEqual([DECODING]);
		expect(DECODING).toEqual({ beams: 8, repetitionPenalty: 1.5 });
	});

	it('decodes a looping chunk again, and keeps the text that does not loop', async () => {
		const calls: Decoding[] = [];
		const model = { decode: async (_: Float32Array, decoding: Decoding) => (calls.push(decoding), sure(calls.length === 1 ? LOOP : [50257, 0, 1, 2, 50256])) };
		expect(await transcribe(second, model, VOCABULARY)).toBe('hello there again');
		expect(calls).toEqual([DECODING, FALLBACK_DECODINGS[0]]);
	});

	it('runs the whole ladder, and cuts the loop to one copy when every decoding loops', async () => {
		const calls: Decoding[] = [];
		expect(await transcribe(second, { decode: async (_, decoding) => (calls.push(decoding), sure(LOOP)) }, VOCABULARY)).toBe('hello there');
		expect(calls).toEqual([DECODING, ...FALLBACK_DECODINGS]);
	});
});
