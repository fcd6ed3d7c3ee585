import type { ChatDb } from './chat-db';
import { activity } from './conversation-activity';
import type { ReceivedRow, UserRow } from './schema';

/** 'refused': the author is blocked, or wrote it while blocked; nothing is stored. */
export type StoreResult = 'stored' | 'duplicate' | 'refused';

/** Stores a received message exactly once; a repeat of a known id changes nothing. */
/** Stores a received message exactly once; a repeat of a known id changes nothing. */
export async function storeIncoming(db: ChatDb, row: ReceivedRow, makeUser: () => UserRow): Promise<StoreResult> {
	return db.transaction('rw', db.receiver, db.users, async () => {
		const bySeq = db.receiver.where('[conversationId+peerId+seq]');
		const [existing, user, later] = await Promise.all([
			db.receiver.get(row.id),
			db.users.get(row.peerId),
			bySeq.between([row.conversationId, row.peerId, row.seq + 1], [row.conversationId, row.peerId, Infinity]).first()
		]);
		if (existing) return 'duplicate';
		if (user && isRefused(user, row.authoredAt)) return 'refused';
		if (user?.state === 'ignored') row = { ...row, unread: 0 };
		// A message that overtook an earlier one (it came over a newer channel) is placed before
		// the author's next message, so each author's messages always read in their order.
		if (later && later.time <= row.time) {
			const earlier = await bySeq.between([row.conversationId, row.peerId, 0], [row.conversationId, row.peerId, row.seq]).last();
			const floor = earlier && earlier.time < later.time ? earlier.time : later.time - 1;
			row = { ...row, time: (floor + later.time) / 2 };
		}
		await Promise.all([db.receiver.add(row), db.users.put({ ...(user ?? makeUser()), ...activity(row.time, row.text, false) })]);
		return 'stored';
	});
}

export async function markConversationRead(db: ChatDb, conversationId: string): Promise<void> {
	await db.receiver.where('[conversationId+unread]').equals([conversationId, 1]).modify({ unread: 0 });
}

function isRefused(user: UserRow, authoredAt: number): boolean {
	if (user.state === 'blocked') return true;
	return (user.blockWindows ?? []).some((window) => authoredAt >= window.from && authoredAt <= window.to);
}
