import type { ChatDb } from './chat-db';

/**
 * The newest local time this device ever stored: message `time` (threads sort by it) and a
 * contact's `lastActivity` (the conversation list sorts by it). The device clock starts above it,
 * so the high-water mark is persisted by the rows themselves, at no extra write per message.
 * Three index reads (the last key of each `time` index), whatever the size of the tables.
 */
export async function newestStoredTime(db: ChatDb): Promise<number> {
	const [sent, received, user] = await db.transaction('r', db.sender, db.receiver, db.users, () =>
		Promise.all([db.sender.orderBy('time').last(), db.receiver.orderBy('time').last(), db.users.orderBy('lastActivity').last()])
	);
	return Math.max(0, sent?.time ?? 0, received?.time ?? 0, user?.lastActivity ?? 0);
}
