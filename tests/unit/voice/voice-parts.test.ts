import { describe, expect, it } from 'vitest';
import { previewText } from '../../../src/lib/db/conversation-activity';
import { sniffAudio, voiceAudioType } from '../../../src/lib/files/file-types';
import { DEFAULT_VOICE_MAX_MS, MAX_VOICE_MS, PEAK_LEVELS } from '../../../src/lib/files/voice-limits';
import { clockTime, spokenTime, waveformPeaks } from '../../../src/lib/files/voice-peaks';
import { microphoneProblem, recordingType, voiceFileName, voiceLimitMs } from '../../../src/lib/files/voice-recording';

const webm = Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 1, 0, 0, 0, 0, 0, 0, 0]);
const ogg = new TextEncoder().encode('OggS\0\x02\0\0\0\0\0\0\0\0\0\0');
const mp4 = new TextEncoder().encode('\0\0\0\x20ftypM4A \0\0\0\0');

describe('waveform peaks', () => {
	it('gives each span its loudest sample, the loudest span at full height', () => {
		const samples = new Float32Array([0.1, -0.5, 0.2, 0.25, 0, 0, -0.05, 0.05]);
		expect([...waveformPeaks(samples, 4)]).toEqual([PEAK_LEVELS, Math.round(0.25 / 0.5 * PEAK_LEVELS), 0, Math.round(0.05 / 0.5 * PEAK_LEVELS)]);
	});

	it('keeps silence flat and an empty recording all zero, at the asked count', () => {
		expect([...waveformPeaks(new Float32Array(1000), 8)]).toEqual(new Array(8).fill(0));
		expect(waveformPeaks(new Float32Array(0), 64)).toHaveLength(64);
		expect([...waveformPeaks(new Float32Array(0), 8)]).toEqual(new Array(8).fill(0));
	});

	it('has as many bars as asked when there are fewer samples than bars', () => {
		const peaks = waveformPeaks(new Float32Array([0.5, 1]), 8);
		expect(peaks).toHaveLength(8);
		expect(Math.max(...peaks)).toBe(PEAK_LEVELS);
	});

	it('clips samples beyond full scale and treats NaN as silence', () => {
		expect([...waveformPeaks(new Float32Array([4, 0.5]), 2)]).toEqual([PEAK_LEVELS, Math.round(0.5 * PEAK_LEVELS)]);
		expect([...waveformPeaks(new Float32Array([Number.NaN, 1]), 2)]).toEqual([0, PEAK_LEVELS]);
	});

	it('refuses a bar count below one', () => {
		expect(() => waveformPeaks(new Float32Array(4), 0)).toThrow(RangeError);
		expect(() => waveformPeaks(new Float32Array(4), 2.5)).toThrow(RangeError);
	});

	it('covers every sample of a long recording once', () => {
		const samples = new Float32Array(10_007);
		samples[10_006] = 1;
		samples[0] = 0.5;
		const peaks = waveformPeaks(samples, 64);
		expect(peaks[63]).toBe(PEAK_LEVELS);
		expect(peaks[0]).toBe(Math.round(0.5 * PEAK_LEVELS));
	});
});

describe('times', () => {
	it('shows a clock', () => {
		expect(clockTime(0)).toBe('0:00');
		expect(clockTime(7_900)).toBe('0:07');
		expect(clockTime(299_000)).toBe('4:59');
		expect(clockTime(3_723_000)).toBe('1:02:03');
		expect(clockTime(Number.NaN)).toBe('0:00');
		expect(clockTime(-5)).toBe('0:00');
	});

	it('says it in words', () => {
		expect(spokenTime(0)).toBe('0 seconds');
		expect(spokenTime(1_000)).toBe('1 second');
		expect(spokenTime(65_000)).toBe('1 minute 5 seconds');
		expect(spokenTime(120_000)).toBe('2 minutes');
	});
});

describe('recording', () => {
	it('asks for Opus in WebM, then Ogg, then MP4, else the browser default', () => {
		expect(recordingType(() => true)).toBe('audio/webm;codecs=opus');
		expect(recordingType((type) => type.startsWith('audio/ogg'))).toBe('audio/ogg;codecs=opus');
		expect(recordingType((type) => type === 'audio/mp4')).toBe('audio/mp4');
		expect(recordingType(() => false)).toBe('');
	});

	it('names the file by its container', () => {
		const time = Date.UTC(2026, 10, 30, 18, 5, 9);
		expect(voiceFileName(time, 'audio/webm;codecs=opus')).toBe('voice-2026-11-30-18-05-09.webm');
		expect(voiceFileName(time, 'audio/ogg; codecs=opus')).toBe('voice-2026-11-30-18-05-09.ogg');
		expect(voiceFileName(time, 'audio/mp4')).toBe('voice-2026-11-30-18-05-09.m4a');
	});

	it('takes a recording limit only in whole ms from 1 s to the longest, else 5 minutes', () => {
		expect(DEFAULT_VOICE_MAX_MS).toBe(5 * 60 * 1000);
		expect(voiceLimitMs(60_000)).toBe(60_000);
		expect(voiceLimitMs(MAX_VOICE_MS)).toBe(MAX_VOICE_MS);
		for (const bad of [undefined, '60000', 999, MAX_VOICE_MS + 1, 1.5e3 + 0.5, Number.NaN]) expect(voiceLimitMs(bad)).toBe(DEFAULT_VOICE_MAX_MS);
	});

	it('says why the microphone cannot be used', () => {
		expect(microphoneProblem('NotAllowedError')).toMatch(/refused/);
		expect(microphoneProblem('NotFoundError')).toMatch(/No microphone/);
		expect(microphoneProblem('NotReadableError')).toMatch(/in use/);
		expect(microphoneProblem('NotSupportedError')).toMatch(/cannot record/);
		expect(microphoneProblem('Whatever')).toMatch(/could not start/);
	});
});

describe('voice audio types', () => {
	it('recognises the containers a recording comes in', () => {
		expect(sniffAudio(webm)).toBe('audio/webm');
		expect(sniffAudio(ogg)).toBe('audio/ogg');
		expect(sniffAudio(mp4)).toBe('audio/mp4');
		expect(sniffAudio(new TextEncoder().encode('<svg onload=x>'))).toBeNull();
		expect(sniffAudio(new Uint8Array(0))).toBeNull();
	});

	it('plays bytes as audio only when they are the container the sender declared', () => {
		expect(voiceAudioType('audio/webm;codecs=opus', webm)).toBe('audio/webm');
		expect(voiceAudioType('AUDIO/OGG', ogg)).toBe('audio/ogg');
		expect(voiceAudioType('audio/mp4', mp4)).toBe('audio/mp4');
		expect(voiceAudioType('audio/ogg', webm)).toBeNull();
		expect(voiceAudioType('text/html', webm)).toBeNull();
		expect(voiceAudioType('audio/webm', new TextEncoder().encode('<html><script>'))).toBeNull();
	});
});

describe('the conversation preview of a voice message', () => {
	it('says "Voice message" and its length, from the stored row or the message body', () => {
		expect(previewText('', { name: 'voice-1.webm', voice: { durationMs: 8_400 } })).toBe('Voice message (0:08)');
		expect(previewText('', { name: 'voice-1.webm', dur: 65_000 })).toBe('Voice message (1:05)');
		expect(previewText('', { name: 'notes.txt' })).toBe('File: notes.txt');
		expect(previewText('a caption', { name: 'voice-1.webm', dur: 1_000 })).toBe('a caption');
	});
});
