import { addCounts, emptyCounts, type PiiCounts } from './kinds';
import { NOT_SHARED, SIZE_BUCKETS, type Attachment, type ConversationLine, type Turn } from './dataset-schema';
import type { ScrubResult } from './scrub';

/** One message as the export reads it from storage, before anything is removed. */
export interface MessageRecord {
	/** The author's peer id, or 'self' for the exporting user. */
	author: string;
	/** Authoring time, ms since the epoch. */
	time: number;
	text: string;
	/** Later versions of the text; the highest version is what the conversation shows. */
	edits?: readonly { version: number; text: string }[];
	/** Deleted for everyone: nothing of it is exported. */
	deleted?: boolean;
	/** A voice message: its transcript is the turn's text, marked `source: 'voice'`. */
	voiceTranscript?: string;
	attachment?: { mime: string; bytes: number };
}

export interface ConversationInput {
	index: number;
	kind: 'direct' | 'group';
	messages: readonly MessageRecord[];
	/** Whether an author agreed to be included; the exporting user ('self') always is. */
	consented: (author: string) => boolean;
	label: (author: string) => string;
	scrub: (text: string) => ScrubResult;
}

export interface BuiltConversation {
	line: ConversationLine;
	found: PiiCounts;
	sharedTurns: number;
	notSharedTurns: number;
}

const MINUTE_MS = 60_000;

/**
 * One conversation as a dataset line. Authors who did not agree are never read: their text,
 * attachments and edits are not touched, and a run of their messages becomes one `[not shared]`
 * turn, so the dialogue keeps its shape without telling how many messages they wrote. Null when no
 * turn of anyone who agreed remains.
 */
export function buildConversationLine(input: ConversationInput): BuiltConversation | null {
	const messages = input.messages.filter((message) => !message.deleted).sort((a, b) => a.time - b.time);
	const start = messages[0]?.time ?? 0;
	const found = emptyCounts();
	const turns: Turn[] = [];
	let sharedTurns = 0;
	let notSharedTurns = 0;
	for (const message of messages) {
		const speaker = input.label(message.author);
		const minute = Math.floor((message.time - start) / MINUTE_MS);
		if (message.author !== 'self' && !input.consented(message.author)) {
			const previous = turns.at(-1);
			if (previous?.source === 'not_shared' && previous.speaker === speaker) continue;
			turns.push({ speaker, minute, text: NOT_SHARED, source: 'not_shared' });
			notSharedTurns++;
			continue;
		}
		const scrubbed = input.scrub(finalText(message));
		addCounts(found, scrubbed.found);
		const turn: Turn = { speaker, minute, text: scrubbed.text, source: message.voiceTranscript !== undefined ? 'voice' : 'typed' };
		if (message.edits?.length) turn.edited = true;
		if (message.attachment) turn.attachments = [describeAttachment(message.attachment)];
		turns.push(turn);
		sharedTurns++;
	}
	if (sharedTurns === 0) return null;
	const speakers = [...new Set(turns.map((turn) => turn.speaker))];
	return { line: { type: 'conversation', id: `conversation_${input.index}`, kind: input.kind, speakers, turns }, found, sharedTurns, notSharedTurns };
}

/** The text the conversation shows: the latest edit, or the transcript of a voice message. */
export function finalText(message: MessageRecord): string {
	if (message.voiceTranscript !== undefined) return message.voiceTranscript;
	let text = message.text;
	let version = -Infinity;
	for (const edit of message.edits ?? []) {
		if (edit.version > version) {
			version = edit.version;
			text = edit.text;
		}
	}
	return text;
}

export function describeAttachment(attachment: { mime: string; bytes: number }): Attachment {
	return { type: attachmentType(attachment.mime), size: sizeBucket(attachment.bytes) };
}

export function attachmentType(mime: string): Attachment['type'] {
	const major = mime.toLowerCase().split('/')[0];
	if (major === 'image' || major === 'audio' || major === 'video') return major;
	if (/zip|tar|gzip|7z|rar|compressed/.test(mime)) return 'archive';
	if (/pdf|text\/|msword|officedocument|opendocument|rtf|epub/.test(mime)) return 'document';
	return 'other';
}

/** Powers of ten: enough to tell a photo from a film, too coarse to fingerprint one file. */
export function sizeBucket(bytes: number): Attachment['size'] {
	const limits = [10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];
	const index = limits.findIndex((limit) => bytes < limit);
	return SIZE_BUCKETS[index < 0 ? SIZE_BUCKETS.length - 1 : index] ?? '>=100MB';
}
