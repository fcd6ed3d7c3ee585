import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { deleteConversation } from '../../../src/lib/db/conversation-delete';
import { allSentMessages, sentMessage } from '../../../src/lib/db/delivery-marks';
import {
	addOutgoing,
	editOwnMessage,
	hasPending,
	latestMessages,
	markAcked,
	messagesBetween,
	messagesSince,
	newerPage,
	olderPage,
	pendingFor,
	restoreOutgoing
} from '../../../src/lib/db/queries';
import type { SentRow, ThreadMessage } from '../../../src/lib/db/schema';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

// Issue 9 (10k flush, burst): an in-order ack writes the peer's delivery mark, not every acked
// row. These pin what the user sees through it: a tick is never shown for a message the peer
// did not ack, and never taken back from one it did.

const BOB = 'bob' as PeerId;
let dbCounter = 0;
const opened: ChatDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

async function fresh(): Promise<ChatDb> {
	const db = new ChatDb(`delivery-marks-${++dbCounter}`);
	opened.push(db);
	await db.users.add({ peerId: BOB, name: 'Bob', state: 'contact', addedAt: 0, lastActivity: 0 });
	return db;
}

const row = (seq: number, status: SentRow['status'] = 'pending'): SentRow => ({
	id: newMessageId(1_000 + seq),
	conversationId: BOB,
	peerId: BOB,
	seq,
	text: `m${seq}`,
	time: 1_000 + seq,
	status
});

async function written(db: ChatDb, seqs: number[]): Promise<SentRow[]> {
	const rows = seqs.map((seq) => row(seq));
	await db.sender.bulkAdd(rows);
	return rows;
}

const statuses = async (db: ChatDb) => Object.fromEntries((await allSentMessages(db)).map((r) => [r.seq, r.status]));
const storedStatuses = async (db: ChatDb) => Object.fromEntries((await db.sender.toArray()).map((r) => [r.seq, r.status]));
const mark = async (db: ChatDb) => (await db.deliveryMarks.get(BOB))?.sentThrough;
const ids = (rows: SentRow[]) => rows.map((r) => r.id as MessageId);

describe('an in-order ack', () => {
	it('moves the delivery mark and rewrites no message row; every reader shows them sent', async () => {
		const db = await fresh();
		const rows = await written(db, [1, 2, 3, 4]);
		const feed: StoredChanges[] = [];
		db.changes.subscribe((changes) => feed.push(changes));
		expect(await markAcked(db, BOB, ids(rows.slice(0, 3)), 50)).toBe(3);
		expect(await mark(db)).toBe(3);
		expect(await storedStatuses(db)).toEqual({ 1: 'pending', 2: 'pending', 3: 'pending', 4: 'pending' });
		expect(await statuses(db)).toEqual({ 1: 'sent', 2: 'sent', 3: 'sent', 4: 'pending' });
		const shown = ['sent', 'sent', 'sent', 'pending'];
		const ticks = (messages: ThreadMessage[]) => messages.map((m) => m.direction === 'out' && m.status);
		expect(ticks(await latestMessages(db, BOB, 10))).toEqual(shown);
		expect(ticks(await messagesSince(db, BOB, 0))).toEqual(shown);
		expect(ticks(await messagesBetween(db, BOB, 0, 5_000))).toEqual(shown);
		expect(ticks((await olderPage(db, BOB, 5_000, 10)).rows)).toEqual(shown);
		expect(ticks((await newerPage(db, BOB, 0, 10, 5_000)).rows)).toEqual(shown);
		// The open thread moves its ticks from the feed.
		expect(feed[0]).toMatchObject({ statusOnly: true, messages: rows.slice(0, 3).map((r) => ({ id: r.id, status: 'sent', ackedAt: 50 })) });
		// The outbox sends only what is left, and nothing once all is acked.
		expect((await pendingFor(db, BOB)).map((r) => r.seq)).toEqual([4]);
		await markAcked(db, BOB, ids(rows.slice(3)), 60);
		expect(await mark(db)).toBe(4);
		expect(await hasPending(db, BOB)).toBe(false);
		// An ack repeated for rows the mark covers moves nothing and tells nobody.
		expect(await markAcked(db, BOB, ids(rows), 70)).toBe(0);
		expect(feed).toHaveLength(2);
	});

	it('rewrites rows acked behind one the peer never acks, and the mark stops below that one', async () => {
		const db = await fresh();
		const rows = await written(db, [1, 2, 3, 4]);
		expect(await markAcked(db, BOB, ids([rows[0]!, rows[2]!, rows[3]!]), 50)).toBe(3);
		expect(await mark(db)).toBe(1);
		expect(await storedStatuses(db)).toEqual({ 1: 'pending', 2: 'pending', 3: 'sent', 4: 'sent' });
		expect(await statuses(db)).toEqual({ 1: 'sent', 2: 'pending', 3: 'sent', 4: 'sent' });
		expect(await sentMessage(db, rows[3]!.id)).toMatchObject({ status: 'sent', ackedAt: 50 });
		expect((await pendingFor(db, BOB)).map((r) => r.seq)).toEqual([2]);
	});

	it('never covers a row tied on its seq (two tabs took the same number) until both are acked', async () => {
		const db = await fresh();
		const [one, two] = await written(db, [1, 2]);
		const tied = { ...row(2), id: newMessageId(5_000) };
		await db.sender.add(tied);
		await markAcked(db, BOB, ids([one!, two!]), 50);
		expect(await mark(db)).toBe(1);
		expect((await allSentMessages(db)).filter((r) => r.status === 'pending').map((r) => r.id)).toEqual([tied.id]);
		await markAcked(db, BOB, [tied.id], 60);
		expect(await mark(db)).toBe(2);
		expect(Object.values(await statuses(db))).toEqual(['sent', 'sent']);
	});

	it("moves only the acking peer's mark", async () => {
		const db = await fresh();
		const rows = await written(db, [1, 2]);
		expect(await markAcked(db, 'carol' as PeerId, ids(rows), 50)).toBe(0);
		expect(await db.deliveryMarks.count()).toBe(0);
	});
});

describe('a row added at or below the mark', () => {
	it('(a seq another tab also took, an ack that overtook the write) lowers the mark; the rows it covered stay sent', async () => {
		const db = await fresh();
		const rows = await written(db, [1, 2, 3]);
		await markAcked(db, BOB, ids(rows), 50);
		expect(await mark(db)).toBe(3);
		const late = await addOutgoing(db, { id: newMessageId(9_000), conversationId: BOB, peerId: BOB, text: 'late', time: 9_000, seq: 2 });
		expect(await mark(db)).toBe(1);
		expect(await sentMessage(db, late.id)).toMatchObject({ status: 'pending' });
		expect(Object.fromEntries((await allSentMessages(db)).filter((r) => r.id !== late.id).map((r) => [r.seq, r.status]))).toEqual({ 1: 'sent', 2: 'sent', 3: 'sent' });
		expect((await pendingFor(db, BOB)).map((r) => r.id)).toEqual([late.id]);
	});

	it('from the send journal (a tab died before its write) is pending again, not shown as delivered', async () => {
		const db = await fresh();
		const rows = await written(db, [1, 2, 3]);
		await markAcked(db, BOB, ids(rows), 50);
		const lost = { ...row(3), id: newMessageId(9_100), text: 'restored' };
		expect(await restoreOutgoing(db, [lost])).toBe(1);
		expect(await mark(db)).toBe(2);
		expect(await sentMessage(db, lost.id)).toMatchObject({ status: 'pending' });
		expect(await sentMessage(db, rows[2]!.id)).toMatchObject({ status: 'sent' });
	});

	it('above the mark leaves it alone', async () => {
		const db = await fresh();
		const rows = await written(db, [1, 2]);
		await markAcked(db, BOB, ids(rows), 50);
		await addOutgoing(db, { id: newMessageId(9_200), conversationId: BOB, peerId: BOB, text: 'next', time: 9_200, seq: 3 });
		expect(await mark(db)).toBe(2);
		expect(await storedStatuses(db)).toEqual({ 1: 'pending', 2: 'pending', 3: 'pending' });
	});

	it('well above the mark never raises it over a message the peer has not acked', async () => {
		const db = await fresh();
		const rows = await written(db, [1, 2, 3]);
		await markAcked(db, BOB, ids(rows.slice(0, 2)), 50);
		await addOutgoing(db, { id: newMessageId(9_400), conversationId: BOB, peerId: BOB, text: 'later', time: 9_400, seq: 5 });
		expect(await mark(db)).toBe(2);
		expect(await statuses(db)).toEqual({ 1: 'sent', 2: 'sent', 3: 'pending', 5: 'pending' });
	});

	it("lowers one peer's mark without marking another peer's messages delivered", async () => {
		const db = await fresh();
		const ALICE = 'alice' as PeerId; // sorts before BOB in the [peerId+status+seq] index
		const alices = [1, 2].map((seq) => ({ ...row(seq), id: newMessageId(7_000 + seq), conversationId: ALICE, peerId: ALICE }));
		await db.sender.bulkAdd(alices);
		await markAcked(db, BOB, ids(await written(db, [1, 2, 3])), 50);
		await addOutgoing(db, { id: newMessageId(9_500), conversationId: BOB, peerId: BOB, text: 'late', time: 9_500, seq: 2 });
		expect(await mark(db)).toBe(1);
		expect((await allSentMessages(db)).filter((r) => r.peerId === ALICE).map((r) => r.status)).toEqual(['pending', 'pending']);
	});
});

describe('other writers and readers', () => {
	it('a deleted conversation drops its mark: numbering started over is not delivered', async () => {
		const db = await fresh();
		await markAcked(db, BOB, ids(await written(db, [1, 2])), 50);
		await deleteConversation(db, BOB);
		expect(await db.deliveryMarks.count()).toBe(0);
		await db.sender.add(row(1));
		expect(Object.values(await statuses(db))).toEqual(['pending']);
	});

	it('an edit of a delivered message publishes it as delivered', async () => {
		const db = await fresh();
		const [one] = await written(db, [1]);
		await markAcked(db, BOB, ids([one!]), 50);
		const feed: StoredChanges[] = [];
		db.changes.subscribe((changes) => feed.push(changes));
		await editOwnMessage(db, { editId: newMessageId(9_300), target: one!.id, text: 'changed', now: 60 });
		expect(feed[0]!.messages).toMatchObject([{ id: one!.id, text: 'changed', status: 'sent' }]);
	});

	it('a version 6 database keeps every status after the upgrade, and acks then use the mark', async () => {
		const name = `delivery-marks-upgrade-${++dbCounter}`;
		const old = new Dexie(name);
		old.version(6).stores({
			identity: 'key',
			users: 'peerId, lastActivity',
			sender: 'id, [conversationId+time], [peerId+status+seq], time',
			receiver: 'id, [conversationId+time], [conversationId+unread], [conversationId+peerId+seq], time',
			settings: 'key',
			searchIndex: 'key',
			edits: 'id, [peerId+status+time], target',
			editHistory: 'id, [target+version]'
		});
		const rows = [row(1, 'sent'), row(2, 'pending'), row(3, 'sent'), row(4, 'pending')];
		await old.table('sender').bulkAdd(rows);
		old.close();
		const db = new ChatDb(name);
		opened.push(db);
		expect(await statuses(db)).toEqual({ 1: 'sent', 2: 'pending', 3: 'sent', 4: 'pending' });
		expect((await pendingFor(db, BOB)).map((r) => r.seq)).toEqual([2, 4]);
		await markAcked(db, BOB, ids([rows[1]!, rows[3]!]), 50);
		expect(await mark(db)).toBe(4);
		expect(Object.values(await statuses(db))).toEqual(['sent', 'sent', 'sent', 'sent']);
	});
});
