import type { ChatDb } from './chat-db';
import type { ReceivedRow, SearchIndexRow, SentRow, ThreadMessage, UserRow } from './schema';

/** The message tables, by the direction of their messages. */
export type MessageTable = 'sender' | 'receiver';

export async function loadSearchIndex(db: ChatDb): Promise<SearchIndexRow | undefined> {
	return db.searchIndex.get('index');
}

/**
 * Databases that refused a Blob. WebKit's private and automation sessions fail every Blob put
 * with UnknownError; without another form the index could never be saved there and every
 * start would rebuild it from all messages.
 */
const refusesBlobs = new WeakSet<ChatDb>();

/**
 * Stores the saved index: as a Blob (the worker reads it without the page holding the bytes),
 * or, where the database refuses Blobs, as the same bytes in an ArrayBuffer (remembered for
 * the rest of the session, so later saves do not fail first). A failure that bytes do not get
 * around (quota, I/O) is reported as it was.
 */
export async function saveSearchIndex(db: ChatDb, row: Omit<SearchIndexRow, 'key'>): Promise<void> {
	const { json } = row;
	if (!(json instanceof Blob)) {
		await db.searchIndex.put({ key: 'index', ...row });
		return;
	}
	if (!refusesBlobs.has(db)) {
		try {
			await db.searchIndex.put({ key: 'index', ...row });
			return;
		} catch (error) {
			try {
				await db.searchIndex.put({ key: 'index', ...row, json: await json.arrayBuffer() });
			} catch {
				throw error;
			}
			refusesBlobs.add(db);
			console.warn('search: this browser does not store Blobs in IndexedDB; the index is saved as bytes');
			return;
		}
	}
	await db.searchIndex.put({ key: 'index', ...row, json: await json.arrayBuffer() });
}

export async function deleteSearchIndex(db: ChatDb): Promise<void> {
	await db.searchIndex.delete('index');
}

/**
 * Up to `limit` rows of one table stored at or after `since`, oldest first, through the plain
 * `time` index: how the search index catches up with what it has not seen.
 */
export async function messagesStoredSince(db: ChatDb, table: MessageTable, since: number, limit: number): Promise<(SentRow | ReceivedRow)[]> {
	const source: ChatDb['sender'] | ChatDb['receiver'] = db[table];
	return (await source.where('time').aboveOrEqual(since).limit(limit).toArray()) as (SentRow | ReceivedRow)[];
}

/** Rows in both tables: compared with the index's count to notice rows it never got. */
export async function messageCount(db: ChatDb): Promise<number> {
	const [sent, received] = await Promise.all([db.sender.count(), db.receiver.count()]);
	return sent + received;
}

/** Every message id (keys only, no rows read): for repairing an index that drifted. */
export async function allMessageIds(db: ChatDb): Promise<string[]> {
	const [sent, received] = await Promise.all([db.sender.toCollection().primaryKeys(), db.receiver.toCollection().primaryKeys()]);
	return [...sent, ...received];
}

/** The messages with these ids, in the order asked, whichever table holds them; missing ones are skipped. */
export async function messagesByIds(db: ChatDb, ids: readonly string[]): Promise<ThreadMessage[]> {
	const [sent, received] = await Promise.all([db.sender.bulkGet([...ids]), db.receiver.bulkGet([...ids])]);
	const found: ThreadMessage[] = [];
	ids.forEach((_, i) => {
		const out = sent[i];
		const into = received[i];
		if (out) found.push({ ...out, direction: 'out' });
		else if (into) found.push({ ...into, direction: 'in' });
	});
	return found;
}

export async function usersByIds(db: ChatDb, peerIds: readonly string[]): Promise<Map<string, UserRow>> {
	const unique = [...new Set(peerIds)];
	const rows = await db.users.bulkGet(unique);
	return new Map(rows.filter((row): row is UserRow => row !== undefined).map((row) => [row.peerId, row]));
}

/**
 * Search hits as shown: the rows (in the order asked) and their authors' contact rows, in one
 * read transaction rather than one per table, since the first result waits for this read.
 */
export async function hitsWithAuthors(db: ChatDb, ids: readonly string[]): Promise<{ rows: ThreadMessage[]; users: Map<string, UserRow> }> {
	return db.transaction('r', db.sender, db.receiver, db.users, async () => {
		const rows = await messagesByIds(db, ids);
		return { rows, users: await usersByIds(db, rows.map((row) => row.peerId)) };
	});
}

/**
 * Edits recorded at or after `since` (an edit keeps its message's `time`, so the time index
 * does not see it). Edits are few next to messages, so reading their history table whole is cheap.
 */
export async function editsSince(db: ChatDb, since: number): Promise<{ id: string; target: string; time: number }[]> {
	const rows = await db.editHistory.filter((row) => row.time >= since).toArray();
	return rows.map(({ id, target, time }) => ({ id, target, time }));
}
