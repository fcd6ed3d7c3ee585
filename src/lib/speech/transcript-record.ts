// A voice message's transcript as this device stores it, beside the message (issue 13). Each
// device makes its own: nothing here is ever sent to a peer.
import type { SpeechErrorCode } from './speech-protocol';

/**
 * Why a transcript cannot be made on this device now; the UI says so and offers the way out:
 * `off` (the setting; "Turn on"), `model-missing` (not downloaded and offline), `storage-refused`,
 * `unsupported` (no WebAssembly, Web Audio or Cache Storage; the build has no model) — Retry.
 */
export type UnavailableReason = 'off' | 'model-missing' | 'storage-refused' | 'unsupported';

export type TranscriptRecord =
	| { state: 'pending' }
	| { state: 'running' }
	| { state: 'done'; text: string }
	/** The audio could not be transcribed (undecodable, too long, the model failed on it). */
	| { state: 'failed'; code: SpeechErrorCode | 'no-audio' }
	| { state: 'unavailable'; reason: UnavailableReason };

/** A transcript longer than this is cut when stored: 10 min of speech is ~1,600 words. */
export const MAX_TRANSCRIPT_CHARS = 20_000;

/** Audio file types a transcript is made for, by declared type or by name. */
const AUDIO_EXTENSIONS = new Set(['webm', 'ogg', 'oga', 'opus', 'wav', 'mp3', 'm4a', 'aac', 'flac']);

/** Whether a file message carries audio worth transcribing (a voice message or an audio file). */
export function isTranscribable(file: { type: string; name: string }): boolean {
	// The media type alone: a recording is typed with its codec ('audio/webm;codecs=opus').
	const type = (file.type.split(';')[0] ?? '').trim().toLowerCase();
	if (/^audio\/[\w.+-]+$/u.test(type)) return true;
	// The name counts only when the type says nothing (a browser that did not know the format).
	if (type !== '' && type !== 'application/octet-stream') return false;
	const dot = file.name.lastIndexOf('.');
	return dot > 0 && AUDIO_EXTENSIONS.has(file.name.slice(dot + 1).toLowerCase());
}

/** The speech engine's error, as stored: the "why unavailable" codes become `unavailable`. */
export function recordForError(code: SpeechErrorCode | 'no-audio'): TranscriptRecord {
	if (code === 'model-missing' || code === 'storage-refused' || code === 'unsupported') return { state: 'unavailable', reason: code };
	return { state: 'failed', code };
}

/** A finished transcript as stored: whitespace collapsed, bounded. */
export function doneRecord(text: string): TranscriptRecord {
	return { state: 'done', text: text.replace(/\s+/gu, ' ').trim().slice(0, MAX_TRANSCRIPT_CHARS) };
}

/** Whether a record is still to be worked on (a reload resumes these). */
export function isOpen(record: TranscriptRecord | undefined): boolean {
	return record?.state === 'pending' || record?.state === 'running';
}

/**
 * Largest audio file decoded for a transcript. Decoding expands compressed audio ~10-50×, in
 * memory, before its length is known: 32 MB is 10 min of 16-bit 22 kHz stereo WAV, or hours of
 * Opus, which the length bound then refuses (speech-limits MAX_AUDIO_SECONDS).
 */
export const MAX_AUDIO_FILE_BYTES = 32 * 1024 * 1024;
