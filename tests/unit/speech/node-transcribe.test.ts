import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadNodeTranscriber, readWav, type NodeTranscriber } from '../../../scripts/speech/node-speech';
import { canonicalWords } from '../../../bench/speech-wer';
import { SpeechDir, hasSpeechTools } from '../../speech/espeak';

// The real model on real (synthetic) speech: the build step, the graph edit, onnxruntime-web's
// Node build, chunking and the detokenizer together. Needs espeak-ng and sox (.ci/run installs them).
describe('Node transcription of espeak-ng speech', () => {
	let dir: SpeechDir;
	let transcriber: NodeTranscriber;

	beforeAll(async () => {
		if (!hasSpeechTools()) throw new Error('espeak-ng and sox are needed: apt-get install -y espeak-ng sox');
		dir = new SpeechDir();
		transcriber = await loadNodeTranscriber();
	}, 180_000);

	afterAll(async () => {
		await transcriber?.release();
		dir?.remove();
	});

	it('hears the words of a sentence with a number in it', async () => {
		const wav = dir.say('Please bring twelve copies of the report to the meeting.');
		const text = await transcriber.transcribeAudio(readWav(readFileSync(wav)));
		const words = canonicalWords(text);
		// Tolerant: the number (in either spelling) and at least four of the five other content
		// words; espeak's clipped first consonants are sometimes misheard ("bring" → "ring").
		expect(words).toContain('12');
		const heard = ['please', 'bring', 'copies', 'report', 'meeting'].filter((word) => words.includes(word));
		expect(heard.length, `heard: ${text}`).toBeGreaterThanOrEqual(4);
	}, 120_000);

	it('hears the same at 44.1 kHz, resampled by our code instead of sox', async () => {
		const wav = dir.say('Send me five photos from the trip.', 0.3, 44_100);
		const words = canonicalWords(await transcriber.transcribeAudio(readWav(readFileSync(wav))));
		// The averaging resampler this replaced heard "and leave a phone from the trip".
		for (const word of ['photos', 'trip']) expect(words).toContain(word);
	}, 120_000);

	it('refuses audio over the length limit instead of transcribing it', async () => {
		const huge = { sampleRate: 8000, channels: [new Float32Array(8000 * 601)] };
		await expect(transcriber.transcribeAudio(huge)).rejects.toThrow(/longer than/);
	});
});
