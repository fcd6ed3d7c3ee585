import { describe, expect, it } from 'vitest';
import { checkModelPcm, checkSourceAudio } from '../../../src/lib/speech/audio-bounds';
import { downmix, resample, toModelPcm } from '../../../src/lib/speech/resample';
import { MAX_AUDIO_SAMPLES } from '../../../src/lib/speech/speech-limits';
import { joinTranscripts } from '../../../src/lib/speech/transcript-join';

describe('checkSourceAudio', () => {
	const second = (rate: number) => new Float32Array(rate);
	it('accepts ordinary decoded audio', () => {
		expect(checkSourceAudio({ sampleRate: 48_000, channels: [second(48_000), second(48_000)] })).toEqual({ ok: true });
	});

	it('refuses odd sample rates and channel counts', () => {
		expect(checkSourceAudio({ sampleRate: 4000, channels: [second(4000)] }).ok).toBe(false);
		expect(checkSourceAudio({ sampleRate: 384_000, channels: [second(384_000)] }).ok).toBe(false);
		expect(checkSourceAudio({ sampleRate: Number.NaN, channels: [second(8000)] }).ok).toBe(false);
		expect(checkSourceAudio({ sampleRate: 16_000, channels: [] }).ok).toBe(false);
		expect(checkSourceAudio({ sampleRate: 16_000, channels: Array.from({ length: 9 }, () => second(16_000)) }).ok).toBe(false);
	});

	it('refuses channels of unequal length', () => {
		expect(checkSourceAudio({ sampleRate: 16_000, channels: [second(16_000), second(8000)] }).ok).toBe(false);
	});

	it('refuses audio longer than the limit before touching its samples', () => {
		// 11 minutes at 8 kHz: refused on length alone.
		expect(checkSourceAudio({ sampleRate: 8000, channels: [new Float32Array(8000 * 660)] })).toEqual({ ok: false, reason: 'audio is longer than 600 s' });
	});

	it('refuses samples that are not finite numbers', () => {
		const pcm = second(16_000);
		pcm[500] = Number.NaN;
		expect(checkSourceAudio({ sampleRate: 16_000, channels: [pcm] }).ok).toBe(false);
		pcm[500] = Number.POSITIVE_INFINITY;
		expect(checkModelPcm(pcm).ok).toBe(false);
	});
});

describe('checkModelPcm', () => {
	it('refuses what is not 16 kHz Float32 PCM of a sane length', () => {
		expect(checkModelPcm(new Float64Array(16_000)).ok).toBe(false);
		expect(checkModelPcm([0, 0, 0]).ok).toBe(false);
		expect(checkModelPcm(new Float32Array(MAX_AUDIO_SAMPLES + 1)).ok).toBe(false);
		expect(checkModelPcm(new Float32Array(100)).ok).toBe(false);
		expect(checkModelPcm(new Float32Array(MAX_AUDIO_SAMPLES)).ok).toBe(true);
	});
});

describe('resampling to 16 kHz mono', () => {
	it('averages channels', () => {
		expect(Array.from(downmix([Float32Array.of(1, 0), Float32Array.of(0, 1)]))).toEqual([0.5, 0.5]);
	});

	it('keeps 16 kHz audio as it is', () => {
		const pcm = Float32Array.of(0.1, 0.2);
		expect(resample(pcm, 16_000)).toBe(pcm);
	});

	it('shrinks 48 kHz to a third, keeping a low tone and removing one above the new Nyquist', () => {
		const rate = 48_000;
		const tone = (hz: number) => Float32Array.from({ length: rate }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));
		const rms = (pcm: Float32Array) => Math.sqrt(pcm.reduce((s, x) => s + x * x, 0) / pcm.length);
		const low = resample(tone(300), rate);
		expect(low.length).toBe(16_000);
		expect(rms(low)).toBeGreaterThan(0.65);
		// 15.99 kHz would alias to a loud 10 Hz hum without the low-pass.
		expect(rms(resample(tone(15_990), rate))).toBeLessThan(0.1);
	});

	it('doubles 8 kHz, keeping a tone and its level', () => {
		const rms = (pcm: Float32Array) => Math.sqrt(pcm.reduce((s, x) => s + x * x, 0) / pcm.length);
		const tone = Float32Array.from({ length: 8000 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 8000));
		const up = resample(tone, 8000);
		expect(up.length).toBe(16_000);
		expect(rms(up)).toBeCloseTo(Math.SQRT1_2, 1);
		// Between two source samples the new one follows the sine, not a straight line.
		expect(up[1001]).toBeCloseTo(Math.sin((2 * Math.PI * 440 * 1001) / 16_000), 1);
	});

	it('keeps a constant signal constant, edges included', () => {
		const flat = resample(new Float32Array(22_050).fill(0.25), 22_050);
		expect(Math.min(...flat)).toBeCloseTo(0.25, 4);
		expect(Math.max(...flat)).toBeCloseTo(0.25, 4);
	});

	it('does both for source audio', () => {
		const left = new Float32Array(32_000).fill(1);
		const right = new Float32Array(32_000).fill(0);
		const pcm = toModelPcm({ sampleRate: 32_000, channels: [left, right] });
		expect(pcm.length).toBe(16_000);
		expect(pcm[100]).toBeCloseTo(0.5);
	});
});

describe('joinTranscripts', () => {
	it('joins chunk texts with single spaces and skips silent chunks', () => {
		expect(joinTranscripts([' Hello there. ', '', '  ', 'How are\n you?'])).toBe('Hello there. How are you?');
		expect(joinTranscripts([])).toBe('');
	});
});
