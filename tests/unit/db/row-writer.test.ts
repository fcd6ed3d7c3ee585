import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { addRows } from '../../../src/lib/db/row-writer';
import type { ReceivedRow } from '../../../src/lib/db/schema';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { spyTransactions } from './idb-spy';

const BOB = 'bob' as PeerId;
let dbCounter = 0;
const received = (seq: number, text = `m${seq}`): ReceivedRow => ({ id: newMessageId(), conversationId: BOB, peerId: BOB, seq, text, time: seq, authoredAt: seq, unread: 1 });
const rowsOf = (count: number) => Array.from({ length: count }, (_, i) => received(i + 1));
const user = { peerId: BOB, name: 'Bob', state: 'contact' as const, addedAt: 0, lastActivity: 0 };

describe('adding rows in a transaction (row-writer)', () => {
	it('writes every row, in one transaction with the other writes', async () => {
		const db = new ChatDb(`row-writer-${++dbCounter}`);
		await db.open();
		const transactions = spyTransactions(db);
		const rows = rowsOf(50);
		await db.transaction('rw', db.receiver, db.users, async () => {
			await Promise.all([addRows(db.receiver, rows), db.users.put(user)]);
		});
		expect(transactions.filter((record) => record.mode === 'readwrite')).toHaveLength(1);
		expect(await db.receiver.orderBy('[conversationId+time]').toArray()).toEqual(rows);
		expect(await db.users.get(BOB)).toEqual(user);
	});

	it('settles only once every row is written: the next read in the transaction sees them all', async () => {
		const db = new ChatDb(`row-writer-${++dbCounter}`);
		const rows = rowsOf(20);
		const seen = await db.transaction('rw', db.receiver, async () => {
			await addRows(db.receiver, rows);
			return db.receiver.count();
		});
		expect(seen).toBe(20);
	});

	it('fails the whole transaction when a key is taken: the stored row stays, nothing else lands', async () => {
		const db = new ChatDb(`row-writer-${++dbCounter}`);
		const stored = received(1, 'the stored text');
		await db.receiver.add(stored);
		for (const at of [0, 2, 4]) {
			const rows = rowsOf(5);
			rows[at] = { ...stored, text: 'an overwrite' };
			const write = db.transaction('rw', db.receiver, db.users, async () => {
				await Promise.all([addRows(db.receiver, rows), db.users.put(user)]);
			});
			await expect(write).rejects.toThrow();
			expect(await db.receiver.toArray()).toEqual([stored]);
			expect(await db.users.count()).toBe(0);
		}
	});

	it('is bulkAdd outside a transaction, for one row, and for a table the transaction does not hold', async () => {
		const db = new ChatDb(`row-writer-${++dbCounter}`);
		await addRows(db.receiver, rowsOf(3));
		await db.transaction('rw', db.receiver, async () => {
			await addRows(db.receiver, [received(9)]);
		});
		expect(await db.receiver.count()).toBe(4);
		await expect(addRows(db.receiver, [])).resolves.toBeUndefined();
		const notHeld = db.transaction('rw', db.users, async () => {
			await addRows(db.receiver, rowsOf(2));
		});
		await expect(notHeld).rejects.toThrow(/not part of transaction|could not be found/);
		expect(await db.receiver.count()).toBe(4);
	});
});
