import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import {
	deliveryCounts,
	deliveryOf,
	groupsPendingFor,
	lastGroupSeq,
	markGroupAcked,
	pendingGroupFrames,
	recordOutgoingGroupMessage,
	recordOutgoingGroupMessages
} from '../../../src/lib/db/group-outbox';
import { applyGroupOp } from '../../../src/lib/db/group-store';
import { pendingFor } from '../../../src/lib/db/outbox-queries';
import { cast, createGroup, Writer, type Cast } from '../group/group-fixtures';
import { freshDb, signed, tableCounts } from './group-db-fixtures';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

/** Alice's device, in her group of four. */
async function alicesDevice() {
	const db = freshDb();
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol, c.dave]);
	await applyGroupOp(db, c.alice.peerId, create, 10);
	return { db, g: create.group, create };
}

describe('a group message I write', () => {
	it('is one sender row with a pending copy per other member: "delivered to 0 of 3"', async () => {
		const { db, g } = await alicesDevice();
		const feed: StoredChanges[] = [];
		db.changes.subscribe((changes) => feed.push(changes));
		const frame = signed(c.sodium, c.alice, g, 1, 'hi').frame;
		const recorded = await recordOutgoingGroupMessage(db, c.alice.peerId, frame, 20);
		expect(recorded.ok && recorded.recipients).toEqual([c.bob.peerId, c.carol.peerId, c.dave.peerId].sort());
		expect(await db.sender.get(frame.id)).toMatchObject({ conversationId: g, seq: 1, text: 'hi', status: 'pending' });
		expect((await deliveryCounts(db, [frame.id])).get(frame.id)).toEqual({ delivered: 0, total: 3 });
		expect(await db.groups.get(g)).toMatchObject({ lastSentSeq: 1, lastActivity: 20, preview: { text: 'hi', author: 'self' } });
		expect(await lastGroupSeq(db, c.alice.peerId, g)).toBe(1);
		expect(feed.at(-1)?.messages.map((m) => m.id)).toEqual([frame.id]);
		// The direct outbox of a member never walks a group's rows.
		expect(await pendingFor(db, c.bob.peerId)).toEqual([]);
	});

	it('is acked per member; the sender row turns sent when the last member acks', async () => {
		const { db, g } = await alicesDevice();
		const frame = signed(c.sodium, c.alice, g, 1, 'hi').frame;
		await recordOutgoingGroupMessage(db, c.alice.peerId, frame, 20);
		expect(await markGroupAcked(db, c.bob.peerId, [frame.id], 30)).toBe(1);
		expect(await markGroupAcked(db, c.bob.peerId, [frame.id], 31)).toBe(0);
		// Someone who is not a recipient cannot ack for anyone.
		expect(await markGroupAcked(db, c.erin.peerId, [frame.id], 32)).toBe(0);
		expect(await markGroupAcked(db, c.carol.peerId, [frame.id], 33)).toBe(1);
		expect((await deliveryCounts(db, [frame.id])).get(frame.id)).toEqual({ delivered: 2, total: 3 });
		expect((await db.sender.get(frame.id))?.status).toBe('pending');
		expect(Object.fromEntries((await deliveryOf(db, frame.id)).map((row) => [row.member, row.status]))).toEqual({
			[c.bob.peerId]: 'sent',
			[c.carol.peerId]: 'sent',
			[c.dave.peerId]: 'pending'
		});
		await markGroupAcked(db, c.dave.peerId, [frame.id], 34);
		expect((await db.sender.get(frame.id))?.status).toBe('sent');
	});

	it("each member's outbox holds their pending copies in seq order, edits included", async () => {
		const { db, g } = await alicesDevice();
		const one = signed(c.sodium, c.alice, g, 1, 'one').frame;
		const two = signed(c.sodium, c.alice, g, 2, 'two').frame;
		const edit = signed(c.sodium, c.alice, g, 3, { kind: 'edit', target: one.id, version: 1, text: 'uno' }).frame;
		for (const frame of [one, two, edit]) await recordOutgoingGroupMessage(db, c.alice.peerId, frame, 20);
		await markGroupAcked(db, c.bob.peerId, [two.id], 30);
		expect((await pendingGroupFrames(db, c.bob.peerId, g)).map((f) => f.seq)).toEqual([1, 3]);
		expect((await pendingGroupFrames(db, c.carol.peerId, g, 2)).map((f) => f.seq)).toEqual([1, 2]);
		expect(await groupsPendingFor(db, c.bob.peerId)).toEqual([g]);
		expect(await groupsPendingFor(db, c.erin.peerId)).toEqual([]);
	});

	it('is refused, storing nothing, in a group I left or do not know', async () => {
		const { db, g, create } = await alicesDevice();
		await applyGroupOp(db, c.alice.peerId, new Writer(c.sodium, c.alice, g, [create]).write({ kind: 'leave' }), 15);
		const before = await tableCounts(db);
		expect(await recordOutgoingGroupMessage(db, c.alice.peerId, signed(c.sodium, c.alice, g, 1, 'after I left').frame, 20)).toEqual({
			ok: false,
			reason: 'not-member'
		});
		const elsewhere = createGroup(c.sodium, c.carol, [c.alice]).group;
		expect(await recordOutgoingGroupMessage(db, c.alice.peerId, signed(c.sodium, c.alice, elsewhere, 1, 'x').frame, 20)).toEqual({
			ok: false,
			reason: 'unknown-group'
		});
		expect(await tableCounts(db)).toEqual(before);
	});
});

describe('a run of group messages I write', () => {
	it('is recorded in one go, in seq order with rising times, the group row written once', async () => {
		const { db, g } = await alicesDevice();
		const frames = [1, 2, 3].map((seq) => signed(c.sodium, c.alice, g, seq, `m${seq}`).frame);
		let clock = 100;
		const recorded = await recordOutgoingGroupMessages(db, c.alice.peerId, frames, () => ++clock);
		expect(recorded.ok && recorded.rows.map((row) => [row.text, row.seq, row.time])).toEqual([
			['m1', 1, 101],
			['m2', 2, 102],
			['m3', 3, 103]
		]);
		expect(await db.groups.get(g)).toMatchObject({ lastSentSeq: 3, lastActivity: 103, preview: { text: 'm3' } });
		expect((await deliveryCounts(db, frames.map((frame) => frame.id))).get(frames[2]!.id)).toEqual({ delivered: 0, total: 3 });
	});

	it('is refused, writing nothing, when its first seq is not above the stored high-water mark (another tab wrote)', async () => {
		const { db, g } = await alicesDevice();
		await recordOutgoingGroupMessage(db, c.alice.peerId, signed(c.sodium, c.alice, g, 1, 'from the other tab').frame, 20);
		const before = await tableCounts(db);
		const stale = signed(c.sodium, c.alice, g, 1, 'same seq, other message').frame;
		expect(await recordOutgoingGroupMessages(db, c.alice.peerId, [stale], () => 30)).toEqual({ ok: false, reason: 'stale-seq' });
		expect(await tableCounts(db)).toEqual(before);
		expect(await lastGroupSeq(db, c.alice.peerId, g)).toBe(1);
	});
});
