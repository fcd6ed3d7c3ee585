// Node side of the speech engine: the same prepared model, adapter and decoding code as the
// browser worker (src/lib/speech/), with onnxruntime-web's Node build instead of its WASM one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import wavefile from 'wavefile';
import { checkSourceAudio, type SourceAudio } from '../../src/lib/speech/audio-bounds';
import { parseVocabulary } from '../../src/lib/speech/detokenizer';
import { toModelPcm } from '../../src/lib/speech/resample';
import { SpeechInputError, transcribe, type TranscribeOptions } from '../../src/lib/speech/transcriber';
import { loadWhisperModel } from '../../src/lib/speech/whisper-model';
import { SPEECH_OUT_DIR, prepareSpeech } from '../prepare-speech.mjs';

interface ManifestFile {
	name: string;
	bytes: number;
	sha256: string;
}

/** A WAV file's samples, one Float32Array (−1…1) per channel. */
export function readWav(bytes: Uint8Array): SourceAudio {
	const wav = new wavefile.WaveFile(bytes);
	const { sampleRate, numChannels } = wav.fmt as { sampleRate: number; numChannels: number };
	wav.toBitDepth('32f');
	const samples = wav.getSamples(false, Float32Array) as unknown as Float32Array | Float32Array[];
	const channels = numChannels === 1 ? [samples as Float32Array] : (samples as Float32Array[]);
	return { sampleRate, channels };
}

export interface NodeTranscriber {
	/** Checked, resampled and transcribed. */
	transcribeAudio(audio: SourceAudio, options?: TranscribeOptions): Promise<string>;
	/** Milliseconds from reading the model file to a ready session. */
	loadMs: number;
	release(): Promise<void>;
}

export async function loadNodeTranscriber(): Promise<NodeTranscriber> {
	const manifest = prepareSpeech({ log: () => undefined }) as { model: ManifestFile; vocabulary: ManifestFile };
	const dir = SPEECH_OUT_DIR;
	// One thread: the machine is shared, and the browser worker runs single-threaded too
	// (no cross-origin isolation, so no SharedArrayBuffer).
	ort.env.wasm.numThreads = 1;
	const vocabulary = parseVocabulary(JSON.parse(readFileSync(join(dir, manifest.vocabulary.name), 'utf8')));
	const started = performance.now();
	const model = await loadWhisperModel(ort, readFileSync(join(dir, manifest.model.name)));
	const loadMs = performance.now() - started;
	return {
		loadMs,
		transcribeAudio(audio, options) {
			const check = checkSourceAudio(audio);
			if (!check.ok) return Promise.reject(new SpeechInputError(check.reason));
			return transcribe(toModelPcm(audio), model, vocabulary, options);
		},
		release: () => model.release()
	};
}
