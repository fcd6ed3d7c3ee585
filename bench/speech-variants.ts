// Speech A/B (issue 13, session 16): several front-end and decoding variants over the same
// espeak-ng clips in ONE process, Node, the app's own `transcribe`. Word error rates are
// deterministic for fixed audio, so one run per variant is a measurement, not a sample.
//
//   npx tsx bench/speech-variants.ts [variant ...] [--sets=bench,heldout,voice] [--voice=V] [--wpm=N] [--out=FILE.json]
//
// Sets: `bench` — the bench's 12 sentences and all of them as one message; `heldout` — the 12
// sentences of the e2e voice and transcript specs and their 9 long ones as one message (copied
// below as the specs have them); `voice` — session 15's 60 voice-message sentences.
// The prepared graph is edited here, in memory only, so that the search node's optional inputs
// can be fed; nothing of it ships (docs/BENCHMARKS.md, "Speech (session 16)": no variant held).
// Each row's `joinedErrors` scores the same words with Whisper's digit-run rule (reported apart).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { SPEECH_OUT_DIR, prepareSpeech } from '../scripts/prepare-speech.mjs';
import { readWav } from '../scripts/speech/node-speech';
import { parseVocabulary, type Vocabulary } from '../src/lib/speech/detokenizer';
import { toModelPcm } from '../src/lib/speech/resample';
import { DECODING, transcribe, type Decoding, type SpeechModel } from '../src/lib/speech/transcriber';
import { MAX_TOKENS_PER_CHUNK } from '../src/lib/speech/speech-limits';
import { DEFAULT_VOICE, SpeechDir } from '../tests/speech/espeak';
import { SPEECH_SENTENCES } from '../tests/speech/sentences';
import { VOICE_MESSAGE_SENTENCES } from '../tests/speech/voice-message-sentences';
import { canonicalWords, wordErrors } from './speech-wer';

const JOINED = { joinDigitRuns: true };

/** tests/e2e/transcripts.spec.ts (SHORT, LONG) and voice.spec.ts, word for word. */
const HELD_OUT_LONG = [
	'This is the first part of a long voice message about the garden.',
	'We planted tomatoes, beans and sunflowers at the end of the spring.',
	'The weather was kind to us and the rain came at the right time.',
	'Our neighbours helped us build a fence around the vegetable beds.',
	'Next year we would like to grow potatoes and perhaps some strawberries.',
	'The children water the plants every morning before they go to school.',
	'Last week a family of hedgehogs moved into the compost heap by the shed.',
	'We share the harvest with our friends who live on the other side of town.',
	'In the evening I like to ride my bicycle along the river.'
];
const HELD_OUT = ["Please bring the blue umbrella to the station at five o'clock.", ...HELD_OUT_LONG, 'The harbour opens at nine.', 'Bring five ropes and the blue lantern.'];

const SOT = 50257;
const NO_TIMESTAMPS = 50362;
const EOT = 50256;
/** Whisper's <|0.00|>; each next id is 20 ms later. */
const FIRST_TIMESTAMP = 50363;
/** Whisper tiny.en's output size: 50257 text tokens and EOT, then control and timestamp tokens. */
const VOCAB_SIZE = 51864;

interface Variant {
	/** Decoder prompt; the graph's own start is [SOT]. */
	prompt?: number[];
	/** Never emitted (Whisper's suppress_tokens). */
	suppress?: 'whisper';
	/** Not emitted as the first text token (Whisper's suppress_blank). */
	suppressBlank?: boolean;
	/**
	 * Whisper's default mode: the first token after SOT is a timestamp of at most 1 s (its
	 * max_initial_timestamp), and onnxruntime's Whisper timestamp rules run on every step.
	 */
	timestamps?: boolean;
	decoding?: Decoding;
	/** Applied to every chunk before the model (after the lead-in). */
	front?: (pcm: Float32Array) => Float32Array;
}

/** Bytes → the byte-level BPE's characters (the inverse of the vocabulary's byte decoder). */
function tokenText(vocabulary: Vocabulary, text: string): string {
	const charOf = new Map([...vocabulary.bytesOf].map(([char, byte]) => [byte, char]));
	return [...new TextEncoder().encode(text)].map((byte) => charOf.get(byte)!).join('');
}

/**
 * Whisper's non-speech suppress list (its tokenizer's `non_speech_tokens`, as described there):
 * symbols that are one token alone or after a space, a hyphen or quote at a word's start, and the
 * first token of the musical symbols.
 */
function whisperSuppressIds(vocabulary: Vocabulary): number[] {
	const idOf = new Map(vocabulary.tokens.map((token, id) => [token, id]));
	const symbols = [...'"#()*+/:;<=>@[\\]^_`{|}~「」『』', ...'<< >> <<< >>> -- --- -( -[ (\' (" (( )) ((( ))) [[ ]] {{ }} ♪♪ ♪♪♪'.split(' ')];
	const ids = new Set<number>();
	for (const text of [' -', " '"]) {
		const id = idOf.get(tokenText(vocabulary, text));
		if (id !== undefined) ids.add(id);
	}
	for (const symbol of symbols) {
		for (const text of [symbol, ` ${symbol}`]) {
			const id = idOf.get(tokenText(vocabulary, text));
			if (id !== undefined) ids.add(id);
		}
	}
	for (const symbol of '♩♪♫♬♭♮♯') {
		for (const text of [symbol, ` ${symbol}`]) {
			const chars = tokenText(vocabulary, text);
			for (let end = chars.length; end > 0; end--) {
				const id = idOf.get(chars.slice(0, end));
				if (id !== undefined) {
					ids.add(id);
					break;
				}
			}
		}
	}
	// The control tokens Whisper never lets the text contain: SOT and its kin (50257–50361).
	for (let id = SOT; id < NO_TIMESTAMPS; id++) ids.add(id);
	return [...ids].sort((a, b) => a - b);
}

/**
 * The prepared graph with the search node's inputs 7, 8, 10 and 11 (vocab_mask,
 * prefix_vocab_mask, decoder_input_ids, logits_processor) as graph inputs, the node made a
 * WhisperBeamSearch (the same subgraphs; its timestamp rules need the ids as attributes).
 */
function withSearchInputs(bytes: Uint8Array): Uint8Array {
	const { onnx } = createRequire(import.meta.url)('onnx-proto') as typeof import('onnx-proto');
	const model = onnx.ModelProto.decode(bytes);
	const graph = model.graph!;
	const search = graph.node!.find((n) => n.opType === 'BeamSearch')!;
	const inputs = [...search.input!];
	while (inputs.length < 12) inputs.push('');
	inputs[7] = 'vocab_mask';
	inputs[8] = 'prefix_vocab_mask';
	inputs[10] = 'decoder_input_ids';
	inputs[11] = 'logits_processor';
	search.input = inputs;
	// The ids onnxruntime's Whisper timestamp rules need (tiny.en's special tokens).
	const ids = { beginning_timestamp_token_id: FIRST_TIMESTAMP, no_timestamps_token_id: NO_TIMESTAMPS, translate_token_id: 50357, transcribe_token_id: 50358, start_of_lm_token_id: 50359, no_speech_token_id: 50361 };
	search.opType = 'WhisperBeamSearch';
	for (const [name, value] of Object.entries(ids)) search.attribute!.push(onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value }));
	const int32 = (name: string, dim: (string | number)[]) =>
		onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.INT32, shape: { dim: dim.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } } });
	graph.input!.push(int32('vocab_mask', [VOCAB_SIZE]), int32('prefix_vocab_mask', [1, VOCAB_SIZE]), int32('decoder_input_ids', [1, 'prompt']), int32('logits_processor', [1]));
	return onnx.ModelProto.encode(model).finish();
}

/** Only the timestamps 0.00–1.00 s may come first (Whisper's max_initial_timestamp). */
function initialTimestampMask(): Int32Array {
	const out = new Int32Array(VOCAB_SIZE);
	for (let id = FIRST_TIMESTAMP; id <= FIRST_TIMESTAMP + 50; id++) out[id] = 1;
	return out;
}

function mask(suppressed: readonly number[]): Int32Array {
	const out = new Int32Array(VOCAB_SIZE).fill(1);
	for (const id of suppressed) out[id] = 0;
	return out;
}

async function load() {
	const manifest = prepareSpeech({ log: () => undefined }) as { model: { name: string }; vocabulary: { name: string } };
	ort.env.wasm.numThreads = 1;
	const vocabulary = parseVocabulary(JSON.parse(readFileSync(join(SPEECH_OUT_DIR, manifest.vocabulary.name), 'utf8')));
	const session = await ort.InferenceSession.create(withSearchInputs(readFileSync(join(SPEECH_OUT_DIR, manifest.model.name))), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
	const suppressIds = whisperSuppressIds(vocabulary);
	const int = (value: number) => new ort.Tensor('int32', Int32Array.of(value), [1]);
	const float = (value: number) => new ort.Tensor('float32', Float32Array.of(value), [1]);
	const modelFor = (variant: Variant): SpeechModel => ({
		async decode(chunk, asked) {
			const decoding = asked === DECODING && variant.decoding ? variant.decoding : asked;
			const pcm = variant.front ? variant.front(chunk) : chunk;
			const prompt = variant.prompt ?? [SOT];
			const result = await session.run({
				audio_pcm: new ort.Tensor('float32', pcm, [1, pcm.length]),
				max_length: int(MAX_TOKENS_PER_CHUNK),
				min_length: int(1),
				num_beams: int(decoding.beams),
				num_return_sequences: int(1),
				length_penalty: float(1),
				repetition_penalty: float(decoding.repetitionPenalty),
				vocab_mask: new ort.Tensor('int32', mask(variant.suppress ? suppressIds : []), [VOCAB_SIZE]),
				prefix_vocab_mask: new ort.Tensor('int32', variant.timestamps ? initialTimestampMask() : mask(variant.suppressBlank ? [220, EOT] : []), [1, VOCAB_SIZE]),
				decoder_input_ids: new ort.Tensor('int32', Int32Array.from(prompt), [1, prompt.length]),
				logits_processor: int(variant.timestamps ? 1 : 0)
			});
			return { tokenIds: result.sequences!.data as Int32Array, avgLogProb: (result.sequences_scores!.data as Float32Array)[0]! };
		}
	});
	return { vocabulary, modelFor, suppressIds };
}

const gain = (factor: number) => (pcm: Float32Array) => pcm.map((x) => x * factor);
/** Scales a chunk so its loudest sample is at `peak` (silence stays silence). */
const peakTo = (peak: number) => (pcm: Float32Array) => {
	let max = 0;
	for (const x of pcm) max = Math.max(max, Math.abs(x));
	return max === 0 ? pcm : gain(peak / max)(pcm);
};
/** Scales a chunk so its RMS over the samples above −50 dBFS of the peak is `rms`. */
const rmsTo = (rms: number) => (pcm: Float32Array) => {
	let max = 0;
	for (const x of pcm) max = Math.max(max, Math.abs(x));
	const floor = max * 10 ** (-50 / 20);
	let sum = 0;
	let count = 0;
	for (const x of pcm) {
		if (Math.abs(x) < floor) continue;
		sum += x * x;
		count++;
	}
	return count === 0 ? pcm : gain(rms / Math.sqrt(sum / count))(pcm);
};

/** A second-order Butterworth high-pass at `hz` (bilinear transform), run forwards once. */
const highPass = (hz: number) => (pcm: Float32Array) => {
	const k = Math.tan((Math.PI * hz) / 16_000);
	const norm = 1 / (1 + Math.SQRT2 * k + k * k);
	const [b0, b1, b2] = [norm, -2 * norm, norm];
	const [a1, a2] = [2 * (k * k - 1) * norm, (1 - Math.SQRT2 * k + k * k) * norm];
	const out = new Float32Array(pcm.length);
	let [x1, x2, y1, y2] = [0, 0, 0, 0];
	for (let i = 0; i < pcm.length; i++) {
		const x = pcm[i]!;
		const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
		[x2, x1, y2, y1] = [x1, x, y1, y];
		out[i] = y;
	}
	return out;
};
/** `seconds` of silence after the chunk, as the lead-in puts before it. */
const tail = (seconds: number) => (pcm: Float32Array) => {
	const out = new Float32Array(pcm.length + Math.round(seconds * 16_000));
	out.set(pcm);
	return out;
};

const WHISPER: Variant = { prompt: [SOT, NO_TIMESTAMPS], suppress: 'whisper', suppressBlank: true };
const VARIANTS: Record<string, Variant> = {
	base: {},
	prompt: { prompt: [SOT, NO_TIMESTAMPS] },
	whisper: WHISPER,
	'whisper-b5': { ...WHISPER, decoding: { beams: 5, repetitionPenalty: 1 } },
	'whisper-b8': { ...WHISPER, decoding: { beams: 8, repetitionPenalty: 1 } },
	'whisper-rp1.2': { ...WHISPER, decoding: { beams: 8, repetitionPenalty: 1.2 } },
	'gain0.5': { front: gain(0.5) },
	gain2: { front: gain(2) },
	'peak0.5': { front: peakTo(0.5) },
	'peak0.95': { front: peakTo(0.95) },
	'rms0.1': { front: rmsTo(0.1) },
	'rms0.05': { front: rmsTo(0.05) },
	timestamps: { timestamps: true, suppress: 'whisper' },
	'timestamps-b5': { timestamps: true, suppress: 'whisper', decoding: { beams: 5, repetitionPenalty: 1 } },
	hp80: { front: highPass(80) },
	'tail0.5': { front: tail(0.5) }
};

interface Clip {
	set: string;
	text: string;
	pcm: Float32Array;
}

function makeClips(dir: SpeechDir, sets: readonly string[]): Clip[] {
	const clip = (set: string, text: string, wav: string): Clip => ({ set, text, pcm: toModelPcm(readWav(readFileSync(wav))) });
	const clips: Clip[] = [];
	const withMessage = (set: string, sentences: readonly string[], message: readonly string[]) => {
		const wavs = sentences.map((text) => dir.say(text, 0.8));
		sentences.forEach((text, i) => clips.push(clip(set, text, wavs[i]!)));
		const messageWavs = message.map((text) => wavs[sentences.indexOf(text)]!);
		clips.push(clip(`${set}-message`, message.join(' '), dir.concat(messageWavs)));
	};
	if (sets.includes('bench')) withMessage('bench', SPEECH_SENTENCES, SPEECH_SENTENCES);
	if (sets.includes('heldout')) withMessage('heldout', HELD_OUT, HELD_OUT_LONG);
	if (sets.includes('voice')) for (const text of VOICE_MESSAGE_SENTENCES) clips.push(clip('voice', text, dir.say(text, 0.8)));
	return clips;
}

async function main() {
	const args = process.argv.slice(2);
	const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
	const names = args.filter((a) => !a.startsWith('--'));
	const sets = (option('sets') ?? 'bench,heldout,voice').split(',');
	for (const name of names) if (!VARIANTS[name]) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
	// The test voice is a setting of the measurement, not of the product: `--voice=en-us+klatt3`,
	// `--wpm=140` (espeak-ng's own voices and variants; Debian main has no MBROLA voices).
	const dir = new SpeechDir({ voice: option('voice') ?? DEFAULT_VOICE.voice, wpm: Number(option('wpm') ?? DEFAULT_VOICE.wpm) });
	console.log(`voice ${dir.speaker.voice}, ${dir.speaker.wpm} words a minute`);
	const clips = makeClips(dir, sets);
	dir.remove();
	const { vocabulary, modelFor, suppressIds } = await load();
	console.log(`${clips.length} clips; ${suppressIds.length} suppressed ids`);
	const out = option('out');
	const report: Record<string, { set: string; reference: string; hypothesis: string; errors: number; words: number; joinedErrors: number }[]> = {};
	for (const name of names.length > 0 ? names : ['base']) {
		const model = modelFor(VARIANTS[name]!);
		const cpu = process.cpuUsage();
		const rows = [];
		for (const clip of clips) {
			const hypothesis = await transcribe(clip.pcm, model, vocabulary);
			const reference = canonicalWords(clip.text);
			const joinedErrors = wordErrors(canonicalWords(clip.text, JOINED), canonicalWords(hypothesis, JOINED));
			rows.push({ set: clip.set, reference: clip.text, hypothesis, errors: wordErrors(reference, canonicalWords(hypothesis)), words: reference.length, joinedErrors });
			if (process.env.VARIANTS_VERBOSE) console.log(`  ${name} ${rows.length}/${clips.length} ${rows.at(-1)!.errors}: ${hypothesis}`);
		}
		const used = process.cpuUsage(cpu);
		report[name] = rows;
		const bySet = new Map<string, { errors: number; words: number }>();
		for (const row of rows) {
			const total = bySet.get(row.set) ?? { errors: 0, words: 0 };
			total.errors += row.errors;
			total.words += row.words;
			bySet.set(row.set, total);
		}
		const pooled = rows.filter((r) => r.set === 'bench' || r.set === 'voice').reduce((t, r) => ({ errors: t.errors + r.errors, words: t.words + r.words }), { errors: 0, words: 0 });
		const cells = [...bySet].map(([set, t]) => `${set} ${t.errors}/${t.words} (${((100 * t.errors) / t.words).toFixed(1)} %)`);
		if (sets.includes('bench') && sets.includes('voice')) {
			const joined = rows.filter((r) => r.set === 'bench' || r.set === 'voice').reduce((t, r) => t + r.joinedErrors, 0);
			cells.push(`POOLED ${pooled.errors}/${pooled.words} (${((100 * pooled.errors) / pooled.words).toFixed(1)} %; with digit runs joined ${joined})`);
		}
		console.log(`${name}: ${cells.join(' · ')} · CPU ${((used.user + used.system) / 1e6).toFixed(0)} s`);
		// Written after every variant, so a run stopped half-way keeps what it measured.
		if (out) writeFileSync(out, JSON.stringify(report, null, 1));
	}
}

await main();
