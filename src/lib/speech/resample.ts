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

/** Zero crossings of the sinc kernel on each side: enough for speech, cheap enough for 10 min. */
const KERNEL_ZERO_CROSSINGS = 8;
/** The kernel is tabulated at this many fractional positions between two source samples. */
const KERNEL_PHASES = 512;
/** Cut a little below the new Nyquist frequency, so the filter's slope does not alias. */
const CUTOFF_MARGIN = 0.9;

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));

/**
 * A Hann-windowed sinc low-pass, tabulated per phase: row p holds the weights of the source
 * samples around a position p / KERNEL_PHASES past a sample, each row summing to 1.
 */
function kernelTable(cutoff: number): { halfWidth: number; rows: Float32Array[] } {
	const halfWidth = Math.ceil(KERNEL_ZERO_CROSSINGS / cutoff);
	const rows: Float32Array[] = [];
	for (let p = 0; p < KERNEL_PHASES; p++) {
		const frac = p / KERNEL_PHASES;
		const row = new Float32Array(2 * halfWidth + 1);
		let sum = 0;
		for (let k = -halfWidth; k <= halfWidth; k++) {
			const x = k - frac;
			const window = Math.abs(x) >= halfWidth ? 0 : 0.5 * (1 + Math.cos((Math.PI * x) / halfWidth));
			const weight = cutoff * sinc(cutoff * x) * window;
			row[k + halfWidth] = weight;
			sum += weight;
		}
		for (let k = 0; k < row.length; k++) row[k]! /= sum;
		rows.push(row);
	}
	return { halfWidth, rows };
}

/**
 * Band-limited resampling (windowed sinc, polyphase table): a plain average or linear
 * interpolation smears consonants enough to change words ("send me" → "and leave" at
 * 22.05 kHz). Check the audio first (audio-bounds.ts): this trusts its input.
 */
export function resample(pcm: Float32Array, fromRateHz: number, toRateHz = MODEL_SAMPLE_RATE_HZ): Float32Array {
	if (fromRateHz === toRateHz) return pcm;
	const ratio = fromRateHz / toRateHz;
	const { halfWidth, rows } = kernelTable(Math.min(1, 1 / ratio) * CUTOFF_MARGIN);
	const out = new Float32Array(Math.floor(pcm.length / ratio));
	const last = pcm.length - 1;
	for (let i = 0; i < out.length; i++) {
		const position = i * ratio;
		const base = Math.floor(position);
		const row = rows[Math.min(KERNEL_PHASES - 1, Math.round((position - base) * KERNEL_PHASES))]!;
		let sum = 0;
		for (let k = -halfWidth; k <= halfWidth; k++) {
			// Past either end the edge sample is held, so the ends keep their level.
			const j = Math.min(last, Math.max(0, base + k));
			sum += pcm[j]! * row[k + halfWidth]!;
		}
		out[i] = sum;
	}
	return out;
}

/** Any checked source audio → what the model takes (16 kHz mono). */
export function toModelPcm(audio: SourceAudio): Float32Array {
	return resample(downmix(audio.channels), audio.sampleRate);
}
