import { MODEL_SAMPLE_RATE_HZ } from './speech-limits';
import type { SourceAudio } from './audio-bounds';

/** Averages the channels into one. */
export function downmix(channels: readonly Float32Array[]): Float32Array {
	const first = channels[0];
	if (!first) return new Float32Array(0);
	if (channels.length === 1) return first;
	const mono = new Float32Array(first.length);
	for (const channel of channels) {
		for (let i = 0; i < mono.length; i++) mono[i]! += channel[i]! / channels.length;
	}
	return mono;
}

/**
 * Resamples by averaging the source samples that fall in each output sample's span (a box
 * low-pass, enough against aliasing for speech) when shrinking, and by linear interpolation
 * when stretching. Check the audio first (audio-bounds.ts): this trusts its input.
 */
export function resample(pcm: Float32Array, fromRateHz: number, toRateHz = MODEL_SAMPLE_RATE_HZ): Float32Array {
	if (fromRateHz === toRateHz) return pcm;
	const ratio = fromRateHz / toRateHz;
	const out = new Float32Array(Math.floor(pcm.length / ratio));
	if (ratio > 1) {
		for (let i = 0; i < out.length; i++) {
			const start = Math.floor(i * ratio);
			const end = Math.min(pcm.length, Math.max(start + 1, Math.floor((i + 1) * ratio)));
			let sum = 0;
			for (let j = start; j < end; j++) sum += pcm[j]!;
			out[i] = sum / (end - start);
		}
		return out;
	}
	for (let i = 0; i < out.length; i++) {
		const position = i * ratio;
		const left = Math.floor(position);
		const right = Math.min(pcm.length - 1, left + 1);
		const weight = position - left;
		out[i] = pcm[left]! * (1 - weight) + pcm[right]! * weight;
	}
	return out;
}

/** Any checked source audio → what the model takes (16 kHz mono). */
export function toModelPcm(audio: SourceAudio): Float32Array {
	return resample(downmix(audio.channels), audio.sampleRate);
}
