import { checkModelPcm } from './audio-bounds';
import { splitAtQuietPoints } from './audio-chunks';
import { detokenize, type Vocabulary } from './detokenizer';
import { collapseLoops } from './repetition';
import { MAX_TOKENS_PER_CHUNK } from './speech-limits';
import { joinTranscripts } from './transcript-join';

/** How the model's decoder searches (the graph's BeamSearch inputs). */
export interface Decoding {
	/** 1 is greedy. Scores are length-normalised log-probabilities (length_penalty 1). */
	beams: number;
	/** 1 leaves the scores alone; above 1 makes tokens already emitted less likely. */
	repetitionPenalty: number;
}

/**
 * Beam search with 4 beams: against greedy decoding, 13.6 % word errors on the bench's sentences
 * instead of 17.7 % and 4.0 % on longer messages instead of 6.2 % (means of paired runs), for
 * 1.24–1.32× the compute (docs/BENCHMARKS.md, "Speech (session 13)").
 */
export const DECODING: Decoding = { beams: 4, repetitionPenalty: 1 };
/** A chunk whose text loops is decoded once more with repeats penalised (repetition.ts). */
export const LOOP_FALLBACK: Decoding = { beams: 4, repetitionPenalty: 1.5 };

/** One model call: ≤ 30 s of 16 kHz mono PCM in, the decoded token ids out. */
export interface SpeechModel {
	tokenIds(pcm: Float32Array, decoding: Decoding): Promise<ArrayLike<number>>;
}

export interface ChunkDone {
	/** Chunks finished so far, and how many there are. */
	done: number;
	total: number;
	/** The transcript of every chunk finished so far. */
	text: string;
}

export interface TranscribeOptions {
	onChunk?: (progress: ChunkDone) => void;
	/** Checked between chunks: a cancelled job stops after the chunk in progress. */
	signal?: AbortSignal;
}

export class SpeechInputError extends Error {
	override name = 'SpeechInputError';
}

/**
 * Audio → text, the same in the browser worker and in Node: bounds check, split at quiet points,
 * one model call per chunk, detokenize, join.
 */
export async function transcribe(pcm: Float32Array, model: SpeechModel, vocabulary: Vocabulary, options: TranscribeOptions = {}): Promise<string> {
	const check = checkModelPcm(pcm);
	if (!check.ok) throw new SpeechInputError(check.reason);
	const ranges = splitAtQuietPoints(pcm);
	const parts: string[] = [];
	for (const range of ranges) {
		options.signal?.throwIfAborted();
		parts.push(await chunkText(pcm.subarray(range.start, range.end), model, vocabulary));
		options.onChunk?.({ done: parts.length, total: ranges.length, text: joinTranscripts(parts) });
	}
	return joinTranscripts(parts);
}

async function decode(chunk: Float32Array, model: SpeechModel, vocabulary: Vocabulary, decoding: Decoding): Promise<string> {
	const ids = await model.tokenIds(chunk, decoding);
	if (ids.length > MAX_TOKENS_PER_CHUNK) throw new Error(`model returned ${ids.length} tokens for one chunk`);
	return detokenize(ids, vocabulary);
}

/** One chunk's text: decoded again if it loops, and any loop left cut to one copy. */
async function chunkText(chunk: Float32Array, model: SpeechModel, vocabulary: Vocabulary): Promise<string> {
	const first = collapseLoops(await decode(chunk, model, vocabulary, DECODING));
	if (!first.looped) return first.text;
	return collapseLoops(await decode(chunk, model, vocabulary, LOOP_FALLBACK)).text;
}
