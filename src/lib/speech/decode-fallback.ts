// Whisper's fallback (its paper, section 4.5, and its `transcribe` defaults): a chunk whose text
// is unlikely (mean log-probability per token below −1) or repetitive (the text's zlib
// compression ratio above 2.4) is decoded again with other settings. Whisper raises the sampling
// temperature; the BeamSearch node we run cannot sample, so our ladder widens the beam and then
// penalises repeats (transcriber.ts). Of the attempts, the most likely one that does not repeat
// is kept. Written from the paper's description; no code copied.

/** Whisper's `logprob_threshold`. */
export const LOGPROB_THRESHOLD = -1;
/** Whisper's `compression_ratio_threshold`. */
export const COMPRESSION_RATIO_THRESHOLD = 2.4;

export interface Attempt {
	text: string;
	/** The sequence's summed token log-probabilities over its length (the model's score). */
	avgLogProb: number;
	/** UTF-8 bytes of the text over its zlib-compressed bytes. */
	compressionRatio: number;
	/** Our loop detector (repetition.ts) found a phrase four or more times in a row. */
	looped: boolean;
}

const repeats = (attempt: Attempt) => attempt.looped || attempt.compressionRatio > COMPRESSION_RATIO_THRESHOLD;

/** Whether the attempt should be decoded again with the next settings of the ladder. */
export function needsFallback(attempt: Attempt): boolean {
	return repeats(attempt) || !(attempt.avgLogProb >= LOGPROB_THRESHOLD);
}

/**
 * The attempt to keep: the first that needs no fallback; else the most likely of those that do
 * not repeat (the earliest on a tie); else, when every attempt repeats, the last one (its loop is
 * then cut by the caller).
 */
export function bestAttempt(attempts: readonly Attempt[]): Attempt {
	const last = attempts.at(-1);
	if (!last) throw new Error('no decoding attempt');
	const passing = attempts.find((attempt) => !needsFallback(attempt));
	if (passing) return passing;
	let best: Attempt | undefined;
	for (const attempt of attempts) {
		if (repeats(attempt)) continue;
		if (!best || attempt.avgLogProb > best.avgLogProb) best = attempt;
	}
	return best ?? last;
}

/** Whisper's compression ratio: UTF-8 length over zlib (deflate) length; 0 for empty text. */
export async function compressionRatio(text: string): Promise<number> {
	const bytes = new TextEncoder().encode(text);
	if (bytes.length === 0) return 0;
	const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
	const compressed = await new Response(stream).arrayBuffer();
	return bytes.length / compressed.byteLength;
}
