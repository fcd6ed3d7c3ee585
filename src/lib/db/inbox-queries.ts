import type { ChatDb } from './chat-db';
import type { FileRow } from './file-rows';
import { activity, previewText } from './conversation-activity';
import type { PeerId } from '../ids/peer-id';
import {
	OVERTAKE_WINDOW_MS,
	REQUEST_MAX_MESSAGES,
	REQUEST_MAX_TEXT_CHARS,
	REQUESTS_MAX_MESSAGES,
	REQUESTS_MAX_PEERS,
	blockRefusal,
	isRequest
} from './inbound-rules';
import type { ReceivedRow, ThreadMessage, UserRow } from './schema';
import { requestEditChars } from './edit-queries';
import { getByIds, hasIds } from './id-lookup';

/**
 * 'refused': the author is blocked, or the message claims a time the block rules refuse
 * (inbound-rules.ts). 'id-taken': the id is one of ours (a message or edit we wrote) or another
 * author's message. 'over-quota': a request over its quota. Only 'stored' and 'duplicate' are
 * acknowledged; nothing is written for the others.
 */
export type StoreResult = 'stored' | 'duplicate' | 'refused' | 'id-taken' | 'over-quota';

/** Stores a received message exactly once; a repeat of a known id changes nothing. */
export async function storeIncoming(db: ChatDb, row: ReceivedRow, makeUser: () => UserRow): Promise<StoreResult> {
	const [result] = await storeIncomingBatch(db, [row], makeUser);
	return result ?? 'duplicate';
}

/**
 * Stores a run of messages from ONE author in one conversation, in one transaction: an outbox
 * flush of thousands of messages costs a few transactions instead of one each. Each message is
 * still stored at most once (by id), and refused ones are not stored at all. A file message's
 * `files` row (by message id in `files`) is added with it, in the same transaction; from a
 * stranger (a message request) it is stored `waiting`, not fetched until accepted (PROTOCOL §13).
 */
export async function storeIncomingBatch(
	db: ChatDb,
	rows: readonly ReceivedRow[],
	makeUser: () => UserRow,
	files: ReadonlyMap<string, FileRow> = new Map()
): Promise<StoreResult[]> {
	const first = rows[0];
	if (!first) return [];
	const { conversationId, peerId } = first;
	const written = await db.transaction('rw', [db.receiver, db.users, db.sender, db.edits, db.editHistory, db.files], async () => {
		const ids = rows.map((row) => row.id);
		const bySeq = db.receiver.where('[conversationId+peerId+seq]');
		// Range reads, not one get per id (id-lookup.ts): the checks below cost a few requests per batch.
		const [existing, ours, ourEdits, user, newest] = await Promise.all([
			getByIds(db.receiver, ids),
			hasIds(db.sender, ids),
			hasIds(db.edits, ids),
			db.users.get(peerId),
			bySeq.between([conversationId, peerId, 0], [conversationId, peerId, Infinity]).last()
		]);
		// A group member who is not my contact ('group') writing to me directly is a stranger here:
		// their direct messages land as a request, under the request quotas (SECURITY "Groups").
		const asRequest = isRequest(user) || user?.state === 'group';
		const quota = asRequest ? await requestQuota(db, peerId) : null;
		const results: StoreResult[] = [];
		const toAdd: ReceivedRow[] = [];
		const seen = new Set<string>();
		for (const [i, original] of rows.entries()) {
			const known = existing[i];
			if (ours[i] || ourEdits[i] || (known && known.peerId !== peerId)) {
				results.push('id-taken');
				continue;
			}
			if (known || seen.has(original.id)) {
				results.push('duplicate');
				continue;
			}
			if (blockRefusal(user, original.authoredAt, original.time)) {
				results.push('refused');
				continue;
			}
			if (quota && !quota.take(original.text.length)) {
				results.push('over-quota');
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
		if (!last) return { results, stored: toAdd, user: undefined };
		const latest = toAdd.reduce((a, b) => (b.time > a.time ? b : a), last);
		const base = user?.state === 'group' ? { ...user, state: 'request' as const } : (user ?? makeUser());
		const unread = (base.unread ?? 0) + toAdd.filter((row) => row.unread === 1).length;
		const updated: UserRow = { ...base, ...activity(latest.time, previewText(latest.text, files.get(latest.id)), false), unread };
		const fileRows = toAdd.flatMap((row) => {
			const file = files.get(row.id);
			if (file === undefined) return [];
			return [asRequest ? { ...file, state: 'waiting' as const, problem: REQUEST_PROBLEM } : file];
		});
		// bulkAdd, never bulkPut: a row that slipped past the checks above must fail, not overwrite.
		await Promise.all([db.receiver.bulkAdd(toAdd), db.users.put(updated), fileRows.length > 0 ? db.files.bulkAdd(fileRows) : undefined]);
		return { results, stored: toAdd, user: updated };
	});
	if (written.user) db.changes.publish({ messages: written.stored.map(incoming), users: [written.user] });
	return written.results;
}

/** A received file's `problem` while its message is a request not accepted yet. */
export const REQUEST_PROBLEM = 'request';

export function incoming(row: ReceivedRow): ThreadMessage {
	return { ...row, direction: 'in' };
}

async function placeBefore(db: ChatDb, row: ReceivedRow): Promise<ReceivedRow> {
	const bySeq = db.receiver.where('[conversationId+peerId+seq]');
	const key = [row.conversationId, row.peerId] as const;
	const later = await bySeq.between([...key, row.seq + 1], [...key, Infinity]).first();
	if (!later || later.time > row.time || row.time - later.time > OVERTAKE_WINDOW_MS) return row;
	const earlier = await bySeq.between([...key, 0], [...key, row.seq]).last();
	const floor = earlier && earlier.time < later.time ? earlier.time : later.time - 1;
	return { ...row, time: (floor + later.time) / 2 };
}

/**
 * What a request may still store: its own share (messages and text) and the share of all
 * requests together (messages and number of requesters).
 */
async function requestQuota(db: ChatDb, peerId: PeerId): Promise<{ take(textChars: number): boolean }> {
	const requesters = (await db.users.toArray()).filter((user) => isRequest(user) && user.peerId !== peerId);
	const countOf = (peer: string) => db.receiver.where('[conversationId+time]').between([peer, -Infinity], [peer, Infinity]);
	const [own, others, editChars] = await Promise.all([
		countOf(peerId).limit(REQUEST_MAX_MESSAGES + 1).toArray(),
		Promise.all(requesters.map((user) => countOf(user.peerId).count())),
		requestEditChars(db, peerId)
	]);
	let messages = own.length;
	// Edit text counts too: the character quota covers everything the request stored.
	let chars = own.reduce((sum, row) => sum + row.text.length, 0) + editChars;
	let total = others.reduce((sum, n) => sum + n, 0) + messages;
	const roomForPeer = messages > 0 || requesters.length < REQUESTS_MAX_PEERS;
	return {
		take(textChars) {
			if (!roomForPeer || messages >= REQUEST_MAX_MESSAGES || total >= REQUESTS_MAX_MESSAGES) return false;
			if (chars + textChars > REQUEST_MAX_TEXT_CHARS) return false;
			messages += 1;
			total += 1;
			chars += textChars;
			return true;
		}
	};
}

/**
 * Marks the conversation read. The contact row's count answers "anything to do?" without a
 * write transaction, so opening a read conversation (the common case) writes nothing.
 */
export async function markConversationRead(db: ChatDb, conversationId: string): Promise<void> {
	const known = await db.users.get(conversationId);
	if (known && !known.unread) return;
	const changed = await db.transaction('rw', db.receiver, db.users, () => readAll(db, conversationId));
	if (changed) db.changes.publish(changed);
}

/**
 * Inside a transaction over receiver and users: clears the conversation's unread rows and the
 * contact's count; what changed, for the feed, or null when nothing did.
 */
export async function readAll(db: ChatDb, conversationId: string): Promise<{ messages: ThreadMessage[]; users: UserRow[] } | null> {
	const [rows, user] = await Promise.all([
		db.receiver.where('[conversationId+unread]').equals([conversationId, 1]).toArray(),
		db.users.get(conversationId)
	]);
	const read = rows.map((row) => ({ ...row, unread: 0 as const }));
	const users = user && user.unread !== 0 ? [{ ...user, unread: 0 }] : [];
	if (read.length === 0 && users.length === 0) return null;
	await Promise.all([read.length > 0 ? db.receiver.bulkPut(read) : undefined, users.length > 0 ? db.users.bulkPut(users) : undefined]);
	return { messages: read.map(incoming), users };
}
