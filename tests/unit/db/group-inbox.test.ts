import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import { markGroupRead, storeGroupMessage, storeGroupMessages } from '../../../src/lib/db/group-inbox';
import { applyGroupOp } from '../../../src/lib/db/group-store';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { cast, createGroup, Writer, type Cast } from '../group/group-fixtures';
import { freshDb, signed, tableCounts } from './group-db-fixtures';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

/** Bob's device, in Alice's group with Carol. */
async function bobsDevice() {
	const db = freshDb();
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
	await applyGroupOp(db, c.bob.peerId, create, 10);
	return { db, g: create.group, alice: new Writer(c.sodium, c.alice, create.group, [create]) };
}

describe('a group message arriving', () => {
	it('is stored once as a row of the group conversation, logged for relay, counted unread', async () => {
		const { db, g } = await bobsDevice();
		const feed: StoredChanges[] = [];
		db.changes.subscribe((changes) => feed.push(changes));
		const message = signed(c.sodium, c.alice, g, 1, 'hello all');
		expect(await storeGroupMessage(db, message, c.alice.peerId, 50)).toEqual({ ok: true, value: 'new' });
		expect(await db.receiver.get(message.frame.id)).toMatchObject({ conversationId: g, peerId: c.alice.peerId, seq: 1, text: 'hello all', time: 50, unread: 1 });
		expect((await db.groupFrames.get(message.frame.id))?.frame.sig).toEqual(message.frame.sig);
		expect(await db.groups.get(g)).toMatchObject({ unread: 1, lastActivity: 50, preview: { text: 'hello all', author: c.alice.peerId } });
		expect(feed.at(-1)?.messages.map((m) => m.id)).toEqual([message.frame.id]);
	});

	it('through two relays (and its author) stores one row; the later copies are acked duplicates', async () => {
		const { db, g } = await bobsDevice();
		const message = signed(c.sodium, c.alice, g, 1, 'once');
		expect(await storeGroupMessage(db, message, c.carol.peerId, 50)).toEqual({ ok: true, value: 'new' });
		const before = await tableCounts(db);
		expect(await storeGroupMessage(db, message, c.alice.peerId, 60)).toEqual({ ok: true, value: 'duplicate' });
		expect(await storeGroupMessage(db, message, c.carol.peerId, 70)).toEqual({ ok: true, value: 'duplicate' });
		expect(await tableCounts(db)).toEqual(before);
		expect((await db.groups.get(g))?.unread).toBe(1);
	});

	it("relayed after the author's later messages, is placed before them: the thread keeps the author's order", async () => {
		const { db, g } = await bobsDevice();
		const [first, second, third] = [1, 2, 3].map((seq) => signed(c.sodium, c.alice, g, seq, `m${seq}`)) as [ReturnType<typeof signed>, ReturnType<typeof signed>, ReturnType<typeof signed>];
		await storeGroupMessage(db, first, c.alice.peerId, 100);
		await storeGroupMessage(db, third, c.alice.peerId, 200);
		// The second comes later, relayed by Carol: between its neighbours by seq, not at 300.
		await storeGroupMessage(db, second, c.carol.peerId, 300);
		const times = await Promise.all([first, second, third].map(async (m) => (await db.receiver.get(m.frame.id))?.time));
		expect(times[0]).toBe(100);
		expect(times[1]).toBeGreaterThan(100);
		expect(times[1]).toBeLessThan(200);
		expect(times[2]).toBe(200);
	});

	it('that read the clock before another deliverer stored the earlier one, is placed after it', async () => {
		const { db, g } = await bobsDevice();
		const [first, second] = [1, 2].map((seq) => signed(c.sodium, c.alice, g, seq, `m${seq}`)) as [ReturnType<typeof signed>, ReturnType<typeof signed>];
		// Two deliverers at once: Carol's relay of the first commits with a later clock reading.
		await storeGroupMessage(db, first, c.carol.peerId, 300);
		await storeGroupMessage(db, second, c.alice.peerId, 250);
		const [t1, t2] = await Promise.all([first, second].map(async (m) => (await db.receiver.get(m.frame.id))?.time));
		expect(t2).toBeGreaterThan(t1!);
	});

	it('a long run relayed late, in any order, keeps every one of them in seq order with distinct times', async () => {
		const { db, g } = await bobsDevice();
		const messages = Array.from({ length: 80 }, (_, i) => signed(c.sodium, c.alice, g, i + 1, `m${i + 1}`));
		const now = 1_700_000_000_000;
		await storeGroupMessage(db, messages[0]!, c.alice.peerId, now);
		await storeGroupMessage(db, messages[79]!, c.alice.peerId, now + 1_000);
		// The 78 between them arrive later, relayed, newest-first and oldest-first interleaved.
		const late = messages.slice(1, 79);
		const order = late.flatMap((_, i) => (i % 2 === 0 ? [late[i / 2]!] : [late[late.length - 1 - (i - 1) / 2]!])).slice(0, late.length);
		let clock = now + 2_000;
		for (const message of order) await storeGroupMessage(db, message, c.carol.peerId, (clock += 1));
		const rows = await db.receiver.where('[conversationId+time]').between([g, -Infinity], [g, Infinity]).toArray();
		expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
		expect(new Set(rows.map((row) => row.time)).size).toBe(80);
	}, 30_000);

	it('refused for each reason stores nothing anywhere', async () => {
		const { db, g } = await bobsDevice();
		await storeGroupMessage(db, signed(c.sodium, c.alice, g, 1, 'first'), c.alice.peerId, 50);
		const direct = newMessageId(40);
		await db.receiver.add({ id: direct, conversationId: c.carol.peerId, peerId: c.carol.peerId as PeerId, seq: 1, text: 'dm', authoredAt: 40, time: 40, unread: 0 });
		const before = await tableCounts(db);
		const elsewhere = createGroup(c.sodium, c.carol, [c.bob]).group;
		const cases: [ReturnType<typeof signed>, PeerId, string][] = [
			[signed(c.sodium, c.alice, elsewhere, 1, 'unknown group'), c.alice.peerId, 'unknown-group'],
			[signed(c.sodium, c.dave, g, 1, 'stranger'), c.dave.peerId, 'not-member'],
			[signed(c.sodium, c.alice, g, 2, 'via a stranger'), c.dave.peerId, 'relay-not-member'],
			[signed(c.sodium, c.alice, g, 1, 'another message at seq 1'), c.alice.peerId, 'replayed'],
			[signed(c.sodium, c.alice, g, 3, 'a direct message id', direct as MessageId), c.alice.peerId, 'replayed']
		];
		for (const [message, by, reason] of cases) expect(await storeGroupMessage(db, message, by, 60)).toEqual({ ok: false, reason });
		expect(await tableCounts(db)).toEqual(before);
	});

	it('from a member removed since is refused and stores nothing', async () => {
		const { db, g, alice } = await bobsDevice();
		await applyGroupOp(db, c.bob.peerId, alice.write({ kind: 'remove', member: c.carol.peerId }), 20);
		const before = await tableCounts(db);
		expect(await storeGroupMessage(db, signed(c.sodium, c.carol, g, 1, 'still here?'), c.carol.peerId, 30)).toEqual({ ok: false, reason: 'not-member' });
		expect(await tableCounts(db)).toEqual(before);
	});

	it('an edit by the author changes the row; one by another member changes nothing; a delete leaves a tombstone', async () => {
		const { db, g } = await bobsDevice();
		const original = signed(c.sodium, c.alice, g, 1, 'draft');
		await storeGroupMessage(db, original, c.alice.peerId, 50);
		const target = original.frame.id;
		await storeGroupMessage(db, signed(c.sodium, c.carol, g, 1, { kind: 'edit', target, version: 5, text: 'carol was here' }), c.carol.peerId, 55);
		expect((await db.receiver.get(target))?.text).toBe('draft');
		await storeGroupMessage(db, signed(c.sodium, c.alice, g, 2, { kind: 'edit', target, version: 1, text: 'final' }), c.alice.peerId, 60);
		expect(await db.receiver.get(target)).toMatchObject({ text: 'final', version: 1, editedAt: 60 });
		await storeGroupMessage(db, signed(c.sodium, c.alice, g, 3, { kind: 'delete', target }), c.alice.peerId, 70);
		expect(await db.receiver.get(target)).toMatchObject({ text: '', deletedAt: 70, unread: 0 });
		expect((await db.groups.get(g))?.unread).toBe(0);
		// Edits and deletes take seqs: all three of Alice's frames are logged for relay.
		expect((await db.groupFrames.where('[group+author+seq]').between([g, c.alice.peerId, 0], [g, c.alice.peerId, Infinity]).keys()).length).toBe(3);
	});

	it('marking the group read clears its rows and its count', async () => {
		const { db, g } = await bobsDevice();
		await storeGroupMessage(db, signed(c.sodium, c.alice, g, 1, 'one'), c.alice.peerId, 50);
		await storeGroupMessage(db, signed(c.sodium, c.carol, g, 1, 'two'), c.carol.peerId, 51);
		await markGroupRead(db, g);
		expect((await db.groups.get(g))?.unread).toBe(0);
		expect(await db.receiver.where('[conversationId+unread]').equals([g, 1]).count()).toBe(0);
	});
});

describe('a run of group messages stored in one transaction', () => {
	const at = (time: number) => () => time;
	const timesBySeq = async (db: Awaited<ReturnType<typeof bobsDevice>>['db'], g: string) =>
		(await db.receiver.where('[conversationId+time]').between([g, -Infinity], [g, Infinity]).toArray()).map((row) => [row.seq, row.time]);

	it('takes a frame twice in one run once, and a second frame at a taken seq as a replay', async () => {
		const { db, g } = await bobsDevice();
		const first = signed(c.sodium, c.alice, g, 1, 'one');
		const sameSeq = signed(c.sodium, c.alice, g, 1, 'another at seq 1');
		const verdicts = await storeGroupMessages(db, [first, first, sameSeq], c.alice.peerId, at(50));
		expect(verdicts).toEqual([
			{ ok: true, value: 'new' },
			{ ok: true, value: 'duplicate' },
			{ ok: false, reason: 'replayed' }
		]);
		expect(await db.receiver.where('conversationId').equals(g).count()).toBe(1);
		expect((await db.groups.get(g))?.unread).toBe(1);
	});

	it('refuses a frame whose id a direct message or one of my own holds, and knows what is already logged', async () => {
		const { db, g } = await bobsDevice();
		const held = signed(c.sodium, c.alice, g, 1, 'held before the run');
		await storeGroupMessage(db, held, c.alice.peerId, 40);
		const direct = newMessageId(41);
		await db.receiver.add({ id: direct, conversationId: c.carol.peerId, peerId: c.carol.peerId as PeerId, seq: 1, text: 'dm', authoredAt: 41, time: 41, unread: 0 });
		const mine = newMessageId(42);
		await db.sender.add({ id: mine, conversationId: c.carol.peerId, peerId: c.carol.peerId as PeerId, seq: 1, text: 'mine', time: 42, status: 'sent' });
		const verdicts = await storeGroupMessages(
			db,
			[held, signed(c.sodium, c.alice, g, 2, 'a dm id', direct as MessageId), signed(c.sodium, c.alice, g, 3, 'my id', mine as MessageId), signed(c.sodium, c.alice, g, 1, 'taken seq'), signed(c.sodium, c.alice, g, 4, 'new')],
			c.carol.peerId,
			at(50)
		);
		expect(verdicts.map((v) => (v.ok ? v.value : v.reason))).toEqual(['duplicate', 'replayed', 'replayed', 'replayed', 'new']);
	});

	it('keeps the author’s order when the clock stands still, and when a run carries copies below what it holds', async () => {
		const { db, g } = await bobsDevice();
		const m = Array.from({ length: 6 }, (_, i) => signed(c.sodium, c.alice, g, i + 1, `m${i + 1}`));
		await storeGroupMessage(db, m[0]!, c.alice.peerId, 100);
		// One clock reading for the whole run: each after the one before, none before the held seq 1.
		await storeGroupMessages(db, [m[2]!, m[3]!], c.alice.peerId, at(100));
		// A relayed run below and above what is held, out of order.
		await storeGroupMessages(db, [m[5]!, m[1]!, m[4]!], c.carol.peerId, at(90));
		const rows = await timesBySeq(db, g);
		expect(rows.map(([seq]) => seq)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(new Set(rows.map(([, time]) => time)).size).toBe(6);
	});

	it('lets an edit follow its target in the same run', async () => {
		const { db, g } = await bobsDevice();
		const original = signed(c.sodium, c.alice, g, 1, 'draft');
		const edit = signed(c.sodium, c.alice, g, 2, { kind: 'edit', target: original.frame.id, version: 1, text: 'final' });
		expect(await storeGroupMessages(db, [original, edit], c.alice.peerId, at(60))).toEqual([
			{ ok: true, value: 'new' },
			{ ok: true, value: 'new' }
		]);
		expect(await db.receiver.get(original.frame.id)).toMatchObject({ text: 'final', version: 1 });
	});

	it('stores a long run whole in one transaction, each row once, in seq order', async () => {
		const { db, g } = await bobsDevice();
		const run = Array.from({ length: 64 }, (_, i) => signed(c.sodium, c.alice, g, i + 1, `m${i + 1}`));
		const verdicts = await storeGroupMessages(db, run, c.alice.peerId, at(1_000));
		expect(verdicts.every((verdict) => verdict.ok && verdict.value === 'new')).toBe(true);
		expect((await timesBySeq(db, g)).map(([seq]) => seq)).toEqual(run.map((_, i) => i + 1));
		expect(await db.groupFrames.count()).toBe(64);
	});
});
