import { describe, expect, it } from 'vitest';
import { editHistoryOf, latestMessages, storeIncoming } from '../../../src/lib/db/queries';
import { MAX_CLOCK_SKEW_MS, OVERTAKE_WINDOW_MS } from '../../../src/lib/db/inbound-rules';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { eventually, makePair, makePeer, startedPeers, type TestPeer } from '../messenger/messenger-harness';
import { connectRaw, type RawPeer } from './raw-peer';
import { handled } from './settle';
import { sentMessage } from '../../../src/lib/db/delivery-marks';

const start = startedPeers();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HOUR_MS = 3_600_000;

const msg = (id: string, ts: number, seq = 1, text = 'hello') => ({ t: 'msg', id, seq, ts, body: { kind: 'text', text } });
const acked = (raw: RawPeer, id: string) => raw.received.some((frame) => frame.t === 'ack' && frame.ids.includes(id as never));

async function rawContact(network: FakeNetwork, alice: TestPeer, bob: TestPeer): Promise<RawPeer> {
	const raw = await connectRaw(network, bob.identity, alice.identity.peerId);
	await eventually(() => raw.ready(), (ready) => ready);
	return raw;
}

/** Alice has Bob as a contact, blocked him for a while, and unblocked him again. */
async function blockedThenUnblocked(): Promise<{ network: FakeNetwork; alice: TestPeer; bob: TestPeer; blockedAt: number; unblockedAt: number; before: string }> {
	const { network, alice, bob } = await makePair();
	await start(alice);
	await alice.messenger.addContact(bob.identity.peerId);
	const first = await rawContact(network, alice, bob);
	const before = newMessageId();
	first.sendFrame(msg(before, Date.now()));
	await handled(first, alice);
	const blockedAt = Date.now();
	await alice.messenger.block(bob.identity.peerId);
	await pause(30);
	await alice.messenger.unblock(bob.identity.peerId);
	const unblockedAt = Date.now();
	await pause(5);
	return { network, alice, bob, blockedAt, unblockedAt, before };
}

describe('blocking is decided on the receiver clock', () => {
	it('refuses a message backdated to before the block, and does not ack it', async () => {
		const { network, alice, bob, blockedAt } = await blockedThenUnblocked();
		const raw = await rawContact(network, alice, bob);
		const id = newMessageId();
		raw.sendFrame(msg(id, blockedAt - HOUR_MS, 2));
		await handled(raw, alice);
		expect(await alice.db.receiver.get(id)).toBeUndefined();
		expect(acked(raw, id)).toBe(false);
		expect(alice.rejects).toContain('blocked-span');
	});

	it('refuses a message post-dated beyond the allowed skew from a peer with a block history', async () => {
		const { network, alice, bob } = await blockedThenUnblocked();
		const raw = await rawContact(network, alice, bob);
		const late = newMessageId();
		const fine = newMessageId();
		raw.sendFrame(msg(late, Date.now() + MAX_CLOCK_SKEW_MS + HOUR_MS, 2));
		raw.sendFrame(msg(fine, Date.now() + 1_000, 3));
		await handled(raw, alice);
		expect(await alice.db.receiver.get(late)).toBeUndefined();
		expect((await alice.db.receiver.get(fine))?.text).toBe('hello');
	});

	it('never applies an edit written while blocked', async () => {
		const { network, alice, bob, blockedAt, unblockedAt, before } = await blockedThenUnblocked();
		const raw = await rawContact(network, alice, bob);
		const editId = newMessageId();
		raw.sendFrame({ t: 'edit', id: editId, target: before, version: 1, ts: Math.floor((blockedAt + unblockedAt) / 2), text: 'written while blocked' });
		await handled(raw, alice);
		expect((await alice.db.receiver.get(before))?.text).toBe('hello');
		expect(await editHistoryOf(alice.db, before as never)).toEqual([]);
		expect(acked(raw, editId)).toBe(false);
	});

	it('shows no tick for a message that was dropped while the recipient blocked the sender', async () => {
		const { alice, bob: dave } = await makePair();
		await start(alice, dave);
		await alice.messenger.addContact(dave.identity.peerId);
		await dave.messenger.addContact(alice.identity.peerId);
		await alice.messenger.block(dave.identity.peerId);
		const during = await dave.messenger.sendText(alice.identity.peerId, 'while you blocked me');
		await pause(50);
		await alice.messenger.unblock(dave.identity.peerId);
		const after = await dave.messenger.sendText(alice.identity.peerId, 'after');
		await eventually(() => sentMessage(dave.db, after), (row) => row?.status === 'sent');
		await pause(100);
		expect((await sentMessage(dave.db, during))?.status).toBe('pending');
		expect(await alice.db.receiver.get(during)).toBeUndefined();
	});
});

describe('a peer cannot rewrite history', () => {
	it('cannot place a message deep in old history with a low sequence number', async () => {
		const { network, alice, bob } = await makePair();
		await start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		const oldTime = Date.now() - 2 * OVERTAKE_WINDOW_MS - HOUR_MS;
		const user = () => ({ peerId: bob.identity.peerId, name: 'Bob', state: 'contact' as const, addedAt: 0, lastActivity: 0 });
		for (const seq of [1, 2, 4, 5]) {
			const row = { id: newMessageId(), conversationId: bob.identity.peerId, peerId: bob.identity.peerId, seq, text: `old ${seq}`, authoredAt: oldTime, time: oldTime + seq, unread: 0 as const };
			await storeIncoming(alice.db, row, user);
		}
		const raw = await rawContact(network, alice, bob);
		const planted = newMessageId();
		raw.sendFrame(msg(planted, oldTime, 3, 'planted'));
		await handled(raw, alice);
		expect((await alice.db.receiver.get(planted))?.time).toBeGreaterThan(Date.now() - 60_000);
		const thread = await latestMessages(alice.db, bob.identity.peerId, 10);
		expect(thread.at(-1)?.text).toBe('planted');
	});

	it("cannot overwrite another author's edit history by reusing its edit id", async () => {
		const { network, alice, bob } = await makePair();
		const carol = await makePeer(network, 'Carol');
		await start(alice, carol);
		const carols = await carol.messenger.sendText(alice.identity.peerId, 'carol v0');
		await eventually(() => alice.db.receiver.get(carols), (row) => row !== undefined);
		await carol.messenger.editMessage(carols, 'carol v1');
		await eventually(() => alice.db.receiver.get(carols), (row) => row?.text === 'carol v1');
		const carolsEdit = (await carol.db.edits.toArray())[0]!.id;
		const raw = await rawContact(network, alice, bob);
		const bobs = newMessageId();
		raw.sendFrame(msg(bobs, Date.now()));
		raw.sendFrame({ t: 'edit', id: carolsEdit, target: bobs, version: 1, ts: Date.now(), text: 'bob took your edit id' });
		await handled(raw, alice);
		expect((await editHistoryOf(alice.db, carols as never)).map((row) => row.text)).toEqual(['carol v0', 'carol v1']);
		expect((await editHistoryOf(alice.db, bobs as never)).map((row) => row.text)).toEqual(['hello', 'bob took your edit id']);
	});

	it('cannot replace an edit it already sent by sending its id again', async () => {
		const { network, alice, bob } = await makePair();
		await start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		const raw = await rawContact(network, alice, bob);
		const target = newMessageId();
		const editId = newMessageId();
		raw.sendFrame(msg(target, Date.now()));
		raw.sendFrame({ t: 'edit', id: editId, target, version: 1, ts: Date.now(), text: 'first edit' });
		raw.sendFrame({ t: 'edit', id: editId, target, version: 2, ts: Date.now(), text: 'same id, new text' });
		await handled(raw, alice);
		expect((await editHistoryOf(alice.db, target as never)).map((row) => row.text)).toEqual(['hello', 'first edit']);
		expect((await alice.db.receiver.get(target))?.text).toBe('first edit');
		// A resend of a stored edit is acknowledged again (so an honest outbox can stop), but changes nothing.
		const acks = raw.received.flatMap((frame) => (frame.t === 'ack' ? frame.ids : [])).filter((id) => id === editId);
		expect(acks).toHaveLength(2);
	});
});
