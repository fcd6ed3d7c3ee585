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

/** Writes the message as pending first; sending happens only after this commits. */
export async function addOutgoing(
	db: ChatDb,
	input: { id: MessageId; conversationId: string; peerId: PeerId; text: string; time: number }
): Promise<SentRow> {
	return db.transaction('rw', db.sender, db.users, async () => {
		const last = await db.sender
			.where('[conversationId+seq]')
			.between([input.conversationId, 0], [input.conversationId, Infinity])
			.last();
		const row: SentRow = { ...input, seq: (last?.seq ?? 0) + 1, status: 'pending' };
		await db.sender.add(row);
		await touchConversation(db, input.peerId, input.time, { text: input.text, outgoing: true });
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
export async function storeIncoming(db: ChatDb, row: ReceivedRow, makeUser: () => UserRow): Promise<StoreResult> {
	return db.transaction('rw', db.receiver, db.users, async () => {
		if (await db.receiver.get(row.id)) return 'duplicate';
		await db.receiver.add(row);
		if (!(await db.users.get(row.peerId))) await db.users.add(makeUser());
		await touchConversation(db, row.peerId, row.time, { text: row.text, outgoing: false });
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

async function touchConversation(db: ChatDb, peerId: PeerId, time: number, preview: { text: string; outgoing: boolean }): Promise<void> {
	await db.users.update(peerId, { lastActivity: time, preview: { ...preview, text: preview.text.slice(0, PREVIEW_CHARS) } });
}
