import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { activity } from './conversation-activity';
import { withDeliveredStatus } from './delivered-status';
import { REQUEST_MAX_TEXT_CHARS, REQUEST_MAX_VERSIONS, blockRefusal, isRequest } from './inbound-rules';
import type { EditHistoryRow, EditRow, ReceivedRow, SentRow, UserRow } from './schema';

/**
 * Edits one of our own messages. The row takes the new text at once (a message still pending
 * then leaves with it), and an edit frame is queued in the edit outbox as well, because a
 * pending message may already be on its way with the old text.
 */
export async function editOwnMessage(
	db: ChatDb,
	input: { editId: MessageId; target: MessageId; text: string; now: number }
): Promise<EditRow | null> {
	const written = await db.transaction('rw', [db.sender, db.edits, db.editHistory, db.users, db.deliveryMarks], async () => {
		const row = await db.sender.get(input.target);
		if (!row || row.text === input.text || row.deletedAt !== undefined) return null;
		const version = (row.version ?? 0) + 1;
		const edit: EditRow = { id: input.editId, target: row.id, peerId: row.peerId, version, text: input.text, time: input.now, status: 'pending' };
		const history: EditHistoryRow[] = [{ id: edit.id, target: row.id, author: 'self', version, text: input.text, time: input.now }];
		if (version === 1) history.push({ id: `${row.id}:0`, target: row.id, author: 'self', version: 0, text: row.text, time: row.time });
		const message: SentRow = { ...row, text: input.text, version, editedAt: input.now };
		const [, , , user, mark] = await Promise.all([
			db.sender.put(message),
			db.edits.add(edit),
			db.editHistory.bulkPut(history),
			refreshPreview(db, row.peerId, row.time, input.text, true),
			db.deliveryMarks.get(row.peerId)
		]);
		// The stored status may lag the delivery mark: readers see the message as delivered.
		return { edit, message: withDeliveredStatus(message, mark?.sentThrough), user };
	});
	if (!written) return null;
	db.changes.publish({ messages: [{ ...written.message, direction: 'out' }], users: written.user ? [written.user] : [] });
	return written.edit;
}

export async function pendingEditsFor(db: ChatDb, peerId: PeerId): Promise<EditRow[]> {
	return db.edits.where('[peerId+status+time]').between([peerId, 'pending', -Infinity], [peerId, 'pending', Infinity]).toArray();
}

/**
 * 'duplicate': this author's edit was stored before (acked again, nothing changes). Refusals
 * write nothing and are not acked: 'not-author', 'id-taken' (the id is one of ours or a
 * message's), 'unknown-target' (the message has not arrived; the author retries on the next
 * connection), 'refused' (block rules), 'over-quota' (a request's version cap).
 */
export type EditResult = 'applied' | 'superseded' | 'duplicate' | 'not-author' | 'id-taken' | 'unknown-target' | 'refused' | 'over-quota';

/**
 * Applies a received edit. Only the author's own session may edit a message. Every version is
 * kept for the history view, keyed by author and edit id so nobody can overwrite another's
 * entry; the text shown is the highest version, ties broken by edit id, so both sides converge
 * whatever order edits arrive in.
 */
export async function applyIncomingEdit(
	db: ChatDb,
	edit: { id: MessageId; target: MessageId; version: number; text: string; author: PeerId; authoredAt: number; now: number }
): Promise<EditResult> {
	const outcome = await db.transaction('rw', [db.receiver, db.sender, db.edits, db.editHistory, db.users], async (): Promise<
		EditResult | { result: EditResult; message?: ReceivedRow; user?: UserRow }
	> => {
		const historyId = `${edit.author}:${edit.id}`;
		const [message, ours, ourEdit, sameId, user, stored] = await Promise.all([
			db.receiver.get(edit.target),
			db.sender.get(edit.target),
			db.edits.get(edit.id),
			Promise.all([db.sender.get(edit.id), db.receiver.get(edit.id)]),
			db.users.get(edit.author),
			db.editHistory.get(historyId)
		]);
		if (ours || (message && message.peerId !== edit.author)) return 'not-author';
		if (ourEdit || sameId.some(Boolean)) return 'id-taken';
		if (!message) return 'unknown-target';
		// Deleted for everyone: the tombstone beats every version; acked so the author stops.
		if (stored || message.deletedAt !== undefined) return 'duplicate';
		if (blockRefusal(user, edit.authoredAt, edit.now)) return 'refused';
		if (isRequest(user) && (await overRequestQuota(db, edit.author, message.id, edit.text.length))) return 'over-quota';
		const writes: Promise<unknown>[] = [
			db.editHistory.add({ id: historyId, target: edit.target, author: edit.author, version: edit.version, text: edit.text, time: edit.now })
		];
		const originalId = `${message.id}:0`;
		if ((message.version ?? 0) === 0 && edit.version >= 1 && !(await db.editHistory.get(originalId))) {
			writes.push(db.editHistory.add({ id: originalId, target: message.id, author: edit.author, version: 0, text: message.text, time: message.time }));
		}
		if (!isNewer(edit, message)) {
			await Promise.all(writes);
			return 'superseded';
		}
		const updated: ReceivedRow = { ...message, text: edit.text, version: edit.version, editId: edit.id, editedAt: edit.now };
		writes.push(db.receiver.put(updated));
		const [contact] = await Promise.all([refreshPreview(db, message.peerId, message.time, edit.text, false), ...writes]);
		return { result: 'applied', message: updated, user: contact };
	});
	if (typeof outcome === 'string') return outcome;
	if (outcome.message) db.changes.publish({ messages: [{ ...outcome.message, direction: 'in' }], users: outcome.user ? [outcome.user] : [] });
	return outcome.result;
}

/**
 * A request's edits count against its quotas: versions per message, and their text against the
 * same character quota as its messages (else edits would store text the quota never saw).
 */
async function overRequestQuota(db: ChatDb, author: PeerId, target: MessageId, textChars: number): Promise<boolean> {
	if ((await editHistoryOf(db, target)).length >= REQUEST_MAX_VERSIONS) return true;
	const [messages, edits] = await Promise.all([
		db.receiver.where('[conversationId+time]').between([author, -Infinity], [author, Infinity]).toArray(),
		requestEditChars(db, author)
	]);
	const used = messages.reduce((sum, row) => sum + row.text.length, 0) + edits;
	return used + textChars > REQUEST_MAX_TEXT_CHARS;
}

/**
 * Characters of every edit version an author's edits stored (history ids start with the author).
 * Charged on top of the messages' current text: a request is capped, not billed exactly.
 */
export async function requestEditChars(db: ChatDb, author: PeerId): Promise<number> {
	const rows = await db.editHistory.where('id').startsWith(`${author}:`).toArray();
	return rows.reduce((sum, row) => sum + row.text.length, 0);
}

/**
 * The conversation list previews the newest message; an edit of that message changes it.
 * Returns the contact row as written, or undefined when the preview stays.
 */
async function refreshPreview(db: ChatDb, peerId: PeerId, messageTime: number, text: string, outgoing: boolean): Promise<UserRow | undefined> {
	const user = await db.users.get(peerId);
	if (!user || user.lastActivity !== messageTime) return undefined;
	const updated = { ...user, preview: activity(messageTime, text, outgoing).preview };
	await db.users.put(updated);
	return updated;
}

function isNewer(edit: { id: string; version: number }, message: ReceivedRow): boolean {
	const current = message.version ?? 0;
	return edit.version > current || (edit.version === current && edit.id > (message.editId ?? ''));
}

/** Every version of a message, oldest first. */
export async function editHistoryOf(db: ChatDb, target: MessageId): Promise<EditHistoryRow[]> {
	return db.editHistory.where('[target+version]').between([target, -Infinity], [target, Infinity]).toArray();
}
