import { MAX_VOICE_MS, VOICE_PEAKS } from '../files/voice-limits';
import { waveformPeaks } from '../files/voice-peaks';
import { recordingType } from '../files/voice-recording';

/** Why a recording cannot start: the DOMException's name (voice-recording microphoneProblem says it in words). */
export class MicrophoneError extends Error {
	constructor(readonly reason: string) {
		super(reason);
	}
}

/** Whether this browser can record audio at all (a secure context with getUserMedia and MediaRecorder). */
export function canRecord(): boolean {
	return typeof MediaRecorder !== 'undefined' && typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

/**
 * One recording from the microphone: asks for the microphone when it starts (never before),
 * records Opus in WebM/Ogg where the browser can (MP4 on Safari), and reads the input level
 * from an AnalyserNode for the meter. `stop` gives the recording; `cancel` drops it. Either
 * releases the microphone.
 */
export class Recording {
	readonly #chunks: Blob[] = [];
	readonly #samples: Float32Array<ArrayBuffer>;
	#done: Promise<Blob>;

	private constructor(
		private readonly stream: MediaStream,
		private readonly recorder: MediaRecorder,
		private readonly audio: AudioContext,
		private readonly analyser: AnalyserNode
	) {
		this.#samples = new Float32Array(analyser.fftSize);
		this.#done = new Promise((resolve, reject) => {
			recorder.addEventListener('dataavailable', (event) => {
				if (event.data.size > 0) this.#chunks.push(event.data);
			});
			recorder.addEventListener('stop', () => resolve(new Blob(this.#chunks, { type: recorder.mimeType || 'audio/webm' })));
			recorder.addEventListener('error', () => reject(new MicrophoneError('AbortError')));
		});
		// A timeslice keeps what was recorded in small Blobs as it comes, not in one at the end.
		recorder.start(1_000);
	}

	static async start(): Promise<Recording> {
		if (!canRecord()) throw new MicrophoneError('NotSupportedError');
		let stream: MediaStream;
		try {
			stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
		} catch (error) {
			throw new MicrophoneError(error instanceof DOMException ? error.name : 'AbortError');
		}
		try {
			const type = recordingType((candidate) => MediaRecorder.isTypeSupported(candidate));
			const recorder = new MediaRecorder(stream, type === '' ? {} : { mimeType: type, audioBitsPerSecond: 32_000 });
			const audio = new AudioContext();
			const analyser = audio.createAnalyser();
			analyser.fftSize = 1024;
			audio.createMediaStreamSource(stream).connect(analyser);
			return new Recording(stream, recorder, audio, analyser);
		} catch (error) {
			for (const track of stream.getTracks()) track.stop();
			throw new MicrophoneError(error instanceof DOMException ? error.name : 'NotSupportedError');
		}
	}

	/** The input's loudness now, 0 (silence) to 1: the RMS of the last frame, scaled for a meter. */
	level(): number {
		this.analyser.getFloatTimeDomainData(this.#samples);
		let sum = 0;
		for (const sample of this.#samples) sum += sample * sample;
		return Math.min(1, Math.sqrt(sum / this.#samples.length) * 4);
	}

	/** Ends the recording and gives what was recorded. */
	async stop(): Promise<Blob> {
		if (this.recorder.state !== 'inactive') this.recorder.stop();
		try {
			return await this.#done;
		} finally {
			this.#release();
		}
	}

	cancel(): void {
		this.#done = this.#done.catch(() => new Blob());
		if (this.recorder.state !== 'inactive') this.recorder.stop();
		this.#release();
	}

	#release(): void {
		for (const track of this.stream.getTracks()) track.stop();
		if (this.audio.state !== 'closed') void this.audio.close();
	}
}

/**
 * A recording's length and waveform, decoded on the page with WebAudio (workers have no
 * AudioContext). `fallbackMs` (the time the recording ran) stands in when the browser cannot
 * decode its own recording; the waveform is then flat.
 */
export async function measureVoice(blob: Blob, fallbackMs: number): Promise<{ durationMs: number; peaks: Uint8Array }> {
	const audio = new OfflineAudioContext(1, 1, 48_000);
	try {
		const decoded = await audio.decodeAudioData(await blob.arrayBuffer());
		const mono = new Float32Array(decoded.length);
		for (let channel = 0; channel < decoded.numberOfChannels; channel++) {
			const data = decoded.getChannelData(channel);
			for (let i = 0; i < data.length; i++) mono[i] = Math.max(mono[i] as number, Math.abs(data[i] as number));
		}
		return { durationMs: clampMs(decoded.duration * 1000), peaks: waveformPeaks(mono, VOICE_PEAKS) };
	} catch {
		return { durationMs: clampMs(fallbackMs), peaks: new Uint8Array(VOICE_PEAKS) };
	}
}

function clampMs(ms: number): number {
	return Number.isFinite(ms) ? Math.min(MAX_VOICE_MS, Math.max(1, Math.round(ms))) : 1;
}
