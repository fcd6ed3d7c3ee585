// Test speech made on the spot with Debian's espeak-ng and sox (installed by .ci/run); no audio
// files are committed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasSpeechTools(): boolean {
	try {
		execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
		execFileSync('sox', ['--version'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** espeak-ng's voice and speaking rate (words per minute). */
export interface SpeechVoice {
	voice: string;
	wpm: number;
}

export const DEFAULT_VOICE: SpeechVoice = { voice: 'en-us', wpm: 150 };

/**
 * espeak-ng's American voice through its Klatt formant synthesiser (variant `klatt3`): the bench's
 * second test voice (docs/BENCHMARKS.md, "Speech (session 19)"). Chosen among nine voices and
 * rates on the bench's 12 sentences and the e2e specs' sentences, then confirmed on the 60
 * voice-message sentences nobody chose it on. The e2e specs keep DEFAULT_VOICE.
 */
export const KLATT_VOICE: SpeechVoice = { voice: 'en-us+klatt3', wpm: 150 };

export class SpeechDir {
	readonly path = mkdtempSync(join(tmpdir(), 'parley-speech-'));
	#count = 0;

	constructor(readonly speaker: SpeechVoice = DEFAULT_VOICE) {}

	/** `text` spoken by espeak-ng, as a mono 16-bit WAV (16 kHz unless asked), with `pauseS` of silence after it. */
	say(text: string, pauseS = 0.3, rateHz = 16_000): string {
		const raw = join(this.path, `raw-${this.#count}.wav`);
		const out = join(this.path, `speech-${this.#count++}.wav`);
		execFileSync('espeak-ng', ['-v', this.speaker.voice, '-s', String(this.speaker.wpm), '-w', raw, text]);
		// -D: no dither. sox dithers with fresh random noise on every run when it resamples to
		// 16 bits; that noise, 96 dB down, is enough to change a word or two of Whisper's
		// transcript, so the bench's word error rate swung by 2–3 points between runs.
		execFileSync('sox', ['-D', raw, '-r', String(rateHz), '-c', '1', '-b', '16', out, 'pad', '0.2', String(pauseS)]);
		return out;
	}

	/** Several WAVs from say() played one after the other. */
	concat(files: readonly string[]): string {
		const out = join(this.path, `joined-${this.#count++}.wav`);
		execFileSync('sox', [...files, out]);
		return out;
	}

	remove(): void {
		rmSync(this.path, { recursive: true, force: true });
	}
}
