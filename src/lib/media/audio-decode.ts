import { MAX_SOURCE_CHANNELS } from '../speech/speech-limits';

/** Samples copied or mixed per step; the page handles input between steps. */
const STEP_SAMPLES = 1 << 17;

/** Mono PCM of an audio file, as Web Audio decoded it. */
export interface PagePcm {
	pcm: Float32Array;
	sampleRate: number;
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type OfflineContextClass = new (channels: number, length: number, sampleRate: number) => OfflineAudioContext;

/**
 * Decodes an audio file on the page (workers have no Web Audio) into mono PCM at `sampleRate`:
 * decodeAudioData resamples to the context's rate off the main thread; the channels are then
 * averaged a step at a time, so a 10-minute stereo file is never one long task. Throws on
 * bytes the browser cannot decode or more channels than the engine takes.
 */
export async function decodeAudioFile(blob: Blob, sampleRate: number): Promise<PagePcm> {
	const Context = (globalThis as { OfflineAudioContext?: OfflineContextClass }).OfflineAudioContext;
	if (Context === undefined) throw new Error('this browser has no Web Audio');
	const context = new Context(1, 1, sampleRate);
	const audio = await context.decodeAudioData(await blob.arrayBuffer());
	const channels = audio.numberOfChannels;
	if (channels < 1 || channels > MAX_SOURCE_CHANNELS) throw new Error(`${channels} channels is not supported`);
	const pcm = new Float32Array(audio.length);
	const step = new Float32Array(Math.min(STEP_SAMPLES, audio.length));
	for (let start = 0; start < audio.length; start += STEP_SAMPLES) {
		const end = Math.min(start + STEP_SAMPLES, audio.length);
		const part = pcm.subarray(start, end);
		if (channels === 1) audio.copyFromChannel(part, 0, start);
		else {
			for (let channel = 0; channel < channels; channel++) {
				const samples = step.subarray(0, end - start);
				audio.copyFromChannel(samples, channel, start);
				for (let i = 0; i < samples.length; i++) part[i]! += samples[i]! / channels;
			}
		}
		await pause();
	}
	return { pcm, sampleRate: audio.sampleRate };
}
