// `npm run --silent transcribe -- FILE.wav`: prints the transcript of a WAV file on stdout,
// with the model and decoding code the browser worker uses. Any rate or channel count that
// audio-bounds.ts accepts is resampled to 16 kHz mono first.
import { readFileSync } from 'node:fs';
import { loadNodeTranscriber, readWav } from './speech/node-speech';

async function main(): Promise<void> {
	const file = process.argv[2];
	if (!file) {
		console.error('usage: npm run --silent transcribe -- FILE.wav');
		process.exit(2);
	}
	const audio = readWav(readFileSync(file));
	const transcriber = await loadNodeTranscriber();
	try {
		console.log(await transcriber.transcribeAudio(audio));
	} finally {
		await transcriber.release();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
