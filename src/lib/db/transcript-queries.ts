import type { ChatDb } from './chat-db';
import type { FileRow } from './file-rows';
import { assembledFile } from './file-queries';
import type { ReceivedRow, SentRow, ThreadMessage } from './schema';
import { noteSearchStale } from './search-stale';
import { getSetting, putSetting } from './settings-queries';
import type { TranscriptRecord } from '../speech/transcript-record';

// Voice-message transcripts (issue 13) live on the message's own row (`sender` or `receiver`),
// so deleting the message deletes its transcript, search indexes it with the message's text,
// and a rebuilt index finds it again. No new table and no new Dexie version.

/** Settings key: whether this device transcribes audio messages (absent: yes, on first use). */
export const TRANSCRIBE_KEY = 'transcribeVoice';
/** Settings key: ids of messages waiting for a transcript, in order, so a reload resumes them. */
export const TRANSCRIPT_QUEUE_KEY = 'transcriptQueue';
/** A longer list loses its oldest ids (they stay `pending`, with Retry): each entry is a whole model run. */
export const MAX_QUEUE_IDS = 500;

/**
 * Stores (or, with null, removes) a message's transcript and publishes the row, so the open
 * thread shows it and the search index takes it (a finished or dropped transcript is also noted
 * for the index's next catch-up, `search-stale.ts`, in the same transaction). A message that is gone or deleted is left
 * alone (null returned): a transcript never outlives its audio.
 */
export async function setTranscript(db: ChatDb, messageId: string, record: TranscriptRecord | null): Promise<ThreadMessage | null> {
	const written = await db.transaction('rw', db.sender, db.receiver, db.settings, async (): Promise<ThreadMessage | null> => {
		const [sent, received] = await Promise.all([db.sender.get(messageId), db.receiver.get(messageId)]);
		const row = sent ?? received;
		if (!row || row.deletedAt !== undefined || row.kind !== 'file') return null;
		if (record === null && row.transcript === undefined) return null;
		const { transcript: _old, ...rest } = row;
		const next = record === null ? rest : { ...rest, transcript: record };
		// Searchable text changed but `time` did not: the search index's catch-up needs the note.
		if (row.transcript?.state === 'done' || record?.state === 'done') await noteSearchStale(db, messageId, Date.now());
		if (sent) {
			await db.sender.put(next as SentRow);
			return { ...(next as SentRow), direction: 'out' };
		}
		await db.receiver.put(next as ReceivedRow);
		return { ...(next as ReceivedRow), direction: 'in' };
	});
	if (written) db.changes.publish({ messages: [written] });
	return written;
}

export async function transcriptOf(db: ChatDb, messageId: string): Promise<TranscriptRecord | undefined> {
	const [sent, received] = await Promise.all([db.sender.get(messageId), db.receiver.get(messageId)]);
	return (sent ?? received)?.transcript;
}

export async function loadTranscriptQueue(db: ChatDb): Promise<string[]> {
	const value = await getSetting<unknown>(db, TRANSCRIPT_QUEUE_KEY, []);
	return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string').slice(0, MAX_QUEUE_IDS) : [];
}

/**
 * Adds an id to the saved list, or takes one off it, read and written in one transaction: every
 * tab of the app may queue (the one that sent a file transcribes it), so none overwrites the
 * list with only what it knows.
 */
export async function changeTranscriptQueue(db: ChatDb, change: { add?: string; remove?: string }): Promise<void> {
	await db.transaction('rw', db.settings, async () => {
		const ids = (await loadTranscriptQueue(db)).filter((id) => id !== change.remove && id !== change.add);
		if (change.add !== undefined) ids.push(change.add);
		await putSetting(db, TRANSCRIPT_QUEUE_KEY, ids.slice(-MAX_QUEUE_IDS));
	});
}

export async function transcribeSetting(db: ChatDb): Promise<boolean> {
	return (await getSetting<unknown>(db, TRANSCRIBE_KEY, true)) !== false;
}

export async function putTranscribeSetting(db: ChatDb, on: boolean): Promise<void> {
	await putSetting(db, TRANSCRIBE_KEY, on);
}

/** The message's file row and its whole bytes when they are on this device (else null bytes). */
export async function audioOf(db: ChatDb, messageId: string): Promise<{ row: FileRow | undefined; blob: Blob | null }> {
	const row = await db.files.get(messageId);
	return { row, blob: row ? await assembledFile(db, row) : null };
}
