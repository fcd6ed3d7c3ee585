import { describe, expect, it } from 'vitest';
import { splitAtQuietPoints } from '../../../src/lib/speech/audio-chunks';
import { MAX_CHUNK_SAMPLES, MIN_CHUNK_SECONDS, MODEL_SAMPLE_RATE_HZ } from '../../../src/lib/speech/speech-limits';

const RATE = MODEL_SAMPLE_RATE_HZ;

/** "Speech": a 200 Hz tone in `words` (start/end seconds), silence elsewhere. */
function speech(seconds: number, words: [number, number][]): Float32Array {
	const pcm = new Float32Array(seconds * RATE);
	for (const [from, to] of words) {
		for (let i = Math.round(from * RATE); i < Math.round(to * RATE); i++) pcm[i] = 0.5 * Math.sin((2 * Math.PI * 200 * i) / RATE);
	}
	return pcm;
}

/** Words of 0.4 s with 0.1 s gaps (too short to cut in), and one real pause per `pauses`. */
function talk(seconds: number, pauses: [number, number][]): Float32Array {
	const words: [number, number][] = [];
	for (let t = 0; t < seconds; t += 0.5) {
		const end = Math.min(seconds, t + 0.4);
		if (!pauses.some(([a, b]) => t < b && end > a)) words.push([t, end]);
	}
	return speech(seconds, words);
}

function expectCover(ranges: { start: number; end: number }[], length: number) {
	expect(ranges[0]!.start).toBe(0);
	expect(ranges.at(-1)!.end).toBe(length);
	for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
}

describe('splitAtQuietPoints', () => {
	it('keeps audio of 30 s or less in one piece', () => {
		expect(splitAtQuietPoints(talk(30, []))).toEqual([{ start: 0, end: MAX_CHUNK_SAMPLES }]);
		expect(splitAtQuietPoints(new Float32Array(100))).toEqual([{ start: 0, end: 100 }]);
	});

	it('cuts 45 s inside the pause, not inside a word', () => {
		const pcm = talk(45, [[24, 25]]);
		const ranges = splitAtQuietPoints(pcm);
		expect(ranges).toHaveLength(2);
		const cut = ranges[0]!.end / RATE;
		expect(cut).toBeGreaterThan(24);
		expect(cut).toBeLessThan(25);
		expectCover(ranges, pcm.length);
	});

	it('prefers the pause over the short gaps between words', () => {
		const pcm = talk(50, [[27.1, 27.5]]);
		const cut = splitAtQuietPoints(pcm)[0]!.end / RATE;
		expect(cut).toBeGreaterThan(27.1);
		expect(cut).toBeLessThan(27.5);
	});

	it('cuts in the later of two pauses that are both silent, not in the one a hair quieter', () => {
		const pcm = talk(45, [[22, 23], [27, 28]]);
		// The later pause carries a hiss at −70 dBFS: louder than the digital silence at 22 s, still silence.
		for (let i = 27 * RATE; i < 28 * RATE; i++) pcm[i] = 3e-4 * Math.sin((2 * Math.PI * 3_000 * i) / RATE);
		const cut = splitAtQuietPoints(pcm)[0]!.end / RATE;
		expect(cut).toBeGreaterThan(27);
		expect(cut).toBeLessThan(28);
	});

	it('still prefers a silent pause to a later one with a hum well above it', () => {
		const pcm = talk(45, [[22, 23], [27, 28]]);
		for (let i = 27 * RATE; i < 28 * RATE; i++) pcm[i] = 0.01 * Math.sin((2 * Math.PI * 100 * i) / RATE);
		const cut = splitAtQuietPoints(pcm)[0]!.end / RATE;
		expect(cut).toBeGreaterThan(22);
		expect(cut).toBeLessThan(23);
	});

	it('does not cut before the minimum chunk length, even at a quieter pause', () => {
		const pcm = talk(45, [[5, 6]]);
		// A pause at 25–26 s with a faint hum: quieter than speech, louder than the silence at 5 s.
		for (let i = 25 * RATE; i < 26 * RATE; i++) pcm[i] = 0.01 * Math.sin((2 * Math.PI * 100 * i) / RATE);
		const cut = splitAtQuietPoints(pcm)[0]!.end / RATE;
		expect(cut).toBeGreaterThan(25);
		expect(cut).toBeLessThan(26);
	});

	it('bounds every chunk to 30 s, and all but the last to at least the minimum, without pauses', () => {
		const pcm = speech(95, [[0, 95]]);
		const ranges = splitAtQuietPoints(pcm);
		expectCover(ranges, pcm.length);
		for (const range of ranges) expect(range.end - range.start).toBeLessThanOrEqual(MAX_CHUNK_SAMPLES);
		for (const range of ranges.slice(0, -1)) expect(range.end - range.start).toBeGreaterThanOrEqual(MIN_CHUNK_SECONDS * RATE);
	});

	it('splits a long recording with several pauses at each of them', () => {
		const pcm = talk(80, [[22, 23], [48, 49], [70, 71]]);
		const cuts = splitAtQuietPoints(pcm).slice(0, -1).map((r) => r.end / RATE);
		// 22.5 → 48.5 leaves 31.5 s, one more cut than the 80 s would need at 30 s apiece.
		expect(cuts).toHaveLength(3);
		const inPause = (cut: number, from: number) => cut > from && cut < from + 1;
		expect([inPause(cuts[0]!, 22), inPause(cuts[1]!, 48), inPause(cuts[2]!, 70)]).toEqual([true, true, true]);
	});
});

describe('splitAtQuietPoints with a shorter window', () => {
	it('keeps every chunk within the length asked for', () => {
		const max = 29 * RATE;
		const pcm = talk(29.5, []);
		const ranges = splitAtQuietPoints(pcm, max);
		expect(ranges.length).toBe(2);
		for (const range of ranges) expect(range.end - range.start).toBeLessThanOrEqual(max);
		expectCover(ranges, pcm.length);
	});

	it('refuses a window too short to cut in, or over 30 s', () => {
		expect(() => splitAtQuietPoints(new Float32Array(10), MIN_CHUNK_SECONDS * RATE)).toThrow(RangeError);
		expect(() => splitAtQuietPoints(new Float32Array(10), MAX_CHUNK_SAMPLES + 1)).toThrow(RangeError);
	});
});
