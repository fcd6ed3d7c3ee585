import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import { recordOutgoingGroupMessage, markGroupAcked, deliveryCounts } from '../../../src/lib/db/group-outbox';
import { applyGroupOp, groupState, heldOps, listGroups, setGroupMuted } from '../../../src/lib/db/group-store';
import { signGroupOp } from '../../../src/lib/group/group-signing';
import { cast, createGroup, Writer, type Cast } from '../group/group-fixtures';
import { freshDb, signed, tableCounts } from './group-db-fixtures';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

async function founded() {
	const db = freshDb();
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
	const applied = await applyGroupOp(db, c.alice.peerId, create, 10);
	if (!applied.ok) throw new Error(applied.reason);
	return { db, create, g: create.group, alice: new Writer(c.sodium, c.alice, create.group, [create]) };
}

describe('a group is created', () => {
	it('stores its create op and a group row with the folded state; the feed hears of the row', async () => {
		const db = freshDb();
		const feed: StoredChanges[] = [];
		db.changes.subscribe((changes) => feed.push(changes));
		const create = createGroup(c.sodium, c.alice, [c.bob, c.carol], 'Climbing');
		const applied = await applyGroupOp(db, c.alice.peerId, create, 10);
		expect(applied.ok && applied.value.result).toBe('new');
		const [row] = await listGroups(db);
		expect(row).toMatchObject({ id: create.group, name: 'Climbing', role: 'admin', createdAt: 10, unread: 0, lastSentSeq: 0 });
		expect([...row!.state.members.keys()].sort()).toEqual([c.alice.peerId, c.bob.peerId, c.carol.peerId].sort());
		expect((await heldOps(db, create.group)).map((op) => op.id)).toEqual([create.id]);
		expect(feed.at(-1)?.groups?.[0]?.id).toBe(create.group);
	});

	it('an invitation (the create op arriving) makes the group with me as a member', async () => {
		const db = freshDb();
		const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
		await applyGroupOp(db, c.bob.peerId, create, 10);
		expect((await db.groups.get(create.group))?.role).toBe('member');
	});
});

describe('an op', () => {
	it('that admission refuses stores nothing (a stranger renaming, an op of an unknown group)', async () => {
		const { db, g, alice } = await founded();
		const before = await tableCounts(db);
		const stranger = new Writer(c.sodium, c.dave, g, [...alice.seen]).write({ kind: 'rename', name: 'Mine' });
		expect(await applyGroupOp(db, c.alice.peerId, stranger, 20)).toEqual({ ok: false, reason: 'not-member' });
		const other = createGroup(c.sodium, c.carol, [c.dave]);
		const elsewhere = new Writer(c.sodium, c.carol, other.group, [other]).write({ kind: 'rename', name: 'Other' });
		expect(await applyGroupOp(db, c.alice.peerId, elsewhere, 20)).toEqual({ ok: false, reason: 'unknown-group' });
		expect(await tableCounts(db)).toEqual(before);
		expect((await groupState(db, g))?.name).toBe('Climbing');
	});

	it('held already (relayed by a second member) is a duplicate and writes nothing', async () => {
		const { db, alice } = await founded();
		const add = alice.write({ kind: 'add', member: c.dave.peerId });
		expect((await applyGroupOp(db, c.alice.peerId, add, 20)).ok).toBe(true);
		const before = await tableCounts(db);
		const again = await applyGroupOp(db, c.alice.peerId, add, 30);
		expect(again.ok && again.value.result).toBe('duplicate');
		expect(await tableCounts(db)).toEqual(before);
	});

	it('refolds and caches: a rename and an add show on the group row', async () => {
		const { db, g, alice } = await founded();
		await applyGroupOp(db, c.alice.peerId, alice.write({ kind: 'rename', name: 'Bouldering' }), 20);
		await applyGroupOp(db, c.alice.peerId, alice.write({ kind: 'add', member: c.dave.peerId }), 30);
		const row = await db.groups.get(g);
		expect(row?.name).toBe('Bouldering');
		expect(row?.state.members.has(c.dave.peerId)).toBe(true);
	});

	it('that removes a member drops their pending copies; messages written later do not address them', async () => {
		const { db, g, alice } = await founded();
		const first = signed(c.sodium, c.alice, g, 1, 'before').frame;
		await recordOutgoingGroupMessage(db, c.alice.peerId, first, 20);
		await markGroupAcked(db, c.bob.peerId, [first.id], 21);
		await applyGroupOp(db, c.alice.peerId, alice.write({ kind: 'remove', member: c.carol.peerId }), 30);
		// Carol's copy is gone, Bob has his: the message is delivered to everyone it still goes to.
		expect((await deliveryCounts(db, [first.id])).get(first.id)).toEqual({ delivered: 1, total: 1 });
		expect((await db.sender.get(first.id))?.status).toBe('sent');
		const later = signed(c.sodium, c.alice, g, 2, 'after').frame;
		const recorded = await recordOutgoingGroupMessage(db, c.alice.peerId, later, 40);
		expect(recorded.ok && recorded.recipients).toEqual([c.bob.peerId]);
		expect((await deliveryCounts(db, [later.id])).get(later.id)).toEqual({ delivered: 0, total: 1 });
	});

	it('my own leave makes my role "left", an admin removing me "removed"', async () => {
		const { g, alice, create } = await founded();
		const bobDb = freshDb();
		await applyGroupOp(bobDb, c.bob.peerId, create, 10);
		const bob = new Writer(c.sodium, c.bob, g, [create]);
		await applyGroupOp(bobDb, c.bob.peerId, bob.write({ kind: 'leave' }), 20);
		expect((await bobDb.groups.get(g))?.role).toBe('left');
		const carolDb = freshDb();
		await applyGroupOp(carolDb, c.carol.peerId, create, 10);
		expect((await carolDb.groups.get(g))?.role).toBe('member');
		await applyGroupOp(carolDb, c.carol.peerId, alice.write({ kind: 'remove', member: c.carol.peerId }), 20);
		expect((await carolDb.groups.get(g))?.role).toBe('removed');
	});

	it('a cached state from older fold rules is refolded from the ops, never trusted', async () => {
		const { db, g } = await founded();
		const row = (await db.groups.get(g))!;
		const forged = signGroupOp(c.sodium, c.dave, { kind: 'create', g, clock: 1, after: [], name: 'X', members: [], nonce: c.sodium.randombytes_buf(16) });
		// A stale cache that names a stranger as the only member.
		await db.groups.put({ ...row, foldVersion: 0, state: { ...row.state, members: new Map([[forged.by, { admin: true }]]) } });
		const state = await groupState(db, g);
		expect(state?.members.has(c.alice.peerId)).toBe(true);
		expect(state?.members.has(c.dave.peerId)).toBe(false);
	});
});

describe('muting a group', () => {
	it('is kept on the group row and published; muting twice writes nothing', async () => {
		const { db, g } = await founded();
		const feed: StoredChanges[] = [];
		db.changes.subscribe((changes) => feed.push(changes));
		expect((await setGroupMuted(db, g, true))?.muted).toBe(true);
		expect(await setGroupMuted(db, g, true)).toBeUndefined();
		expect((await db.groups.get(g))?.muted).toBe(true);
		expect(feed.map((changes) => changes.groups?.[0]?.muted)).toEqual([true]);
	});
});
