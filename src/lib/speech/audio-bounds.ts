import { MAX_AUDIO_SAMPLES, MAX_AUDIO_SECONDS, MAX_SOURCE_CHANNELS, MAX_SOURCE_RATE_HZ, MIN_SOURCE_RATE_HZ, MODEL_SAMPLE_RATE_HZ } from './speech-limits';

/** Decoded audio as the page or a WAV file gives it: one Float32Array per channel. */
export interface SourceAudio {
	sampleRate: number;
	channels: readonly Float32Array[];
}

export type AudioCheck = { ok: true } | { ok: false; reason: string };

const refuse = (reason: string): AudioCheck => ({ ok: false, reason });

/**
 * Refuses audio the engine must not process: odd rates or channel counts, channels of unequal
 * length, more than MAX_AUDIO_SECONDS, or samples that are not finite. Checked before any
 * resampling, so a huge buffer costs one length comparison.
 */
export function checkSourceAudio(audio: SourceAudio): AudioCheck {
	const { sampleRate, channels } = audio;
	if (!Number.isFinite(sampleRate) || sampleRate < MIN_SOURCE_RATE_HZ || sampleRate > MAX_SOURCE_RATE_HZ) return refuse(`sample rate ${sampleRate} Hz is not supported`);
	if (channels.length < 1 || channels.length > MAX_SOURCE_CHANNELS) return refuse(`${channels.length} channels is not supported`);
	const length = channels[0]?.length ?? 0;
	if (channels.some((channel) => !(channel instanceof Float32Array) || channel.length !== length)) return refuse('channels differ in length');
	if (length / sampleRate > MAX_AUDIO_SECONDS) return refuse(`audio is longer than ${MAX_AUDIO_SECONDS} s`);
	return checkSamples(channels);
}

/** The same bounds for PCM that is already 16 kHz mono (what the worker receives). */
export function checkModelPcm(pcm: unknown): AudioCheck {
	if (!(pcm instanceof Float32Array)) return refuse('audio is not Float32 PCM');
	if (pcm.length > MAX_AUDIO_SAMPLES) return refuse(`audio is longer than ${MAX_AUDIO_SECONDS} s`);
	if (pcm.length < MODEL_SAMPLE_RATE_HZ / 10) return refuse('audio is shorter than 0.1 s');
	return checkSamples([pcm]);
}

function checkSamples(channels: readonly Float32Array[]): AudioCheck {
	for (const channel of channels) {
		for (const sample of channel) {
			// NaN or Infinity would poison the model's spectrogram and return garbage text.
			if (!Number.isFinite(sample)) return refuse('audio has samples that are not numbers');
		}
	}
	return { ok: true };
}
