import type { GroupId } from '../group/group-ids';
import type { ChatDb } from './chat-db';
import type { GroupOpRow, GroupRow } from './schema';

/**
 * Read-only queries the group UI needs beyond group-store.ts: the stored membership ops with
 * the local time each arrived, oldest first, from which the thread derives its system lines
 * ("Alice added Dave"); those lines are never stored as messages.
 */
export async function groupOpRows(db: ChatDb, group: GroupId): Promise<GroupOpRow[]> {
	return db.groupOps.where('[group+time]').between([group, -Infinity], [group, Infinity]).toArray();
}

/** Every group, newest activity first (the conversation list merges them with `users`). */
export async function listGroups(db: ChatDb): Promise<GroupRow[]> {
	return db.groups.orderBy('lastActivity').reverse().toArray();
}
