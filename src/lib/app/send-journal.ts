import * as v from 'valibot';
import type { ChatDb } from '../db/chat-db';
import { restoreOutgoing } from '../db/queries';
import type { SentRow } from '../db/schema';
import { parseMessageId, type MessageId } from '../ids/message-id';
import { parsePeerId } from '../ids/peer-id';
import type { SendJournal } from '../messenger/send-journal';
import { MAX_TEXT_CHARS } from '../protocol/limits';

/**
 * The journal of messages sent ahead of their commit (messenger/send-journal.ts), kept in
 * localStorage: a synchronous write that outlives the tab (the browser process holds it), so a
 * tab closed, reloaded or crashed between the send and the IndexedDB commit leaves the row for
 * the next start. One key per message, named after the database and the tab; each tab holds a
 * Web Lock named after itself for its whole life, so a starting tab knows which notes belong to
 * tabs that are gone. Entries are removed once the write is over (committed or failed).
 */
const PREFIX = 'parley-sending';
const TAB_LOCK_PREFIX = 'parley-tab';
/** A message is one entry; this is far above any honest row (8,000 characters of text). */
const MAX_ENTRY_CHARS = MAX_TEXT_CHARS * 6 + 1_000;

export interface JournalStorage {
	readonly length: number;
	key(index: number): string | null;
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

/** The part of the Web Locks API the journal uses. */
export interface HeldLocks {
	request(name: string, granted: () => Promise<never>): Promise<unknown>;
	query(): Promise<{ held?: { name?: string }[] }>;
}

class StorageJournal implements SendJournal {
	constructor(
		private readonly storage: JournalStorage,
		private readonly prefix: string
	) {}

	note(row: SentRow): void {
		try {
			this.storage.setItem(`${this.prefix}${row.id}`, JSON.stringify(row));
		} catch {
			// Full or blocked: the message still leaves; only a crash before the commit could cost our copy.
		}
	}

	done(id: MessageId): void {
		this.storage.removeItem(`${this.prefix}${id}`);
	}
}

/**
 * This tab's journal, once its liveness lock is held; undefined where the browser lacks
 * localStorage or Web Locks (then nothing is sent ahead of its commit).
 */
export async function openSendJournal(dbName: string, storage?: JournalStorage, locks?: HeldLocks): Promise<SendJournal | undefined> {
	if (!storage || !locks) return undefined;
	const tab = crypto.randomUUID();
	await new Promise<void>((held) => {
		// Held until the tab goes: the promise never settles.
		void locks.request(`${TAB_LOCK_PREFIX}:${tab}`, () => {
			held();
			return new Promise<never>(() => {});
		});
	});
	return new StorageJournal(storage, `${PREFIX}:${dbName}:${tab}:`);
}

const JournalRow = v.object({
	id: v.pipe(v.string(), v.check((id) => parseMessageId(id) !== null, 'not a message id')),
	conversationId: v.pipe(v.string(), v.check((id) => parsePeerId(id) !== null, 'not a peer id')),
	peerId: v.pipe(v.string(), v.check((id) => parsePeerId(id) !== null, 'not a peer id')),
	text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS)),
	time: v.pipe(v.number(), v.finite()),
	seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
	status: v.literal('pending')
});

/**
 * Writes what tabs that are gone left in the journal of this database, then forgets it. A note
 * that does not parse is dropped (and counted): localStorage is ours, but another build or a
 * script of the origin may have written anything there.
 */
export async function recoverSendJournals(db: ChatDb, storage?: JournalStorage, locks?: HeldLocks): Promise<{ restored: number; dropped: number }> {
	if (!storage || !locks) return { restored: 0, dropped: 0 };
	const mine = `${PREFIX}:${db.name}:`;
	const alive = new Set(((await locks.query()).held ?? []).map((lock) => lock.name ?? ''));
	const keys: string[] = [];
	for (let i = 0; i < storage.length; i++) {
		const key = storage.key(i);
		if (!key?.startsWith(mine)) continue;
		const tab = key.slice(mine.length).split(':')[0];
		if (!alive.has(`${TAB_LOCK_PREFIX}:${tab}`)) keys.push(key);
	}
	const rows: SentRow[] = [];
	let dropped = 0;
	for (const key of keys) {
		const row = parseNote(storage.getItem(key));
		if (row) rows.push(row);
		else dropped++;
	}
	const restored = await restoreOutgoing(db, rows);
	for (const key of keys) storage.removeItem(key);
	return { restored, dropped };
}

function parseNote(text: string | null): SentRow | null {
	if (!text || text.length > MAX_ENTRY_CHARS) return null;
	try {
		const parsed = v.safeParse(JournalRow, JSON.parse(text));
		return parsed.success ? (parsed.output as SentRow) : null;
	} catch {
		return null;
	}
}

/** localStorage and Web Locks where the browser has both. */
export function browserJournalServices(): { storage?: JournalStorage; locks?: HeldLocks } {
	try {
		const locks = typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : undefined;
		return { storage: typeof localStorage !== 'undefined' ? localStorage : undefined, locks };
	} catch {
		// localStorage throws where storage is blocked for the origin.
		return {};
	}
}
