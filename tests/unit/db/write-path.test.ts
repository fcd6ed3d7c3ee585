import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { deleteConversation } from '../../../src/lib/db/conversation-delete';
import { addOutgoing, markAcked, markConversationRead, saveContact, setContactState, storeIncomingBatch } from '../../../src/lib/db/queries';
import type { ReceivedRow, UserRow } from '../../../src/lib/db/schema';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { spyTransactions, writes } from './idb-spy';

// Issue 9: each chat message cost 21 IndexedDB transactions across both sides. These pin the
// write path to what it needs: one transaction per group of sends, per ack, per stored batch,
// none for work that changes nothing.

let dbCounter = 0;
const BOB = 'bob-peer' as PeerId;
const fresh = () => new ChatDb(`write-path-${++dbCounter}`);
const stranger = (): UserRow => ({ peerId: BOB, name: 'Bob', state: 'request', addedAt: 0, lastActivity: 0 });
const received = (seq: number, unread: 0 | 1 = 1): ReceivedRow => ({
	id: newMessageId(),
	conversationId: BOB,
	peerId: BOB,
	seq,
	text: `m${seq}`,
	authoredAt: seq,
	time: seq,
	unread
});
const sequences = new WeakMap<ChatDb, number>();
/** The messenger allocates sequence numbers (messenger/send-ahead.ts); here, one counter per database. */
const nextSeq = (db: ChatDb) => {
	const seq = (sequences.get(db) ?? 0) + 1;
	sequences.set(db, seq);
	return seq;
};
const send = (db: ChatDb, text: string) => addOutgoing(db, { id: newMessageId(), conversationId: BOB, peerId: BOB, text, time: Date.now(), seq: nextSeq(db) });

describe('the write path opens only the transactions it needs', () => {
	it('messages sent in the same tick share one transaction; one sent while it commits joins the next', async () => {
		const db = fresh();
		await saveContact(db, { peerId: BOB, placeholderName: 'bob', now: 1 });
		const records = spyTransactions(db);
		const first = Promise.all([send(db, 'a'), send(db, 'b'), send(db, 'c')]);
		await Promise.resolve();
		const late = [send(db, 'd'), send(db, 'e')];
		const rows = await Promise.all([first, Promise.all(late)]).then(([a, b]) => [...a, ...b]);
		expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
		expect(writes(records)).toHaveLength(2);
		expect(await db.sender.count()).toBe(5);
	});

	it('one ack moves messages and edits in a single transaction', async () => {
		const db = fresh();
		await saveContact(db, { peerId: BOB, placeholderName: 'bob', now: 1 });
		const row = await send(db, 'a');
		const records = spyTransactions(db);
		await markAcked(db, BOB, [row.id], 5);
		expect(writes(records)).toHaveLength(1);
	});

	it('marking a read conversation read opens no write transaction', async () => {
		const db = fresh();
		await storeIncomingBatch(db, [received(1)], stranger);
		await markConversationRead(db, BOB);
		const records = spyTransactions(db);
		await markConversationRead(db, BOB);
		expect(writes(records)).toHaveLength(0);
	});
});

describe('deleting a conversation', () => {
	it('is on disk (a strict commit after the delete) before it resolves', async () => {
		const db = fresh();
		await storeIncomingBatch(db, [received(1)], stranger);
		const records = spyTransactions(db);
		await deleteConversation(db, BOB);
		const deleted = records.findIndex((record) => record.mode === 'readwrite' && record.stores.includes('receiver') && record.committed);
		const strict = records.findLastIndex((record) => record.durability === 'strict' && record.committed);
		expect(deleted).toBeGreaterThanOrEqual(0);
		expect(strict).toBeGreaterThan(deleted);
	});
});

describe('the unread count on the contact row', () => {
	it('counts stored messages, not duplicates, and drops to zero when read', async () => {
		const db = fresh();
		const batch = [received(1), received(2)];
		await storeIncomingBatch(db, batch, stranger);
		await storeIncomingBatch(db, [...batch, received(3)], stranger);
		expect((await db.users.get(BOB))?.unread).toBe(3);
		await markConversationRead(db, BOB);
		expect((await db.users.get(BOB))?.unread).toBe(0);
		expect(await db.receiver.where('[conversationId+unread]').equals([BOB, 1]).count()).toBe(0);
	});

	it('stays at zero for an ignored request, whose new messages arrive read', async () => {
		const db = fresh();
		await storeIncomingBatch(db, [received(1)], stranger);
		await setContactState(db, BOB, 'ignored', 2);
		expect((await db.users.get(BOB))?.unread).toBe(0);
		await storeIncomingBatch(db, [{ ...received(2), unread: 1 }], stranger);
		expect((await db.users.get(BOB))?.unread).toBe(0);
	});

	it('is computed for data written before it existed (schema version 4)', async () => {
		const name = `write-path-upgrade-${++dbCounter}`;
		const old = new Dexie(name);
		old.version(3).stores({
			identity: 'key',
			users: 'peerId, lastActivity',
			sender: 'id, [conversationId+time], [conversationId+seq], [peerId+status+seq], time',
			receiver: 'id, [conversationId+time], [conversationId+unread], [conversationId+peerId+seq], time',
			settings: 'key',
			searchIndex: 'key',
			edits: 'id, [peerId+status+time]',
			editHistory: 'id, [target+version]'
		});
		await old.table('users').bulkAdd([stranger(), { ...stranger(), peerId: 'carol' }]);
		await old.table('receiver').bulkAdd([received(1), received(2), received(3, 0)]);
		old.close();
		const db = new ChatDb(name);
		expect((await db.users.get(BOB))?.unread).toBe(2);
		expect((await db.users.get('carol'))?.unread).toBe(0);
	});
});

describe("Dexie's liveQuery bookkeeping is off (readers follow db.changes)", () => {
	it('a committed write announces nothing through Dexie (no key-range tracking, no BroadcastChannel post)', async () => {
		const db = fresh();
		// Creating the database announces it once (Dexie, at open); writes are what must not.
		await db.open();
		const announced: unknown[] = [];
		const listener = (parts: unknown) => void announced.push(parts);
		Dexie.on('storagemutated', listener);
		try {
			await saveContact(db, { peerId: BOB, placeholderName: 'bob', now: 1 });
			await send(db, 'hi');
			await storeIncomingBatch(db, [received(1)], stranger);
		} finally {
			Dexie.on('storagemutated').unsubscribe(listener);
		}
		expect(announced).toEqual([]);
	});
});
