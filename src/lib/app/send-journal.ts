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
 * localStorage: a write that outlives the tab (the browser process holds it), so a tab closed,
 * reloaded or crashed between the send and the IndexedDB commit leaves the row for the next
 * start. One key per task that sent, named after the database and the tab; each tab holds a
 * Web Lock named after itself for its whole life, so a starting tab knows which notes belong to
 * tabs that are gone. Entries are removed once the write is over (committed or failed).
 */
const PREFIX = 'parley-sending';
const TAB_LOCK_PREFIX = 'parley-tab';
/** Rows one task can note: far above a burst (the send window is 1,024 frames). */
const MAX_ROWS_PER_NOTE = 4_096;
/** localStorage holds 5-10 MB per origin; a note larger than that was not written by us. */
const MAX_NOTE_CHARS = 10_000_000;

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

/** The notes of one task, kept under one key. */
interface NoteBatch {
	key: string;
	rows: Map<MessageId, SentRow>;
}

/**
 * Notes are written per task, not per message: the messages of one task (a burst, a paste of
 * several) share one key, written in a microtask at the end of that task, and the key goes once
 * all its writes are over. A reload or a closed tab ends between tasks, so they never lose a
 * note; only a renderer crash in the very task that sent can.
 */
class StorageJournal implements SendJournal {
	#open: NoteBatch | null = null;
	#batchOf = new Map<MessageId, NoteBatch>();
	#dirty = new Set<NoteBatch>();
	#scheduled = false;

	constructor(
		private readonly storage: JournalStorage,
		private readonly prefix: string
	) {}

	note(row: SentRow): void {
		if (!this.#open) this.#open = { key: `${this.prefix}${row.id}`, rows: new Map() };
		this.#open.rows.set(row.id, row);
		this.#batchOf.set(row.id, this.#open);
		this.#touch(this.#open);
	}

	done(id: MessageId): void {
		const batch = this.#batchOf.get(id);
		if (!batch) return;
		this.#batchOf.delete(id);
		batch.rows.delete(id);
		this.#touch(batch);
	}

	#touch(batch: NoteBatch): void {
		this.#dirty.add(batch);
		if (this.#scheduled) return;
		this.#scheduled = true;
		queueMicrotask(() => this.#writeOut());
	}

	#writeOut(): void {
		this.#scheduled = false;
		this.#open = null;
		for (const batch of this.#dirty) {
			try {
				if (batch.rows.size === 0) this.storage.removeItem(batch.key);
				else this.storage.setItem(batch.key, JSON.stringify([...batch.rows.values()]));
			} catch {
				// Full or blocked: the messages still leave; only a crash before their commit could cost our copy.
			}
		}
		this.#dirty.clear();
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
	status: v.literal('pending'),
	replyTo: v.optional(v.pipe(v.string(), v.check((id) => parseMessageId(id) !== null, 'not a message id')))
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
		const note = parseNote(storage.getItem(key));
		if (note) rows.push(...note);
		else dropped++;
	}
	const restored = await restoreOutgoing(db, rows);
	for (const key of keys) storage.removeItem(key);
	return { restored, dropped };
}

/**
 * Drops every note of this database, live tabs' too: for a database being erased (a retired
 * device), whose notes a later identity in a database of the same name must never take as its own.
 */
export function forgetSendJournals(dbName: string, storage?: JournalStorage): void {
	if (!storage) return;
	const mine = `${PREFIX}:${dbName}:`;
	const keys: string[] = [];
	for (let i = 0; i < storage.length; i++) {
		const key = storage.key(i);
		if (key?.startsWith(mine)) keys.push(key);
	}
	for (const key of keys) storage.removeItem(key);
}

const JournalNote = v.pipe(v.array(JournalRow), v.minLength(1), v.maxLength(MAX_ROWS_PER_NOTE));

function parseNote(text: string | null): SentRow[] | null {
	if (!text || text.length > MAX_NOTE_CHARS) return null;
	try {
		const parsed = v.safeParse(JournalNote, JSON.parse(text));
		return parsed.success ? (parsed.output as SentRow[]) : null;
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
