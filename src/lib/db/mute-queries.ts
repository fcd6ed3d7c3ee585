import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import type { UserRow } from './schema';

/**
 * Mutes or unmutes a conversation: kept on the contact's row, so it survives reloads, and
 * published like any other row change, so the list, the unread total and other tabs follow.
 */
export async function setMuted(db: ChatDb, peerId: PeerId, muted: boolean): Promise<void> {
	const updated = await db.transaction('rw', db.users, async () => {
		const user = await db.users.get(peerId);
		if (!user || (user.muted ?? false) === muted) return undefined;
		const row: UserRow = { ...user, muted };
		await db.users.put(row);
		return row;
	});
	if (updated) db.changes.publish({ messages: [], users: [updated] });
}
