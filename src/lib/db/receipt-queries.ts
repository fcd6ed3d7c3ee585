import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { lastSentSequence } from './outbox-queries';

/**
 * The highest `seq` of a message from `peer` that this device has read (0 when none): what a
 * read receipt to them says. Walks the peer's messages from the newest down, past the unread
 * ones at the top (at most the unread count), to the first read one.
 */
export async function readUpToFrom(db: ChatDb, peer: PeerId): Promise<number> {
	let upTo = 0;
	await db.receiver
		.where('[conversationId+peerId+seq]')
		.between([peer, peer, 0], [peer, peer, Number.MAX_SAFE_INTEGER], true, true)
		.reverse()
		.until((row) => row.unread === 0, true)
		.each((row) => {
			if (row.unread === 0) upTo = row.seq;
		});
	return upTo;
}

/**
 * Applies a read receipt from `peer`: "read up to `upTo`", clamped to the highest seq we ever
 * sent them (a peer claiming more must not turn future messages into "read" before they exist).
 * Only ever moves forward; returns the new mark, or null when nothing changed.
 */
export async function recordReadReceipt(db: ChatDb, peer: PeerId, upTo: number): Promise<number | null> {
	const updated = await db.transaction('rw', db.users, db.sender, async () => {
		const [user, newest] = await Promise.all([db.users.get(peer), lastSentSequence(db, peer)]);
		const mark = Math.min(upTo, newest);
		if (!user || mark <= (user.readUpTo ?? 0)) return null;
		const row = { ...user, readUpTo: mark };
		await db.users.put(row);
		return row;
	});
	if (!updated) return null;
	db.changes.publish({ messages: [], users: [updated] });
	return updated.readUpTo ?? null;
}
