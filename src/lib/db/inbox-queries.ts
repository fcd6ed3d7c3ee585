import type { ChatDb } from './chat-db';
import { activity } from './conversation-activity';
import type { ReceivedRow, UserRow } from './schema';

/** 'refused': the author is blocked, or wrote it while blocked; nothing is stored. */
export type StoreResult = 'stored' | 'duplicate' | 'refused';

/** Stores a received message exactly once; a repeat of a known id changes nothing. */
export async function storeIncoming(db: ChatDb, row: ReceivedRow, makeUser: () => UserRow): Promise<StoreResult> {
	const [result] = await storeIncomingBatch(db, [row], makeUser);
	return result ?? 'duplicate';
}

/**
 * Stores a run of messages from ONE author in one conversation, in one transaction: an outbox
 * flush of thousands of messages costs a few transactions instead of one each. Each message is
 * still stored at most once (by id), and refused ones are not stored at all.
 */
export async function storeIncomingBatch(db: ChatDb, rows: readonly ReceivedRow[], makeUser: () => UserRow): Promise<StoreResult[]> {
	const first = rows[0];
	if (!first) return [];
	const { conversationId, peerId } = first;
	return db.transaction('rw', db.receiver, db.users, async () => {
		const bySeq = db.receiver.where('[conversationId+peerId+seq]');
		const [existing, user, newest] = await Promise.all([
			db.receiver.bulkGet(rows.map((row) => row.id)),
			db.users.get(peerId),
			bySeq.between([conversationId, peerId, 0], [conversationId, peerId, Infinity]).last()
		]);
		const results: StoreResult[] = [];
		const toAdd: ReceivedRow[] = [];
		const seen = new Set<string>();
		for (const [i, original] of rows.entries()) {
			if (existing[i] || seen.has(original.id)) {
				results.push('duplicate');
				continue;
			}
			if (user && isRefused(user, original.authoredAt)) {
				results.push('refused');
				continue;
			}
			let row = user?.state === 'ignored' ? { ...original, unread: 0 as const } : original;
			// A message that overtook an earlier one (it came over a newer channel) is placed before
			// the author's next message, so each author's messages always read in their order.
			if (newest && row.seq < newest.seq) row = await placeBefore(db, row);
			seen.add(row.id);
			toAdd.push(row);
			results.push('stored');
		}
		const last = toAdd.at(-1);
		if (last) {
			const latest = toAdd.reduce((a, b) => (b.time > a.time ? b : a), last);
			await Promise.all([
				db.receiver.bulkAdd(toAdd),
				db.users.put({ ...(user ?? makeUser()), ...activity(latest.time, latest.text, false) })
			]);
		}
		return results;
	});
}

async function placeBefore(db: ChatDb, row: ReceivedRow): Promise<ReceivedRow> {
	const bySeq = db.receiver.where('[conversationId+peerId+seq]');
	const key = [row.conversationId, row.peerId] as const;
	const later = await bySeq.between([...key, row.seq + 1], [...key, Infinity]).first();
	if (!later || later.time > row.time) return row;
	const earlier = await bySeq.between([...key, 0], [...key, row.seq]).last();
	const floor = earlier && earlier.time < later.time ? earlier.time : later.time - 1;
	return { ...row, time: (floor + later.time) / 2 };
}

export async function markConversationRead(db: ChatDb, conversationId: string): Promise<void> {
	await db.receiver.where('[conversationId+unread]').equals([conversationId, 1]).modify({ unread: 0 });
}

function isRefused(user: UserRow, authoredAt: number): boolean {
	if (user.state === 'blocked') return true;
	return (user.blockWindows ?? []).some((window) => authoredAt >= window.from && authoredAt <= window.to);
}
