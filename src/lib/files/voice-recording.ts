import { DEFAULT_VOICE_MAX_MS, MAX_VOICE_MS } from './voice-limits';

/**
 * Container types a recording is asked for, best first: Opus in WebM (Chromium, Firefox) or Ogg
 * (Firefox), then MP4 (Safari records AAC in MP4 and supports neither of the others), then
 * whatever the browser picks by itself (the empty string).
 */
export const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/mp4'] as const;

/** The first type the browser can record (MediaRecorder.isTypeSupported), or '' for its default. */
export function recordingType(isTypeSupported: (type: string) => boolean): string {
	return RECORDING_TYPES.find((type) => isTypeSupported(type)) ?? '';
}

/** The file name a recording is sent under: its time and a container extension. */
export function voiceFileName(time: number, type: string): string {
	const base = type.split(';')[0]?.trim().toLowerCase() ?? '';
	const extension = base === 'audio/ogg' ? 'ogg' : base === 'audio/mp4' ? 'm4a' : 'webm';
	const stamp = new Date(time).toISOString().slice(0, 19).replace(/[T:]/g, '-');
	return `voice-${stamp}.${extension}`;
}

/** The recording limit from the settings value: whole seconds, 1 s to MAX_VOICE_MS, else the default. */
export function voiceLimitMs(setting: unknown): number {
	if (typeof setting !== 'number' || !Number.isInteger(setting) || setting < 1_000 || setting > MAX_VOICE_MS) return DEFAULT_VOICE_MAX_MS;
	return setting;
}

/** What the user is told when the microphone cannot be used, by the DOMException's name. */
export function microphoneProblem(errorName: string): string {
	switch (errorName) {
		case 'NotAllowedError':
		case 'SecurityError':
			return 'Microphone access was refused. Allow the microphone for this site in your browser to record voice messages.';
		case 'NotFoundError':
		case 'OverconstrainedError':
			return 'No microphone was found. Connect one and try again.';
		case 'NotReadableError':
		case 'AbortError':
			return 'The microphone is in use by another application or could not be started.';
		case 'NotSupportedError':
			return 'This browser cannot record audio.';
		default:
			return 'The recording could not start.';
	}
}
