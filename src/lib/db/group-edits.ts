import type { GroupMessageFrame } from '../group/group-frames';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { dropFiles } from './file-store';
import { recordOutgoingGroupMessage, type RecordedGroupMessage } from './group-outbox';
import type { EditHistoryRow, SentRow } from './schema';

/** One of my group messages that may still be edited or deleted (not deleted, in a group). */
export async function ownGroupMessage(db: ChatDb, id: MessageId): Promise<SentRow | undefined> {
	const row = await db.sender.get(id);
	return row && row.conversationId.startsWith('g') && row.peerId === (row.conversationId as PeerId) ? row : undefined;
}

/**
 * Records my signed edit or delete of one of my group messages in ONE transaction: the frame
 * with a pending copy per current member (group-outbox.ts), and the new text (or the tombstone)
 * on my own `sender` row, so my thread shows what the members will see. Nothing is written if
 * the row changed since the frame was signed (a second edit won the race: the caller retries).
 */
export async function recordOwnGroupChange(
	db: ChatDb,
	me: PeerId,
	frame: GroupMessageFrame,
	expectedVersion: number,
	now: number
): Promise<RecordedGroupMessage | { ok: false; reason: 'changed' }> {
	const body = frame.body;
	if (body.kind === 'text' || body.kind === 'file') throw new Error('not an edit or delete');
	let updated: SentRow | undefined;
	const done = await db.transaction('rw', [db.groups, db.groupFrames, db.groupDelivery, db.sender, db.editHistory, db.files, db.fileChunks], async () => {
		const row = await db.sender.get(body.target);
		if (!row || row.deletedAt !== undefined || (row.version ?? 0) !== expectedVersion) return { ok: false as const, reason: 'changed' as const };
		const recorded = await recordOutgoingGroupMessage(db, me, frame, now);
		if (!recorded.ok) return recorded;
		if (body.kind === 'edit') {
			updated = { ...row, text: body.text, version: body.version, editedAt: now };
			await keepVersion(db, row, { id: frame.id, author: 'self', version: body.version, text: body.text, time: now });
		} else {
			await Promise.all([dropVersions(db, row.id), dropFiles(db, [row.id])]);
			const tombstone: Partial<SentRow> = { ...row, text: '', deletedAt: now };
			delete tombstone.version;
			delete tombstone.editedAt;
			delete tombstone.transcript;
			updated = tombstone as SentRow;
		}
		await db.sender.put(updated);
		return recorded;
	});
	if (done.ok && updated) db.changes.publish({ messages: [{ ...updated, direction: 'out' }] });
	return done;
}

/**
 * Inside a transaction over `editHistory`: keeps one applied version of a group message, and its
 * original the first time it is edited, so "edited" opens the same history view as in a direct
 * thread (edit-queries.ts). `id` is the history row's: the edit's id for mine, author-prefixed
 * for a member's (ids are unique, the prefix only mirrors the direct rows).
 */
export async function keepVersion(
	db: ChatDb,
	message: { id: MessageId; text: string; time: number; version?: number },
	edit: { id: string; author: PeerId | 'self'; version: number; text: string; time: number }
): Promise<void> {
	const rows: EditHistoryRow[] = [{ id: edit.id, target: message.id, author: edit.author, version: edit.version, text: edit.text, time: edit.time }];
	if ((message.version ?? 0) === 0) rows.push({ id: `${message.id}:0`, target: message.id, author: edit.author, version: 0, text: message.text, time: message.time });
	await db.editHistory.bulkPut(rows);
}

/** Inside a transaction over `editHistory`: a deleted message keeps no version of its text. */
export async function dropVersions(db: ChatDb, target: MessageId): Promise<void> {
	await db.editHistory.where('[target+version]').between([target, -Infinity], [target, Infinity]).delete();
}
