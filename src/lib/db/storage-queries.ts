import type { ChatDb } from './chat-db';

/** What this device holds, for the storage section of the settings. */
export interface StoredCounts {
	/** Messages written here and received, in every conversation. */
	messages: number;
	/** Everyone in the address book: contacts, requests, ignored and blocked people. */
	people: number;
}

/** Counts from the primary keys only: no row is read. */
export async function storedCounts(db: ChatDb): Promise<StoredCounts> {
	return db.transaction('r', db.sender, db.receiver, db.users, async () => {
		const [sent, received, people] = await Promise.all([db.sender.count(), db.receiver.count(), db.users.count()]);
		return { messages: sent + received, people };
	});
}
