import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { allSentMessages, sentMessage } from '../../../src/lib/db/delivery-marks';
import { getByIds, hasIds } from '../../../src/lib/db/id-lookup';
import { markAcked, storeIncomingBatch } from '../../../src/lib/db/queries';
import type { ReceivedRow, SentRow, UserRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

// Issue 9 (throughput): an IndexedDB request costs the same whatever it reads, so the checks of
// a stored batch and of an ack read ranges, not one row per id. These pin the request count
// (a `get` per id is what made a 10,000-message outbox flush 9× a raw bulk write) and that the
// range reads answer exactly what `bulkGet` would, including when a range holds too much.

let dbCounter = 0;
const BOB = 'bob-peer' as PeerId;
const fresh = () => new ChatDb(`batch-reads-${++dbCounter}`);
const contact = (): UserRow => ({ peerId: BOB, name: 'Bob', state: 'contact', addedAt: 0, lastActivity: 0 });

/** Counts IDBObjectStore.get calls (one per id for Dexie's bulkGet) while `run` runs. */
async function countGets<T>(run: () => Promise<T>): Promise<{ result: T; gets: number }> {
	const prototype = globalThis.IDBObjectStore.prototype;
	const original = prototype.get;
	let gets = 0;
	prototype.get = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['get']>) {
		gets += 1;
		return original.apply(this, args);
	};
	try {
		return { result: await run(), gets };
	} finally {
		prototype.get = original;
	}
}

function incoming(count: number, from = 1, time = 1_000): ReceivedRow[] {
	return Array.from({ length: count }, (_, i) => ({
		id: newMessageId(time + from + i),
		conversationId: BOB,
		peerId: BOB,
		seq: from + i,
		text: `m${from + i}`,
		authoredAt: time + from + i,
		time: time + from + i,
		unread: 1
	}));
}

function pending(count: number, from = 1, time = 1_000): SentRow[] {
	return Array.from({ length: count }, (_, i) => ({
		id: newMessageId(time + from + i),
		conversationId: BOB,
		peerId: BOB,
		seq: from + i,
		text: `s${from + i}`,
		time: time + from + i,
		status: 'pending' as const
	}));
}

const opened: ChatDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

describe('a stored batch checks its ids with range reads', () => {
	it('300 messages, new or repeated, cost no get per id', async () => {
		const db = fresh();
		opened.push(db);
		await db.users.put(contact());
		const rows = incoming(300);
		const first = await countGets(() => storeIncomingBatch(db, rows, contact));
		expect(first.result.every((result) => result === 'stored')).toBe(true);
		// The contact row is the one get; the id checks are range reads.
		expect(first.gets).toBeLessThanOrEqual(2);
		const again = await countGets(() => storeIncomingBatch(db, rows, contact));
		expect(again.result.every((result) => result === 'duplicate')).toBe(true);
		expect(await db.receiver.count()).toBe(300);
	});

	it('answers as bulkGet would, also when the range between the ids holds far more rows', async () => {
		const db = fresh();
		opened.push(db);
		// 2,000 rows between the two ids looked up: the range read gives up and looks them up one by one.
		const stored = incoming(2_002);
		await db.receiver.bulkAdd(stored);
		const ends = [stored[0]!.id, stored.at(-1)!.id];
		const missing = newMessageId(5_000);
		const ids = [...ends, missing];
		expect(await hasIds(db.receiver, ids)).toEqual([true, true, false]);
		expect((await getByIds(db.receiver, ids)).map((row) => row?.id)).toEqual([...ends, undefined]);
		// Close together: one range read, the same answer.
		const near = [stored[5]!.id, missing, stored[6]!.id];
		expect(await hasIds(db.receiver, near)).toEqual([true, false, true]);
		expect(await hasIds(db.receiver, [])).toEqual([]);
	});

	it('still refuses an id that is one of ours, found by the range read', async () => {
		const db = fresh();
		opened.push(db);
		await db.users.put(contact());
		const ours = pending(1, 1, 2_000)[0]!;
		await db.sender.add(ours);
		const batch = incoming(3, 1, 2_000);
		batch[1] = { ...batch[1]!, id: ours.id as MessageId };
		expect(await storeIncomingBatch(db, batch, contact)).toEqual(['stored', 'id-taken', 'stored']);
	});
});

describe('an ack reads the peer’s pending rows, not a row per id', () => {
	it('500 acked messages cost no get per id', async () => {
		const db = fresh();
		opened.push(db);
		const rows = pending(500);
		await db.sender.bulkAdd(rows);
		const { result, gets } = await countGets(() => markAcked(db, BOB, rows.map((row) => row.id as MessageId), 9));
		expect(result).toBe(500);
		// The one get is the peer's delivery mark; none per id.
		expect(gets).toBe(1);
		expect((await allSentMessages(db)).filter((row) => row.status === 'sent')).toHaveLength(500);
	});

	it('moves rows far behind the head of the pending rows too (behind rows the peer never acks)', async () => {
		const db = fresh();
		opened.push(db);
		// 200 refused rows stay pending at the head; the acked ones come after them.
		const refused = pending(200);
		const acked = pending(10, 201);
		await db.sender.bulkAdd([...refused, ...acked]);
		const ids = [...acked.map((row) => row.id as MessageId), newMessageId(9_999)];
		expect(await markAcked(db, BOB, ids, 9)).toBe(10);
		expect((await Promise.all(acked.map((row) => sentMessage(db, row.id)))).every((row) => row?.status === 'sent')).toBe(true);
		expect(await db.sender.where('[peerId+status+seq]').between([BOB, 'pending', 0], [BOB, 'pending', Infinity]).count()).toBe(200);
		// Acking them again, or rows of another peer, moves nothing.
		expect(await markAcked(db, BOB, ids, 10)).toBe(0);
		expect(await markAcked(db, 'carol-peer' as PeerId, refused.map((row) => row.id as MessageId), 10)).toBe(0);
	});
});
