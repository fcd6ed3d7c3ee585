import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { hasPending } from './outbox-queries';
import { readAll } from './inbox-queries';
import type { ContactState, UserRow } from './schema';
import { cleanName } from '../text/clean-name';

export interface ConversationSummary {
	user: UserRow;
	unread: number;
}

/**
 * Every conversation, most recent first, with its unread count: one read of the address book.
 * Rows stored before the count was kept on them (`unread` undefined) are counted instead.
 */
export async function listConversations(db: ChatDb): Promise<ConversationSummary[]> {
	const users = await db.users.orderBy('lastActivity').reverse().toArray();
	return Promise.all(users.map(async (user) => ({ user, unread: user.unread ?? (await countUnread(db, user.peerId)) })));
}

/** Unread messages of a conversation, counted on the index (for rows with no stored count). */
export function countUnread(db: ChatDb, conversationId: string): Promise<number> {
	return db.receiver.where('[conversationId+unread]').equals([conversationId, 1]).count();
}

/** A conversation's address-book row, if the person is still there. */
export function conversationOf(db: ChatDb, peerId: string): Promise<UserRow | undefined> {
	return db.users.get(peerId);
}

export function displayName(user: Pick<UserRow, 'name' | 'nickname'>): string {
	return user.nickname || user.name;
}

/**
 * Adds a contact, or turns a message request into one. A blocked person stays blocked: only
 * an explicit unblock lifts a block, never a link or an add. `nickname` is a name the user
 * typed; `suggestedName` one a link carried, kept apart because anyone can write any name
 * into a link (it names only a new row, never renames someone already known).
 */
export async function saveContact(
	db: ChatDb,
	input: { peerId: PeerId; placeholderName: string; nickname?: string; suggestedName?: string; now: number }
): Promise<UserRow> {
	const { peerId, now } = input;
	const nickname = input.nickname ? cleanName(input.nickname) : '';
	const suggestedName = input.suggestedName ? cleanName(input.suggestedName) : '';
	const saved = await db.transaction('rw', db.users, async () => {
		const existing = await db.users.get(peerId);
		if (existing?.state === 'blocked') return { row: existing, changed: false };
		if (existing) {
			const row: UserRow = { ...existing, state: 'contact', ...(nickname ? { nickname } : {}) };
			await db.users.put(row);
			return { row, changed: true };
		}
		const row: UserRow = {
			peerId,
			name: input.placeholderName,
			state: 'contact',
			addedAt: now,
			lastActivity: now,
			...(nickname ? { nickname } : {}),
			...(suggestedName ? { suggestedName } : {})
		};
		await db.users.add(row);
		return { row, changed: true };
	});
	if (saved.changed) db.changes.publish({ messages: [], users: [saved.row] });
	return saved.row;
}

/** Records facts learned from an authenticated session: the key and the peer's chosen name. */
export async function recordPeer(db: ChatDb, peerId: PeerId, facts: { publicKey?: Uint8Array; name?: string; seenAt: number; researchConsent?: boolean; fileCiphers?: readonly number[] }): Promise<void> {
	await updateUser(db, peerId, (user) => ({
		...user,
		...(facts.researchConsent !== undefined ? { researchConsent: facts.researchConsent } : {}),
		...(facts.fileCiphers !== undefined ? { fileCiphers: [...facts.fileCiphers] } : {}),
		lastSeen: facts.seenAt,
		...(facts.publicKey ? { publicKey: facts.publicKey } : {}),
		...(facts.name ? { name: facts.name } : {})
	}));
}

/** What each peer last said it opens (UserRow `fileCiphers`), in the order asked; undefined: never said. */
export async function fileCiphersOf(db: ChatDb, peers: readonly PeerId[]): Promise<(number[] | undefined)[]> {
	return (await db.users.bulkGet([...peers])).map((user) => user?.fileCiphers);
}

/** Rewrites one contact row (if it exists) and publishes it once committed. */
async function updateUser(db: ChatDb, peerId: PeerId, change: (user: UserRow) => UserRow): Promise<void> {
	const updated = await db.transaction('rw', db.users, async () => {
		const user = await db.users.get(peerId);
		if (!user) return undefined;
		const row = change(user);
		await db.users.put(row);
		return row;
	});
	if (updated) db.changes.publish({ messages: [], users: [updated] });
}


/** Contacts and the peers we owe messages to, for the dial-on-connect policy. */
export async function dialCandidates(db: ChatDb): Promise<{ peerId: PeerId; lastActivity: number; isContact: boolean; hasPending: boolean }[]> {
	const users = (await db.users.toArray()).filter((user) => user.state !== 'blocked');
	return Promise.all(
		users.map(async (user) => ({
			peerId: user.peerId,
			lastActivity: user.lastActivity,
			isContact: user.state === 'contact',
			hasPending: await hasPending(db, user.peerId)
		}))
	);
}

/** Most recent block spans kept per contact; older ones no longer matter in practice. */
const MAX_BLOCK_WINDOWS = 20;

/**
 * Moves a contact between states. Blocking opens a window (by the author's clock) in which
 * their messages are refused; unblocking closes it, so what they wrote while blocked is never
 * delivered later.
 */
export async function setContactState(db: ChatDb, peerId: PeerId, state: ContactState, now: number): Promise<void> {
	const changed = await db.transaction('rw', db.users, db.receiver, async () => {
		const user = await db.users.get(peerId);
		if (!user || user.state === state) return null;
		let windows = user.blockWindows ?? [];
		if (state === 'blocked') windows = [...windows, { from: now, to: Number.MAX_SAFE_INTEGER }].slice(-MAX_BLOCK_WINDOWS);
		if (user.state === 'blocked') windows = windows.map((w) => (w.to === Number.MAX_SAFE_INTEGER ? { ...w, to: now } : w));
		const row: UserRow = { ...user, state, blockWindows: windows };
		await db.users.put(row);
		// An ignored request is never counted as unread: its messages are read in the same commit.
		const read = state === 'ignored' ? await readAll(db, peerId) : null;
		return { messages: read?.messages ?? [], users: read?.users ?? [row] };
	});
	if (changed) db.changes.publish(changed);
}

export async function blockedPeers(db: ChatDb): Promise<Set<PeerId>> {
	return peersInState(db, 'blocked');
}

export async function peersInState(db: ChatDb, state: ContactState): Promise<Set<PeerId>> {
	const users = await db.users.toArray();
	return new Set(users.filter((user) => user.state === state).map((user) => user.peerId));
}

export async function setVerifiedKey(db: ChatDb, peerId: PeerId, key: Uint8Array | undefined): Promise<void> {
	await updateUser(db, peerId, (user) => ({ ...user, verifiedKey: key }));
}
