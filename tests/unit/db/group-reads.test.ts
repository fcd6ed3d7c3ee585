import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import { deliveryCounts, deliveryOf, markGroupAcked, recordOutgoingGroupMessage } from '../../../src/lib/db/group-outbox';
import { groupReadUpTo, groupsSharedWith, recordGroupRead } from '../../../src/lib/db/group-reads';
import { applyGroupOp } from '../../../src/lib/db/group-store';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { cast, createGroup, Writer, type Cast } from '../group/group-fixtures';
import { freshDb, signed, tableCounts } from './group-db-fixtures';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

/** Alice's group with Bob and Carol, in which Alice wrote `count` messages (seq 1..count), each acked by both. */
async function sentThree(count = 3) {
	const db = freshDb();
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
	await applyGroupOp(db, c.alice.peerId, create, 10);
	const g = create.group;
	const ids: MessageId[] = [];
	for (let seq = 1; seq <= count; seq++) {
		const frame = signed(c.sodium, c.alice, g, seq, `message ${seq}`).frame;
		await recordOutgoingGroupMessage(db, c.alice.peerId, frame, 20 + seq);
		ids.push(frame.id);
	}
	return { db, g, ids, alice: new Writer(c.sodium, c.alice, g, [create]) };
}

const readers = (db: Awaited<ReturnType<typeof sentThree>>['db'], id: MessageId) =>
	deliveryOf(db, id).then((rows) => rows.filter((row) => row.readAt !== undefined).map((row) => row.member));

describe('a group read receipt at the author', () => {
	it('marks the member’s copies at or below the seq read, with the time; the feed hears of each message', async () => {
		const { db, g, ids } = await sentThree();
		await markGroupAcked(db, c.bob.peerId, ids, 30);
		const feed: StoredChanges[] = [];
		db.changes.subscribe((changes) => feed.push(changes));
		expect(await recordGroupRead(db, c.bob.peerId, g, 2, 40)).toBe(2);
		expect(await readers(db, ids[0]!)).toEqual([c.bob.peerId]);
		expect(await readers(db, ids[1]!)).toEqual([c.bob.peerId]);
		expect(await readers(db, ids[2]!)).toEqual([]);
		expect((await deliveryOf(db, ids[1]!)).find((row) => row.member === c.bob.peerId)).toMatchObject({ readAt: 40, ackedAt: 30 });
		expect(feed.at(-1)?.statusOnly).toBe(true);
		expect(feed.at(-1)?.messages.map((row) => row.id).sort()).toEqual(ids.slice(0, 2).sort());
		// Moving on marks only what is new; a repeat or an older claim moves nothing.
		expect(await recordGroupRead(db, c.bob.peerId, g, 3, 50)).toBe(1);
		expect(await recordGroupRead(db, c.bob.peerId, g, 3, 60)).toBe(0);
		expect(await recordGroupRead(db, c.bob.peerId, g, 1, 60)).toBe(0);
		expect((await deliveryOf(db, ids[0]!)).find((row) => row.member === c.bob.peerId)?.readAt).toBe(40);
	});

	it('counts a copy still pending as delivered: a receipt only covers what the member stored', async () => {
		const { db, g, ids } = await sentThree(1);
		await markGroupAcked(db, c.carol.peerId, ids, 30);
		expect((await db.sender.get(ids[0]!))?.status).toBe('pending');
		await recordGroupRead(db, c.bob.peerId, g, 1, 40);
		expect((await deliveryOf(db, ids[0]!)).find((row) => row.member === c.bob.peerId)).toMatchObject({ status: 'sent', ackedAt: 40, readAt: 40 });
		expect((await db.sender.get(ids[0]!))?.status).toBe('sent');
		expect((await deliveryCounts(db, ids)).get(ids[0]!)).toEqual({ delivered: 2, total: 2, read: 1 });
	});

	it('a claim past my newest message does not make a later message read', async () => {
		const { db, g, ids } = await sentThree(1);
		await recordGroupRead(db, c.bob.peerId, g, 1_000_000, 40);
		const later = signed(c.sodium, c.alice, g, 2, 'later').frame;
		await recordOutgoingGroupMessage(db, c.alice.peerId, later, 50);
		expect(await readers(db, ids[0]!)).toEqual([c.bob.peerId]);
		expect(await readers(db, later.id)).toEqual([]);
	});

	it('from someone who is not a member now stores nothing (a stranger, a removed member)', async () => {
		const { db, g, ids, alice } = await sentThree(1);
		// Carol got it before her removal: her copy stays, and her receipt after it still moves nothing.
		await markGroupAcked(db, c.carol.peerId, ids, 25);
		await applyGroupOp(db, c.alice.peerId, alice.write({ kind: 'remove', member: c.carol.peerId }), 30);
		const before = await tableCounts(db);
		expect(await recordGroupRead(db, c.dave.peerId, g, 1, 40)).toBe(0);
		expect(await recordGroupRead(db, c.carol.peerId, g, 1, 40)).toBe(0);
		expect(await tableCounts(db)).toEqual(before);
		expect((await db.groupDelivery.toArray()).filter((row) => row.readAt !== undefined)).toEqual([]);
	});

	it('"read by all" counts the current members only: a removed member who never read does not hold it back', async () => {
		const { db, g, ids, alice } = await sentThree(1);
		await markGroupAcked(db, c.carol.peerId, ids, 30);
		await recordGroupRead(db, c.bob.peerId, g, 1, 40);
		expect((await deliveryCounts(db, ids)).get(ids[0]!)).toEqual({ delivered: 2, total: 2, read: 1 });
		await applyGroupOp(db, c.alice.peerId, alice.write({ kind: 'remove', member: c.carol.peerId }), 50);
		expect((await deliveryCounts(db, ids)).get(ids[0]!)).toEqual({ delivered: 1, total: 1, read: 1 });
		expect((await deliveryOf(db, ids[0]!)).map((row) => row.member)).toEqual([c.bob.peerId]);
	});
});

describe('what a reader tells an author', () => {
	it('is the author’s highest seq read in that group, and goes only to groups we share', async () => {
		const db = freshDb();
		const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
		await applyGroupOp(db, c.bob.peerId, create, 10);
		const g = create.group;
		await db.receiver.bulkAdd([1, 2, 3].map((seq) => ({ id: `m${seq}` as MessageId, conversationId: g, peerId: c.alice.peerId, seq, text: `m${seq}`, authoredAt: seq, time: seq, unread: seq === 3 ? (1 as const) : (0 as const) })));
		expect(await groupReadUpTo(db, g, c.alice.peerId)).toBe(2);
		expect(await groupReadUpTo(db, g, c.carol.peerId)).toBe(0);
		expect(await groupsSharedWith(db, c.alice.peerId)).toEqual([g]);
		expect(await groupsSharedWith(db, c.dave.peerId)).toEqual([]);
	});
});
