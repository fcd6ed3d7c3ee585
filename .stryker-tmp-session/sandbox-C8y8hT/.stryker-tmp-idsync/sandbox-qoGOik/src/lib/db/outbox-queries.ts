// @ts-nocheck
// 
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { activity } from './conversation-activity';
import type { SentRow } from './schema';

/** Writes the message as pending first; sending happens only after this commits. */
export async function addOutgoing(
	db: ChatDb,
	input: { id: MessageId; conversationId: string; peerId: PeerId; text: string; time: number }
): Promise<SentRow> {
	// Requests are issued together so the transaction costs two round trips to the IndexedDB
	// backend rather than four: this write sits on the critical path of every message.
	return db.transaction('rw', db.sender, db.users, async () => {
		const user = await db.users.get(input.peerId);
		const seq = (user?.lastSentSeq ?? (await lastSequenceInIndex(db, input.conversationId))) + 1;
		const row: SentRow = { ...input, seq, status: 'pending' };
		await Promise.all([
			db.sender.add(row),
			user ? db.users.put({ ...user, ...activity(input.time, input.text, true), lastSentSeq: seq }) : undefined
		]);
		return row;
	});
}

export async function pendingFor(db: ChatDb, peerId: PeerId, limit = Infinity): Promise<SentRow[]> {
	return db.sender
		.where('[peerId+status+seq]')
		.between([peerId, 'pending', 0], [peerId, 'pending', Infinity])
		.limit(limit)
		.toArray();
}

/** One transaction per ack batch; only rows addressed to the acking peer can move. */
export async function markSent(db: ChatDb, peerId: PeerId, ids: readonly MessageId[], now: number): Promise<number> {
	return db.transaction('rw', db.sender, async () => {
		const rows = await db.sender.bulkGet([...ids]);
		const updates = rows
			.filter((row): row is SentRow => row?.peerId === peerId && row.status === 'pending')
			.map((row) => ({ key: row.id, changes: { status: 'sent' as const, ackedAt: now } }));
		if (updates.length > 0) await db.sender.bulkUpdate(updates);
		return updates.length;
	});
}

/** The newest sequence number in the index: only for contacts written before the counter existed. */
async function lastSequenceInIndex(db: ChatDb, conversationId: string): Promise<number> {
	const last = await db.sender.where('[conversationId+seq]').between([conversationId, 0], [conversationId, Infinity]).last();
	return last?.seq ?? 0;
}

/** Messages or edits still waiting for this peer's ack. */
export async function hasPending(db: ChatDb, peerId: PeerId): Promise<boolean> {
	if ((await pendingFor(db, peerId, 1)).length > 0) return true;
	const edits = await db.edits.where('[peerId+status+time]').between([peerId, 'pending', -Infinity], [peerId, 'pending', Infinity]).count();
	return edits > 0;
}
