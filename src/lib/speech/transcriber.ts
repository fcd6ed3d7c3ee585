import { checkModelPcm } from './audio-bounds';
import { splitAtQuietPoints } from './audio-chunks';
import { detokenize, type Vocabulary } from './detokenizer';
import { bestAttempt, compressionRatio, needsFallback, type Attempt } from './decode-fallback';
import { chunkSamplesAfterLeadIn, leadInSamples, withLeadIn } from './lead-in';
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
 * Beam search with 8 beams, tokens already emitted made less likely (repetition_penalty 1.5):
 * against 4 beams without the penalty, 13.3 % word errors on the bench's sentences instead of
 * 14.3 % and 8.2 % on its 48 s message instead of 11.2 %; on a held-out set 11.6 % instead of
 * 12.9 % and the same 3.5 %; for 1.2–1.35× the compute (docs/BENCHMARKS.md, "Speech
 * (session 14)"). Scores are then those of the penalised search.
 */
export const DECODING: Decoding = { beams: 8, repetitionPenalty: 1.5 };
/**
 * Whisper's fallback without sampling (decode-fallback.ts): a chunk that is unlikely or repeats
 * is decoded again with these, in order, until one passes: without the penalty (speech that
 * does repeat words), then session 13's 4 beams.
 */
export const FALLBACK_DECODINGS: readonly Decoding[] = [
	{ beams: 8, repetitionPenalty: 1 },
	{ beams: 4, repetitionPenalty: 1 }
];

/** What one model call gives: the chosen sequence's token ids and its score. */
export interface Decoded {
	tokenIds: ArrayLike<number>;
	/** Mean log-probability per token of that sequence. */
	avgLogProb: number;
}

/** One model call: ≤ 30 s of 16 kHz mono PCM in, the decoded sequence out. */
export interface SpeechModel {
	decode(pcm: Float32Array, decoding: Decoding): Promise<Decoded>;
}

/**
 * Seconds of silence put before every chunk (lead-in.ts). 0.5 s took word errors down on every
 * set measured, Node, against none: the bench's 12 sentences 13 → 10, its 48 s message 8 → 7, a
 * held-out set 16 → 14 and 4 → 3, session 15's 60 voice-message sentences 84 → 75 (0.2 s and
 * 1 s each helped some sets and left others as they were; docs/BENCHMARKS.md, "Speech (session
 * 15)"). The model's window is 30 s either way, so it costs no compute.
 */
export const LEAD_IN_SECONDS = 0.5;

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
	/** Overrides LEAD_IN_SECONDS, for measuring (bench/). */
	leadInSeconds?: number;
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
	const leadIn = leadInSamples(options.leadInSeconds ?? LEAD_IN_SECONDS);
	const ranges = splitAtQuietPoints(pcm, chunkSamplesAfterLeadIn(leadIn));
	const parts: string[] = [];
	for (const range of ranges) {
		options.signal?.throwIfAborted();
		parts.push(await chunkText(withLeadIn(pcm.subarray(range.start, range.end), leadIn), model, vocabulary));
		options.onChunk?.({ done: parts.length, total: ranges.length, text: joinTranscripts(parts) });
	}
	return joinTranscripts(parts);
}

async function attempt(chunk: Float32Array, model: SpeechModel, vocabulary: Vocabulary, decoding: Decoding): Promise<Attempt> {
	const { tokenIds, avgLogProb } = await model.decode(chunk, decoding);
	if (tokenIds.length > MAX_TOKENS_PER_CHUNK) throw new Error(`model returned ${tokenIds.length} tokens for one chunk`);
	const text = detokenize(tokenIds, vocabulary);
	return { text, avgLogProb, compressionRatio: await compressionRatio(text), looped: collapseLoops(text).looped };
}

/** One chunk's text: decoded down the fallback ladder until it passes, and any loop left cut to one copy. */
async function chunkText(chunk: Float32Array, model: SpeechModel, vocabulary: Vocabulary): Promise<string> {
	const attempts = [await attempt(chunk, model, vocabulary, DECODING)];
	for (const decoding of FALLBACK_DECODINGS) {
		if (!needsFallback(attempts.at(-1)!)) break;
		attempts.push(await attempt(chunk, model, vocabulary, decoding));
	}
	return collapseLoops(bestAttempt(attempts).text).text;
}
