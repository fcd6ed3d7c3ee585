import type { GroupMessageFrame } from '../group/group-frames';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { recordOutgoingGroupMessage, type RecordedGroupMessage } from './group-outbox';
import type { SentRow } from './schema';

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
	if (body.kind === 'text') throw new Error('not an edit or delete');
	let updated: SentRow | undefined;
	const done = await db.transaction('rw', [db.groups, db.groupFrames, db.groupDelivery, db.sender], async () => {
		const row = await db.sender.get(body.target);
		if (!row || row.deletedAt !== undefined || (row.version ?? 0) !== expectedVersion) return { ok: false as const, reason: 'changed' as const };
		const recorded = await recordOutgoingGroupMessage(db, me, frame, now);
		if (!recorded.ok) return recorded;
		if (body.kind === 'edit') updated = { ...row, text: body.text, version: body.version, editedAt: now };
		else {
			const tombstone: Partial<SentRow> = { ...row, text: '', deletedAt: now };
			delete tombstone.version;
			delete tombstone.editedAt;
			updated = tombstone as SentRow;
		}
		await db.sender.put(updated);
		return recorded;
	});
	if (done.ok && updated) db.changes.publish({ messages: [{ ...updated, direction: 'out' }] });
	return done;
}
