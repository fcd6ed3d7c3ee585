import type { GroupId } from '../group/group-ids';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { settleSent } from './group-outbox';
import type { GroupDeliveryRow, GroupRow } from './schema';

/**
 * Applies a member's group read receipt ("I have read your messages in this group up to your seq
 * N", PROTOCOL §12g) in ONE transaction: that member's delivery rows at or below N get `readAt`.
 * A copy still pending is marked delivered too: a receipt only ever counts stored rows, so the
 * member holds it (its ack may still be on the way). Refused (nothing written) when the sender
 * is not a current member by my state. Rows only exist for what I sent, so a claim past my
 * newest seq marks nothing later messages could inherit. Returns how many copies moved.
 *
 * Every receipt marks every row at or below its N, so each member's read rows are a prefix of
 * their rows in seq order: the newest-first walk stops at the first read row, and a receipt
 * costs the rows it moves plus one.
 */
export async function recordGroupRead(db: ChatDb, member: PeerId, group: GroupId, upTo: number, now: number): Promise<number> {
	const done = await db.transaction('rw', [db.groups, db.groupDelivery, db.sender], async () => {
		const row: GroupRow | undefined = await db.groups.get(group);
		if (!row?.state.members.has(member)) return { moved: 0, touched: [] };
		const byStatus = db.groupDelivery.where('[member+status+group+seq]');
		const [pending, unreadSent] = await Promise.all([
			byStatus.between([member, 'pending', group, 0], [member, 'pending', group, upTo], true, true).toArray(),
			byStatus
				.between([member, 'sent', group, 0], [member, 'sent', group, upTo], true, true)
				.reverse()
				.until((copy) => copy.readAt !== undefined)
				.toArray()
		]);
		const read = [...pending, ...unreadSent].map((copy): GroupDeliveryRow => ({ ...copy, status: 'sent', ackedAt: copy.ackedAt ?? now, readAt: now }));
		if (read.length === 0) return { moved: 0, touched: [] };
		await db.groupDelivery.bulkPut(read);
		return { moved: read.length, touched: await settleSent(db, read.map((copy) => copy.messageId)) };
	});
	if (done.touched.length > 0) db.changes.publish({ messages: done.touched.map((row) => ({ ...row, direction: 'out' })), statusOnly: true });
	return done.moved;
}

/**
 * The highest seq of `author`'s messages in the group that this device has read (0 when none):
 * what a group read receipt to them says. Walks their messages newest first, past the unread ones
 * at the top, to the first read one.
 */
export async function groupReadUpTo(db: ChatDb, group: GroupId, author: PeerId): Promise<number> {
	let upTo = 0;
	await db.receiver
		.where('[conversationId+peerId+seq]')
		.between([group, author, 0], [group, author, Number.MAX_SAFE_INTEGER], true, true)
		.reverse()
		.until((row) => row.unread === 0, true)
		.each((row) => {
			if (row.unread === 0) upTo = row.seq;
		});
	return upTo;
}

/** Groups I am in that `peer` is in too, by my state: where my read receipts to them may go. */
export async function groupsSharedWith(db: ChatDb, peer: PeerId): Promise<GroupId[]> {
	const shared: GroupId[] = [];
	await db.groups.each((row) => {
		if ((row.role === 'admin' || row.role === 'member') && row.state.members.has(peer)) shared.push(row.id);
	});
	return shared;
}
