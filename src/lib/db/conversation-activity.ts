import { safeFileName } from '../files/file-name';
import { clockTime } from '../files/voice-peaks';
import type { UserRow } from './schema';

const PREVIEW_CHARS = 120;

/** The contact-row fields every new message updates (conversation order and preview). */
export function activity(time: number, text: string, outgoing: boolean): Pick<UserRow, 'lastActivity' | 'preview'> {
	return { lastActivity: time, preview: { text: text.slice(0, PREVIEW_CHARS), outgoing } };
}

/**
 * What a conversation's preview says of a message: its text, or for a file message without a
 * caption "File: " and the file's shown name (never the raw one a peer chose). Words, not an
 * icon character: the preview is plain text, and not every system has an emoji font.
 */
export function previewText(text: string, file?: { name: string; voice?: { durationMs: number }; dur?: number }): string {
	if (text !== '' || file === undefined) return text;
	// A voice message (a file row's `voice`, or a message body's `dur`) says so, with its length.
	const voiceMs = file.voice?.durationMs ?? file.dur;
	return voiceMs === undefined ? `File: ${safeFileName(file.name)}` : `Voice message (${clockTime(voiceMs)})`;
}
