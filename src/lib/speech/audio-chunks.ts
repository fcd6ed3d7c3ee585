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
 * Where to end a chunk that starts at `start`: the middle of the quietest 300 ms between
 * MIN_CHUNK_SECONDS and 30 s in (the latest one on a tie, for fewer model calls).
 */
function quietestCut(pcm: Float32Array, start: number): number {
	const from = start + MIN_CHUNK_SECONDS * MODEL_SAMPLE_RATE_HZ;
	const to = start + MAX_CHUNK_SAMPLES;
	const energies = frameEnergies(pcm, from, to);
	let best = to;
	let bestEnergy = Number.POSITIVE_INFINITY;
	let windowSum = 0;
	for (let f = 0; f < energies.length; f++) {
		windowSum += energies[f]!;
		if (f >= QUIET_WINDOW_FRAMES) windowSum -= energies[f - QUIET_WINDOW_FRAMES]!;
		if (f < QUIET_WINDOW_FRAMES - 1) continue;
		if (windowSum <= bestEnergy) {
			bestEnergy = windowSum;
			const middleFrame = f - Math.floor(QUIET_WINDOW_FRAMES / 2);
			best = from + middleFrame * FRAME_SAMPLES + FRAME_SAMPLES / 2;
		}
	}
	return Math.min(best, to);
}

/**
 * Splits 16 kHz PCM into model calls: one range if it fits in 30 s, otherwise cuts at quiet
 * points so each range is at most 30 s and, except the last, at least MIN_CHUNK_SECONDS.
 * The ranges cover the audio exactly, in order.
 */
export function splitAtQuietPoints(pcm: Float32Array): ChunkRange[] {
	const ranges: ChunkRange[] = [];
	let start = 0;
	while (pcm.length - start > MAX_CHUNK_SAMPLES) {
		const end = quietestCut(pcm, start);
		ranges.push({ start, end });
		start = end;
	}
	if (pcm.length > start || ranges.length === 0) ranges.push({ start, end: pcm.length });
	return ranges;
}
