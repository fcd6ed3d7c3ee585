// Silence put before each chunk the model hears. espeak-ng (and a recording started with the
// button already pressed) begins speaking in the first milliseconds; the bench's separate
// sentences lost most words at their start ("The train" → "But rain", "The weather" → "But
// weather"), which looked like an onset the model did not expect. 0.5 s of lead-in fixed those
// and lowered the word errors of every set measured (docs/BENCHMARKS.md, "Speech (session 15)").
import { MAX_CHUNK_SAMPLES, MIN_CHUNK_SECONDS, MODEL_SAMPLE_RATE_HZ } from './speech-limits';

/** Longest lead-in accepted: the rest of the 30 s window must still hold a chunk worth cutting. */
export const MAX_LEAD_IN_SECONDS = 2;

/** Samples of silence for `seconds` of lead-in, checked against the bound. */
export function leadInSamples(seconds: number): number {
	if (!(seconds >= 0 && seconds <= MAX_LEAD_IN_SECONDS)) throw new RangeError(`lead-in of ${seconds} s is outside 0–${MAX_LEAD_IN_SECONDS} s`);
	return Math.round(seconds * MODEL_SAMPLE_RATE_HZ);
}

/** The longest chunk that still fits the model's 30 s once the lead-in is put before it. */
export function chunkSamplesAfterLeadIn(samples: number): number {
	return Math.max(MAX_CHUNK_SAMPLES - samples, MIN_CHUNK_SECONDS * MODEL_SAMPLE_RATE_HZ + 1);
}

/** `chunk` with `samples` zeros before it (a new array; the chunk itself is left as it is). */
export function withLeadIn(chunk: Float32Array, samples: number): Float32Array {
	if (samples === 0) return chunk;
	const out = new Float32Array(samples + chunk.length);
	out.set(chunk, samples);
	return out;
}
