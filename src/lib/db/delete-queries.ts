import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { dropFiles } from './file-store';
import { blockRefusal, isRequest } from './inbound-rules';
import type { EditHistoryRow, EditRow, ReceivedRow, SentRow, UserRow } from './schema';

/** What the conversation list shows when the newest message was deleted for everyone. */
export const DELETED_PREVIEW = 'This message was deleted';
/**
 * A delete is recorded in the edit history as the version above every edit: the search index's
 * catch-up (editsSince) then re-reads the tombstone after a restart that came before an index save.
 */
export const TOMBSTONE_VERSION = Number.MAX_SAFE_INTEGER;

/**
 * Deletes one of our messages for everyone: the row keeps its place as a tombstone without
 * text, every version and every edit row that carried its text is removed, and a delete frame
 * joins the edit outbox (it goes after pending messages, like edits). A message still pending
 * is never sent after this (its row leaves the outbox): the delete alone reaches the peer.
 * Null when there is no such message of ours, or it is already deleted.
 */
export async function deleteOwnMessage(db: ChatDb, input: { deleteId: MessageId; target: MessageId; now: number }): Promise<EditRow | null> {
	const written = await db.transaction('rw', [db.sender, db.edits, db.editHistory, db.users, db.files, db.fileChunks], async () => {
		const row = await db.sender.get(input.target);
		if (!row || row.deletedAt !== undefined) return null;
		const outbox: EditRow = { id: input.deleteId, target: row.id, peerId: row.peerId, version: TOMBSTONE_VERSION, text: '', time: input.now, status: 'pending', kind: 'delete' };
		const message: SentRow = tombstone({ ...row, status: 'sent' }, input.now);
		const [user] = await Promise.all([
			previewAfterDelete(db, row.peerId, row.time, true),
			db.sender.put(message),
			wipeVersions(db, row.id, { id: outbox.id, author: 'self', time: input.now }),
			db.edits.where('target').equals(row.id).delete(),
			// A file message's file goes with it (PROTOCOL §13): nobody is served it any more.
			dropFiles(db, [row.id])
		]);
		await db.edits.add(outbox);
		return { outbox, message, user };
	});
	if (!written) return null;
	db.changes.publish({ messages: [{ ...written.message, direction: 'out' }], users: written.user ? [written.user] : [] });
	return written.outbox;
}

/**
 * 'applied': the message is now a tombstone; 'planted': it had not arrived, so a tombstone was
 * stored in its place (its later arrival is then a duplicate); 'duplicate': already deleted;
 * 'absent': a message request deleted a message that never arrived (nothing is stored: a
 * stranger may not plant rows outside its quota; its author never sends the message after
 * the delete). These four are acked. Refusals write nothing and are not acked: 'not-author',
 * 'id-taken', 'refused' (block rules).
 */
export type DeleteResult = 'applied' | 'planted' | 'duplicate' | 'absent' | 'not-author' | 'id-taken' | 'refused';

/**
 * Applies a received delete-for-everyone. Same author check, id rules and block rules as an
 * edit (PROTOCOL §6a). The tombstone beats every version: edits that arrive later change
 * nothing, and a delete that arrives before its message leaves a tombstone the message cannot
 * replace, so both sides end with the same tombstone whatever the order.
 */
export async function applyIncomingDelete(
	db: ChatDb,
	frame: { id: MessageId; target: MessageId; author: PeerId; authoredAt: number; now: number }
): Promise<DeleteResult> {
	const outcome = await db.transaction('rw', [db.receiver, db.sender, db.edits, db.editHistory, db.users, db.files, db.fileChunks], async () => {
		const [message, ours, ourEdit, sameId, user] = await Promise.all([
			db.receiver.get(frame.target),
			db.sender.get(frame.target),
			db.edits.get(frame.id),
			Promise.all([db.sender.get(frame.id), db.receiver.get(frame.id)]),
			db.users.get(frame.author)
		]);
		if (ours || (message && message.peerId !== frame.author)) return { result: 'not-author' as const };
		if (ourEdit || sameId.some(Boolean)) return { result: 'id-taken' as const };
		if (message?.deletedAt !== undefined) return { result: 'duplicate' as const };
		if (blockRefusal(user, frame.authoredAt, frame.now)) return { result: 'refused' as const };
		if (!message) {
			if (isRequest(user)) return { result: 'absent' as const };
			const planted: ReceivedRow = {
				...{ id: frame.target, conversationId: frame.author, peerId: frame.author, seq: 0, text: '', authoredAt: frame.authoredAt },
				...{ time: frame.now, unread: 0, deletedAt: frame.now, deleteId: frame.id }
			};
			await Promise.all([db.receiver.add(planted), wipeVersions(db, frame.target, { id: frame.id, author: frame.author, time: frame.now })]);
			return { result: 'planted' as const, message: planted };
		}
		const updated: ReceivedRow = { ...tombstone(message, frame.now), unread: 0, deleteId: frame.id };
		const [contact] = await Promise.all([
			previewAfterDelete(db, frame.author, message.time, false, message.unread === 1),
			db.receiver.put(updated),
			wipeVersions(db, message.id, { id: frame.id, author: frame.author, time: frame.now }),
			dropFiles(db, [message.id])
		]);
		return { result: 'applied' as const, message: updated, user: contact };
	});
	if (outcome.message) db.changes.publish({ messages: [{ ...outcome.message, direction: 'in' }], users: outcome.user ? [outcome.user] : [] });
	return outcome.result;
}

/**
 * Delete for me: the message, its versions and its edit rows leave this device's database;
 * nothing is sent (a pending message of ours is then never delivered). Readers reload the
 * conversation, and the search index drops what the database no longer has.
 */
export async function deleteForMe(db: ChatDb, id: MessageId): Promise<boolean> {
	const removed = await db.transaction('rw', [db.sender, db.receiver, db.edits, db.editHistory, db.users, db.files, db.fileChunks], async () => {
		const [sent, received] = await Promise.all([db.sender.get(id), db.receiver.get(id)]);
		const row = sent ?? received;
		if (!row) return null;
		const [user] = await Promise.all([
			previewAfterRemoval(db, row.peerId, row.time, received?.unread === 1 && !sent),
			sent ? db.sender.delete(id) : db.receiver.delete(id),
			db.editHistory.where('[target+version]').between([id, -Infinity], [id, Infinity]).delete(),
			db.edits.where('target').equals(id).delete(),
			dropFiles(db, [id])
		]);
		return { row, user };
	});
	if (!removed) return false;
	db.changes.publish({ messages: [], users: removed.user ? [removed.user] : [], cleared: [removed.row.conversationId] });
	return true;
}

/** The row without its text or any trace of its versions. */
function tombstone<Row extends SentRow | ReceivedRow>(row: Row, now: number): Row {
	const copy: Partial<ReceivedRow> = { ...row, text: '', deletedAt: now };
	delete copy.version;
	delete copy.editedAt;
	delete copy.editId;
	// Made from the audio, so it goes with it (issue 13).
	delete copy.transcript;
	return copy as Row;
}

/** Removes every stored version of the message and records the delete above them all. */
async function wipeVersions(db: ChatDb, target: MessageId, by: { id: string; author: PeerId | 'self'; time: number }): Promise<void> {
	await db.editHistory.where('[target+version]').between([target, -Infinity], [target, Infinity]).delete();
	const marker: EditHistoryRow = { id: `${by.author}:${by.id}`, target, author: by.author, version: TOMBSTONE_VERSION, text: '', time: by.time };
	await db.editHistory.put(marker);
}

/** The contact row after its message at `time` became a tombstone: preview text gone, unread count down. */
async function previewAfterDelete(db: ChatDb, peerId: PeerId, time: number, outgoing: boolean, wasUnread = false): Promise<UserRow | undefined> {
	const user = await db.users.get(peerId);
	if (!user || (user.lastActivity !== time && !wasUnread)) return undefined;
	const updated: UserRow = { ...user };
	if (user.lastActivity === time) updated.preview = { text: DELETED_PREVIEW, outgoing };
	if (wasUnread) updated.unread = Math.max(0, (user.unread ?? 1) - 1);
	await db.users.put(updated);
	return updated;
}

/** The contact row after its message at `time` was removed: no preview of text that is gone. */
async function previewAfterRemoval(db: ChatDb, peerId: PeerId, time: number, wasUnread: boolean): Promise<UserRow | undefined> {
	const user = await db.users.get(peerId);
	if (!user || (user.lastActivity !== time && !wasUnread)) return undefined;
	const updated: UserRow = { ...user };
	if (user.lastActivity === time) delete updated.preview;
	if (wasUnread) updated.unread = Math.max(0, (user.unread ?? 1) - 1);
	await db.users.put(updated);
	return updated;
}
