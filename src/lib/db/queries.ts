import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import type { ReceivedRow, SentRow, ThreadMessage, UserRow } from './schema';

const PREVIEW_CHARS = 120;

export interface ConversationSummary {
	user: UserRow;
	unread: number;
}

export async function listConversations(db: ChatDb): Promise<ConversationSummary[]> {
	const users = await db.users.orderBy('lastActivity').reverse().toArray();
	return Promise.all(
		users.map(async (user) => ({
			user,
			unread: await db.receiver.where('[conversationId+unread]').equals([user.peerId, 1]).count()
		}))
	);
}

/** The newest `limit` messages of a conversation, oldest first, merged from both tables. */
export async function latestMessages(db: ChatDb, conversationId: string, limit: number): Promise<ThreadMessage[]> {
	const range = (table: ChatDb['sender'] | ChatDb['receiver']) =>
		table.where('[conversationId+time]').between([conversationId, -Infinity], [conversationId, Infinity]).reverse().limit(limit);
	const [sent, received] = await Promise.all([range(db.sender).toArray(), range(db.receiver).toArray()]);
	const merged: ThreadMessage[] = [
		...(sent as SentRow[]).map((row) => ({ ...row, direction: 'out' as const })),
		...(received as ReceivedRow[]).map((row) => ({ ...row, direction: 'in' as const }))
	];
	merged.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
	return merged.slice(-limit);
}

/**
 * Every message of a conversation stored at or after `since`, oldest first. Forward ranges let
 * IndexedDB answer with one getAll per table instead of walking a reverse cursor row by row,
 * which is what keeps the live thread cheap to re-run after every write.
 */
export async function messagesSince(db: ChatDb, conversationId: string, since: number): Promise<ThreadMessage[]> {
	const range = (table: ChatDb['sender'] | ChatDb['receiver']) =>
		table.where('[conversationId+time]').between([conversationId, since], [conversationId, Infinity], true, true).toArray();
	const [sent, received] = await Promise.all([range(db.sender), range(db.receiver)]);
	return mergeByTime(
		(sent as SentRow[]).map((row) => ({ ...row, direction: 'out' as const })),
		(received as ReceivedRow[]).map((row) => ({ ...row, direction: 'in' as const }))
	);
}

/** The time of the oldest of the newest `count` messages: where a live thread window starts. */
export async function windowStart(db: ChatDb, conversationId: string, count: number): Promise<number> {
	const latest = await latestMessages(db, conversationId, count);
	return latest[0]?.time ?? -Infinity;
}

function mergeByTime(a: ThreadMessage[], b: ThreadMessage[]): ThreadMessage[] {
	const out: ThreadMessage[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		const x = a[i];
		const y = b[j];
		if (x && (!y || x.time < y.time || (x.time === y.time && x.id < y.id))) {
			out.push(x);
			i++;
		} else if (y) {
			out.push(y);
			j++;
		}
	}
	return out;
}

/** Writes the message as pending first; sending happens only after this commits. */
export async function addOutgoing(
	db: ChatDb,
	input: { id: MessageId; conversationId: string; peerId: PeerId; text: string; time: number }
): Promise<SentRow> {
	// Requests are issued together so the transaction costs two round trips to the IndexedDB
	// backend rather than four: this write sits on the critical path of every message.
	return db.transaction('rw', db.sender, db.users, async () => {
		const user = await db.users.get(input.peerId);
		const seq = (user?.lastSentSeq ?? (await lastSequenceInIndex(db, input.conversationId))) + 1;
		const row: SentRow = { ...input, seq, status: 'pending' };
		await Promise.all([
			db.sender.add(row),
			user ? db.users.put({ ...user, ...activity(input.time, input.text, true), lastSentSeq: seq }) : undefined
		]);
		return row;
	});
}

export async function pendingFor(db: ChatDb, peerId: PeerId, limit = Infinity): Promise<SentRow[]> {
	return db.sender
		.where('[peerId+status+seq]')
		.between([peerId, 'pending', 0], [peerId, 'pending', Infinity])
		.limit(limit)
		.toArray();
}

/** One transaction per ack batch; only rows addressed to the acking peer can move. */
export async function markSent(db: ChatDb, peerId: PeerId, ids: readonly MessageId[], now: number): Promise<number> {
	return db.transaction('rw', db.sender, async () => {
		const rows = await db.sender.bulkGet([...ids]);
		const updates = rows
			.filter((row): row is SentRow => row?.peerId === peerId && row.status === 'pending')
			.map((row) => ({ key: row.id, changes: { status: 'sent' as const, ackedAt: now } }));
		if (updates.length > 0) await db.sender.bulkUpdate(updates);
		return updates.length;
	});
}

export type StoreResult = 'stored' | 'duplicate';

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

export function displayName(user: Pick<UserRow, 'name' | 'nickname'>): string {
	return user.nickname || user.name;
}

/** Adds a contact, or turns a message request into one. */
export async function saveContact(db: ChatDb, input: { peerId: PeerId; placeholderName: string; nickname?: string; now: number }): Promise<UserRow> {
	const { peerId, nickname, now } = input;
	return db.transaction('rw', db.users, async () => {
		const existing = await db.users.get(peerId);
		if (existing) {
			const changes = { state: 'contact' as const, ...(nickname ? { nickname } : {}) };
			await db.users.update(peerId, changes);
			return { ...existing, ...changes };
		}
		const row: UserRow = { peerId, name: input.placeholderName, state: 'contact', addedAt: now, lastActivity: now, ...(nickname ? { nickname } : {}) };
		await db.users.add(row);
		return row;
	});
}

/** Records facts learned from an authenticated session: the key and the peer's chosen name. */
export async function recordPeer(db: ChatDb, peerId: PeerId, facts: { publicKey?: Uint8Array; name?: string; seenAt: number }): Promise<void> {
	await db.users.update(peerId, {
		lastSeen: facts.seenAt,
		...(facts.publicKey ? { publicKey: facts.publicKey } : {}),
		...(facts.name ? { name: facts.name } : {})
	});
}

function activity(time: number, text: string, outgoing: boolean): Pick<UserRow, 'lastActivity' | 'preview'> {
	return { lastActivity: time, preview: { text: text.slice(0, PREVIEW_CHARS), outgoing } };
}

/** The newest sequence number in the index: only for contacts written before the counter existed. */
async function lastSequenceInIndex(db: ChatDb, conversationId: string): Promise<number> {
	const last = await db.sender.where('[conversationId+seq]').between([conversationId, 0], [conversationId, Infinity]).last();
	return last?.seq ?? 0;
}

export async function hasPending(db: ChatDb, peerId: PeerId): Promise<boolean> {
	return (await pendingFor(db, peerId, 1)).length > 0;
}

/** Contacts and the peers we owe messages to, for the dial-on-connect policy. */
export async function dialCandidates(db: ChatDb): Promise<{ peerId: PeerId; lastActivity: number; isContact: boolean; hasPending: boolean }[]> {
	const users = await db.users.toArray();
	return Promise.all(
		users.map(async (user) => ({
			peerId: user.peerId,
			lastActivity: user.lastActivity,
			isContact: user.state === 'contact',
			hasPending: await hasPending(db, user.peerId)
		}))
	);
}

export async function getSetting<T>(db: ChatDb, key: string, fallback: T): Promise<T> {
	return ((await db.settings.get(key))?.value as T | undefined) ?? fallback;
}

export async function putSetting(db: ChatDb, key: string, value: unknown): Promise<void> {
	await db.settings.put({ key, value });
}
