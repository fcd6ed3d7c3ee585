import { PEAK_LEVELS, VOICE_PEAKS } from './voice-limits';

/**
 * The waveform of a recording: its samples cut into `count` equal spans, each span's largest
 * absolute sample quantised to a byte. The loudest span is scaled to full height so a quiet
 * recording still shows its shape; silence stays flat (all zero). Input is the decoded PCM of
 * one channel (WebAudio's Float32 in [-1, 1]; anything outside is clipped, NaN counts as 0).
 */
export function waveformPeaks(samples: Float32Array, count = VOICE_PEAKS): Uint8Array {
	if (!Number.isInteger(count) || count < 1) throw new RangeError('a waveform has at least one bar');
	const raw = new Float32Array(count);
	if (samples.length > 0) {
		for (let bar = 0; bar < count; bar++) {
			const start = Math.floor((bar * samples.length) / count);
			const end = Math.max(start + 1, Math.floor(((bar + 1) * samples.length) / count));
			let peak = 0;
			for (let i = start; i < end && i < samples.length; i++) {
				const value = Math.abs(samples[i] as number);
				if (value > peak) peak = value;
			}
			raw[bar] = Math.min(1, peak);
		}
	}
	let loudest = 0;
	for (const value of raw) if (value > loudest) loudest = value;
	const out = new Uint8Array(count);
	if (loudest === 0) return out;
	for (let bar = 0; bar < count; bar++) out[bar] = Math.round(((raw[bar] as number) / loudest) * PEAK_LEVELS);
	return out;
}

/** A duration for display: "0:07", "4:59", "1:02:03". */
export function clockTime(ms: number): string {
	const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Words for a screen reader's slider value: "7 seconds of 12", "1 minute 5 seconds of 2 minutes". */
export function spokenTime(ms: number): string {
	const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
	const minutes = Math.floor(total / 60);
	const seconds = total % 60;
	const parts: string[] = [];
	if (minutes > 0) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
	if (seconds > 0 || minutes === 0) parts.push(`${seconds} second${seconds === 1 ? '' : 's'}`);
	return parts.join(' ');
}
