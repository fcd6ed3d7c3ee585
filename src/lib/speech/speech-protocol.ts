// Messages between the page (speech-client.ts) and the speech worker (speech-worker.ts).
// Every request has an id; `progress` and `chunk` may come several times for it, and then
// exactly one `ready`, `transcript` or `failed` ends it.

/** One file the worker needs, served by our own origin from static/speech/. */
export interface SpeechFile {
	url: string;
	bytes: number;
	/** Hex sha256, checked before the bytes are used or cached. */
	sha256: string;
}

export interface SpeechFiles {
	model: SpeechFile;
	vocabulary: SpeechFile;
	/** onnxruntime-web's WebAssembly binary… */
	runtime: SpeechFile;
	/** …and the JavaScript module that instantiates it. */
	runtimeGlue: SpeechFile;
}

/**
 * Why transcription is unavailable, in words the UI can show: `model-missing` (not downloaded
 * and no network), `storage-refused` (no room or no permission to keep it offline),
 * `unsupported` (no WebAssembly/Cache Storage), `bad-audio` (refused by the bounds),
 * `busy` (queue full), `cancelled`, `failed` (anything else, e.g. a corrupt download).
 */
export type SpeechErrorCode = 'model-missing' | 'storage-refused' | 'unsupported' | 'bad-audio' | 'busy' | 'cancelled' | 'failed';
const ERROR_CODES: readonly SpeechErrorCode[] = ['model-missing', 'storage-refused', 'unsupported', 'bad-audio', 'busy', 'cancelled', 'failed'];

export class SpeechError extends Error {
	override name = 'SpeechError';
	constructor(
		readonly code: SpeechErrorCode,
		message: string
	) {
		super(message);
	}
}

export type SpeechRequest =
	| { type: 'prepare'; id: number; files: SpeechFiles }
	/**
	 * `pcm`: mono at `sampleRate` (resampled to 16 kHz here, off the page's thread), transferred
	 * (the page's copy is empty afterwards).
	 */
	| { type: 'transcribe'; id: number; pcm: Float32Array; sampleRate: number }
	| { type: 'cancel'; id: number };

export type SpeechReply =
	| { type: 'progress'; id: number; loadedBytes: number; totalBytes: number }
	| { type: 'ready'; id: number; fromCache: boolean; loadMs: number }
	| { type: 'chunk'; id: number; done: number; total: number; text: string }
	| { type: 'transcript'; id: number; text: string; computeMs: number; audioSeconds: number }
	| { type: 'failed'; id: number; code: SpeechErrorCode; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** The worker is ours, but its replies are checked like any message crossing a boundary. */
export function parseSpeechReply(value: unknown): SpeechReply | null {
	if (!isRecord(value) || !Number.isSafeInteger(value.id)) return null;
	switch (value.type) {
		case 'progress':
			return isCount(value.loadedBytes) && isCount(value.totalBytes) ? (value as SpeechReply) : null;
		case 'ready':
			return typeof value.fromCache === 'boolean' && isCount(value.loadMs) ? (value as SpeechReply) : null;
		case 'chunk':
			return isCount(value.done) && isCount(value.total) && typeof value.text === 'string' ? (value as SpeechReply) : null;
		case 'transcript':
			return typeof value.text === 'string' && isCount(value.computeMs) && isCount(value.audioSeconds) ? (value as SpeechReply) : null;
		case 'failed':
			return ERROR_CODES.includes(value.code as SpeechErrorCode) && typeof value.message === 'string' ? (value as SpeechReply) : null;
		default:
			return null;
	}
}
