import { checkModelPcm } from './audio-bounds';
import { splitAtQuietPoints } from './audio-chunks';
import { detokenize, type Vocabulary } from './detokenizer';
import { MAX_TOKENS_PER_CHUNK } from './speech-limits';
import { joinTranscripts } from './transcript-join';

/** One model call: ≤ 30 s of 16 kHz mono PCM in, the decoded token ids out. */
export interface SpeechModel {
	tokenIds(pcm: Float32Array): Promise<ArrayLike<number>>;
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
		const ids = await model.tokenIds(pcm.subarray(range.start, range.end));
		if (ids.length > MAX_TOKENS_PER_CHUNK) throw new Error(`model returned ${ids.length} tokens for one chunk`);
		parts.push(detokenize(ids, vocabulary));
		options.onChunk?.({ done: parts.length, total: ranges.length, text: joinTranscripts(parts) });
	}
	return joinTranscripts(parts);
}
