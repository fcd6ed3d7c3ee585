import { MAX_CHUNK_SAMPLES, MIN_CHUNK_SECONDS, MODEL_SAMPLE_RATE_HZ } from './speech-limits';

/** Samples [start, end) of the 16 kHz PCM that go into one model call. */
export interface ChunkRange {
	start: number;
	end: number;
}

/** Energy is measured over 20 ms frames… */
const FRAME_SAMPLES = MODEL_SAMPLE_RATE_HZ / 50;
/** …and averaged over 300 ms, so a cut lands in a pause, not in a stop consonant's gap. */
const QUIET_WINDOW_FRAMES = 15;

function frameEnergies(pcm: Float32Array, start: number, end: number): Float64Array {
	const energies = new Float64Array(Math.ceil((end - start) / FRAME_SAMPLES));
	for (let f = 0; f < energies.length; f++) {
		const from = start + f * FRAME_SAMPLES;
		const to = Math.min(end, from + FRAME_SAMPLES);
		let sum = 0;
		for (let i = from; i < to; i++) sum += pcm[i]! * pcm[i]!;
		energies[f] = sum / (to - from);
	}
	return energies;
}

/**
 * A window this close to the quietest one counts as a pause as quiet as it: room noise varies by
 * a few dB from one 300 ms to the next, so "the quietest" alone picks among equal pauses by chance.
 */
const PAUSE_ENERGY_RATIO = 4;
/** Mean square of a 20 ms frame at −60 dBFS: anything below is silence, whatever the quietest. */
const SILENT_FRAME_ENERGY = 1e-6;

/**
 * Where to end a chunk that starts at `start`: the middle of the latest 300 ms between
 * MIN_CHUNK_SECONDS and 30 s in that is about as quiet as the quietest there (within
 * PAUSE_ENERGY_RATIO, or silent). Among pauses, the latest leaves the fewest, longest chunks:
 * fewer model calls, and more of the speech heard with its context.
 */
function quietestCut(pcm: Float32Array, start: number, maxChunkSamples: number): number {
	const from = start + MIN_CHUNK_SECONDS * MODEL_SAMPLE_RATE_HZ;
	const to = start + maxChunkSamples;
	const energies = frameEnergies(pcm, from, to);
	const windows = new Float64Array(Math.max(0, energies.length - QUIET_WINDOW_FRAMES + 1));
	let windowSum = 0;
	let quietest = Number.POSITIVE_INFINITY;
	for (let f = 0; f < energies.length; f++) {
		windowSum += energies[f]!;
		if (f >= QUIET_WINDOW_FRAMES) windowSum -= energies[f - QUIET_WINDOW_FRAMES]!;
		if (f < QUIET_WINDOW_FRAMES - 1) continue;
		windows[f - QUIET_WINDOW_FRAMES + 1] = windowSum;
		quietest = Math.min(quietest, windowSum);
	}
	const pause = Math.max(quietest * PAUSE_ENERGY_RATIO, SILENT_FRAME_ENERGY * QUIET_WINDOW_FRAMES);
	for (let w = windows.length - 1; w >= 0; w--) {
		if (windows[w]! > pause) continue;
		const middleFrame = w + Math.floor(QUIET_WINDOW_FRAMES / 2);
		return Math.min(from + middleFrame * FRAME_SAMPLES + FRAME_SAMPLES / 2, to);
	}
	return to;
}

/**
 * Splits 16 kHz PCM into model calls: one range if it fits in `maxChunkSamples` (30 s, less
 * whatever the caller puts before each chunk), otherwise cuts at quiet points so each range is
 * at most that and, except the last, at least MIN_CHUNK_SECONDS. The ranges cover the audio
 * exactly, in order.
 */
export function splitAtQuietPoints(pcm: Float32Array, maxChunkSamples = MAX_CHUNK_SAMPLES): ChunkRange[] {
	if (!(maxChunkSamples > MIN_CHUNK_SECONDS * MODEL_SAMPLE_RATE_HZ && maxChunkSamples <= MAX_CHUNK_SAMPLES)) throw new RangeError(`chunk length ${maxChunkSamples} samples is outside ${MIN_CHUNK_SECONDS}–30 s`);
	const ranges: ChunkRange[] = [];
	let start = 0;
	while (pcm.length - start > maxChunkSamples) {
		const end = quietestCut(pcm, start, maxChunkSamples);
		ranges.push({ start, end });
		start = end;
	}
	if (pcm.length > start || ranges.length === 0) ranges.push({ start, end: pcm.length });
	return ranges;
}
