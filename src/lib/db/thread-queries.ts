import { rowKey, threadOrder } from '../history/live-rows';
import { newerPageEnd, olderPageStart } from '../history/paging';
import { newMessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { activity } from './conversation-activity';
import { withDelivery } from './delivery-marks';
import type { ReceivedRow, SentRow, ThreadMessage, UserRow } from './schema';

type MessageTable = ChatDb['sender'] | ChatDb['receiver'];

/**
 * A thread row's identity. Message ids are unique within each table but stored data must never
 * be able to break the thread: a peer that sends back one of our own ids as theirs puts one id
 * in both tables, so rows are told apart by direction too.
 */
export function threadRowKey(message: Pick<ThreadMessage, 'direction' | 'id'>): string {
	return rowKey(message);
}

/**
 * The newest `limit` messages of a conversation, oldest first, merged from both tables. Every
 * query here shows sent rows with their delivery status (delivery-marks.ts), read after the rows.
 */
export async function latestMessages(db: ChatDb, conversationId: string, limit: number): Promise<ThreadMessage[]> {
	const range = (table: MessageTable) =>
		table.where('[conversationId+time]').between([conversationId, -Infinity], [conversationId, Infinity]).reverse().limit(limit);
	const [sent, received] = await Promise.all([range(db.sender).toArray(), range(db.receiver).toArray()]);
	return tagged(await withDelivery(db, sent as SentRow[]), received as ReceivedRow[]).sort(byTime).slice(-limit);
}

/**
 * Every message of a conversation stored at or after `since`, oldest first. Forward ranges let
 * IndexedDB answer with one getAll per table instead of walking a reverse cursor row by row,
 * which is what keeps the live thread cheap to re-run after every write.
 */
export async function messagesSince(db: ChatDb, conversationId: string, since: number): Promise<ThreadMessage[]> {
	const range = (table: MessageTable) =>
		table.where('[conversationId+time]').between([conversationId, since], [conversationId, Infinity], true, true).toArray();
	const [sent, received] = await Promise.all([range(db.sender), range(db.receiver)]);
	return mergeByTime(
		(await withDelivery(db, sent as SentRow[])).map((row) => ({ ...row, direction: 'out' as const })),
		(received as ReceivedRow[]).map((row) => ({ ...row, direction: 'in' as const }))
	);
}

/**
 * Every message with `from <= time < to`, oldest first: one page of older history. Live-queried
 * like the tail, so an ack tick or an edit on an old message still shows; Dexie re-runs it only
 * for writes that touch its range or its rows, so new messages do not wake older pages.
 */
export async function messagesBetween(db: ChatDb, conversationId: string, from: number, to: number): Promise<ThreadMessage[]> {
	const range = (table: MessageTable) =>
		table.where('[conversationId+time]').between([conversationId, from], [conversationId, to], true, false).toArray();
	const [sent, received] = await Promise.all([range(db.sender), range(db.receiver)]);
	return mergeByTime(
		(await withDelivery(db, sent as SentRow[])).map((row) => ({ ...row, direction: 'out' as const })),
		(received as ReceivedRow[]).map((row) => ({ ...row, direction: 'in' as const }))
	);
}

/** The time of the oldest of the newest `count` messages: where a live thread window starts. */
export async function windowStart(db: ChatDb, conversationId: string, count: number): Promise<number> {
	const latest = await latestMessages(db, conversationId, count);
	return latest[0]?.time ?? -Infinity;
}

export interface ThreadOpening {
	/** The newest `count` messages, oldest first: shown at once while the live query starts. */
	rows: ThreadMessage[];
	/** Where the live tail starts (`-Infinity` when it holds the whole conversation). */
	since: number;
	hasOlder: boolean;
}

/** What a conversation opens with: its newest messages and where older history begins. */
export async function openThread(db: ChatDb, conversationId: string, count: number): Promise<ThreadOpening> {
	// One row more than shown says whether anything older exists, without a count().
	const rows = await latestMessages(db, conversationId, count + 1);
	const hasOlder = rows.length > count;
	const shown = hasOlder ? rows.slice(1) : rows;
	return { rows: shown, since: hasOlder ? shown[0]!.time : -Infinity, hasOlder };
}

export interface OlderPage {
	/** The page is [from, before); `-Infinity` when it reaches the first message. */
	from: number;
	rows: ThreadMessage[];
	hasOlder: boolean;
}

/**
 * The `limit` messages just before `before`, oldest first. Reverse cursors with a limit walk
 * only those rows on each table, whatever the conversation's length.
 */
export async function olderPage(db: ChatDb, conversationId: string, before: number, limit: number): Promise<OlderPage> {
	const range = (table: MessageTable) =>
		table
			.where('[conversationId+time]')
			.between([conversationId, -Infinity], [conversationId, before], true, false)
			.reverse()
			.limit(limit + 1)
			.toArray();
	const [sent, received] = await Promise.all([range(db.sender), range(db.receiver)]);
	const newestFirst = tagged(await withDelivery(db, sent as SentRow[]), received as ReceivedRow[])
		.sort(byTime)
		.reverse()
		.slice(0, limit + 1);
	const { from, hasOlder } = olderPageStart(
		newestFirst.map((row) => row.time),
		limit
	);
	// A row past the limit tied with the page's first time belongs to the page, and so may
	// others not fetched: read the page's exact range then (rare, times barely ever repeat).
	if (newestFirst[limit]?.time === from) return { from, hasOlder, rows: await messagesBetween(db, conversationId, from, before) };
	return { from, hasOlder, rows: newestFirst.filter((row) => row.time >= from).reverse() };
}

export interface NewerPage {
	/** The page is [from, to). */
	to: number;
	rows: ThreadMessage[];
	/** The page runs up to `until`: it joins the live tail. */
	reachesEnd: boolean;
}

/** About `limit` messages from `from` (inclusive) on, stopping before `until`, oldest first. */
export async function newerPage(db: ChatDb, conversationId: string, from: number, limit: number, until: number): Promise<NewerPage> {
	const range = (table: MessageTable, lower: number, count: number) =>
		table
			.where('[conversationId+time]')
			.between([conversationId, lower], [conversationId, until], true, false)
			.limit(count)
			.toArray();
	const [sent, received] = await Promise.all([range(db.sender, from, limit + 1), range(db.receiver, from, limit + 1)]);
	const rows = tagged(await withDelivery(db, sent as SentRow[]), received as ReceivedRow[])
		.sort(byTime)
		.slice(0, limit + 1);
	const end = newerPageEnd(
		rows.map((row) => row.time),
		limit,
		until
	);
	let to = end.to;
	if (to === null) {
		// More than a page of rows share one time: the page takes all of them and ends at the
		// next distinct time (or at `until` when there is none).
		const tie = rows[0]!.time;
		const above = (table: MessageTable) =>
			table.where('[conversationId+time]').between([conversationId, tie], [conversationId, until], false, false).first();
		const next = await Promise.all([above(db.sender), above(db.receiver)]);
		to = Math.min(until, ...next.map((row) => row?.time ?? Infinity));
		const tied = await messagesBetween(db, conversationId, from, to);
		return { to, rows: tied, reachesEnd: to === until };
	}
	return { to, rows: rows.filter((row) => row.time < to), reachesEnd: end.reachesEnd };
}

/** Which conversation a message belongs to and when it was stored, whichever table holds it. */
export async function messagePlace(db: ChatDb, id: string): Promise<{ conversationId: string; time: number } | null> {
	const [sent, received] = await Promise.all([db.sender.get(id), db.receiver.get(id)]);
	const row = sent ?? received;
	return row ? { conversationId: row.conversationId, time: row.time } : null;
}

/** The times of a conversation's first and last messages, or null when it has none. */
export async function conversationSpan(db: ChatDb, conversationId: string): Promise<{ first: number; last: number } | null> {
	const index = (table: MessageTable) => table.where('[conversationId+time]').between([conversationId, -Infinity], [conversationId, Infinity]);
	const rows = await Promise.all([index(db.sender).first(), index(db.receiver).first(), index(db.sender).last(), index(db.receiver).last()]);
	const times = rows.filter((row) => row !== undefined).map((row) => row.time);
	return times.length > 0 ? { first: Math.min(...times), last: Math.max(...times) } : null;
}

export interface HistorySeed {
	conversationId: PeerId;
	count: number;
	/** Time of the first message; by default the history ends a minute before now. */
	start?: number;
	/** Gap between consecutive messages, ms. */
	step?: number;
	/** Contact name when the conversation does not exist yet. */
	name?: string;
	/** Index of the first message (ids and text), to add to an already seeded history. */
	firstIndex?: number;
	/** Leave their messages unread (as if they had just arrived). */
	unread?: boolean;
	/** Ids and seqs shaped like real ones (UUIDv7, seq from 1): the backup's schemas refuse the synthetic ones. */
	realIds?: boolean;
}

/**
 * FOR TESTS AND BENCHMARKS ONLY (reached through the test hooks, never from the app): writes a
 * synthetic history of `count` messages straight into the tables, as if it had been exchanged
 * over months. Sending 100k messages through the network would take hours; this takes seconds.
 * Message `n` (from `firstIndex`) has id `seed-<conversation prefix>-<n>`, text `History #<n>`
 * (every fifth long, so rows differ in height) and time `start + (n - firstIndex) * step`; when
 * n is a multiple of 3 it is ours (status 'sent'), otherwise theirs (read unless `unread`).
 * Sequence numbers are negative so the seed sorts before anything the real peers exchange,
 * and the contact's own counters are left alone.
 */
export async function bulkSeed(db: ChatDb, seed: HistorySeed): Promise<{ first: number; last: number; idPrefix: string }> {
	const step = seed.step ?? 60_000;
	const start = seed.start ?? Date.now() - 60_000 - seed.count * step;
	const firstIndex = seed.firstIndex ?? 0;
	const conversationId = seed.conversationId;
	const idPrefix = `seed-${conversationId.slice(0, 12)}-`;
	const CHUNK = 20_000;
	for (let chunk = 0; chunk < seed.count; chunk += CHUNK) {
		const sent: SentRow[] = [];
		const received: ReceivedRow[] = [];
		for (let i = chunk; i < Math.min(seed.count, chunk + CHUNK); i++) {
			const n = firstIndex + i;
			const time = start + i * step;
			const id = seed.realIds ? newMessageId(time) : ((idPrefix + String(n).padStart(6, '0')) as SentRow['id']);
			const filler = n % 5 === 0 ? ` — ${'a longer line of synthetic history that wraps '.repeat(1 + (n % 4) * 2)}` : '';
			const text = `History #${n}${filler}`;
			const seq = seed.realIds ? n + 1 : n - 1_000_000_000;
			if (n % 3 === 0) sent.push({ id, conversationId, peerId: conversationId, seq, text, time, status: 'sent', ackedAt: time });
			else received.push({ id, conversationId, peerId: conversationId, seq, text, authoredAt: time, time, unread: seed.unread ? 1 : 0 });
		}
		await db.transaction('rw', db.sender, db.receiver, async () => {
			await Promise.all([db.sender.bulkAdd(sent), db.receiver.bulkAdd(received)]);
		});
		// Published like any writer's rows: an open thread follows them as if they had arrived.
		db.changes.publish({ messages: tagged(sent, received) });
	}
	const last = start + (seed.count - 1) * step;
	const lastIndex = firstIndex + seed.count - 1;
	const contact = await db.transaction('rw', db.users, async () => {
		const user = await db.users.get(conversationId);
		const latest = activity(last, `History #${lastIndex}`, lastIndex % 3 === 0);
		const row: UserRow = user
			? { ...user, ...(last >= user.lastActivity ? latest : {}) }
			: { peerId: conversationId, name: seed.name ?? 'History', state: 'contact', addedAt: start, ...latest };
		await db.users.put(row);
		return row;
	});
	// Like every users writer: the conversation list follows the feed and reads nothing else.
	db.changes.publish({ messages: [], users: [contact] });
	return { first: start, last, idPrefix };
}

function tagged(sent: SentRow[], received: ReceivedRow[]): ThreadMessage[] {
	return [
		...sent.map((row) => ({ ...row, direction: 'out' as const })),
		...received.map((row) => ({ ...row, direction: 'in' as const }))
	];
}

/** Thread order: local time, then id for the (rare) rows stored with the same time. */
const byTime = threadOrder;

function mergeByTime(a: ThreadMessage[], b: ThreadMessage[]): ThreadMessage[] {
	const out: ThreadMessage[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		const x = a[i];
		const y = b[j];
		if (x && (!y || byTime(x, y) <= 0)) {
			out.push(x);
			i++;
		} else if (y) {
			out.push(y);
			j++;
		}
	}
	return out;
}
