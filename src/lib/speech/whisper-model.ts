// The onnxruntime adapter for the prepared Whisper graph (scripts/prepare-speech.mjs). The
// runtime module is passed in, so the browser worker (onnxruntime-web's WASM build) and Node
// (its Node build) run the very same feeds and read the very same output.
import type * as Ort from 'onnxruntime-web';
import { MAX_TOKENS_PER_CHUNK } from './speech-limits';
import type { SpeechModel } from './transcriber';

type OrtModule = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;

/** The graph's output after the BpeDecoder node is removed: int32 [batch, sequences, length]. */
export const TOKEN_OUTPUT = 'sequences';
/**
 * The chosen sequence's score, float32 [batch, sequences]: its summed log-probability divided by
 * its length (length_penalty 1), i.e. the mean log-probability per token.
 */
export const SCORE_OUTPUT = 'sequences_scores';

export async function loadWhisperModel(ort: OrtModule, modelBytes: Uint8Array): Promise<SpeechModel & { release(): Promise<void> }> {
	const session = await ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
	const int = (value: number) => new ort.Tensor('int32', Int32Array.of(value), [1]);
	const float = (value: number) => new ort.Tensor('float32', Float32Array.of(value), [1]);
	return {
		async decode(pcm, decoding) {
			const result = await session.run({
				audio_pcm: new ort.Tensor('float32', pcm, [1, pcm.length]),
				max_length: int(MAX_TOKENS_PER_CHUNK),
				min_length: int(1),
				num_beams: int(decoding.beams),
				num_return_sequences: int(1),
				// The beams' log-probabilities are divided by their length: no bias to short texts.
				length_penalty: float(1),
				repetition_penalty: float(decoding.repetitionPenalty)
			});
			const ids = result[TOKEN_OUTPUT];
			if (!ids || ids.type !== 'int32') throw new Error('speech model returned no token ids');
			const scores = result[SCORE_OUTPUT];
			if (!scores || scores.type !== 'float32' || scores.data.length < 1) throw new Error('speech model returned no score');
			return { tokenIds: ids.data as Int32Array, avgLogProb: (scores.data as Float32Array)[0]! };
		},
		release: () => session.release()
	};
}
