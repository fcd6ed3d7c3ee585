import { describe, expect, it, vi } from 'vitest';
import { markGroupRead } from '../../../src/lib/db/group-inbox';
import { deliveryCounts, deliveryOf } from '../../../src/lib/db/group-outbox';
import type { GroupId } from '../../../src/lib/group/group-ids';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { startedPeers, type TestPeer } from './messenger-harness';
import { joined, makeCrowd, received, settled } from './group-harness';

const start = startedPeers();
// Four messengers in one process: on a loaded machine a scene takes seconds (GROUP_WAIT_MS).
vi.setConfig({ testTimeout: 60_000 });

type Four = [TestPeer, TestPeer, TestPeer, TestPeer];

/** Alice, Bob, Carol and Dave in one group; Alice wrote `texts`, and every member holds them. */
async function groupWithMessages(...texts: string[]): Promise<{ peers: Four; group: GroupId; ids: MessageId[] }> {
	const { peers } = await makeCrowd(4);
	const [alice, bob, carol, dave] = peers as Four;
	await start(...peers);
	const group = await alice.messenger.createGroup('Climbing', [bob, carol, dave].map((peer) => peer.identity.peerId));
	await joined(peers, group);
	const ids: MessageId[] = [];
	for (const text of texts) ids.push(await alice.messenger.sendGroupText(group, text));
	for (const peer of [bob, carol, dave]) for (const id of ids) await received(peer, id);
	await settled(() => deliveryCounts(alice.db, ids), (counts) => [...counts.values()].every((count) => count.delivered === 3));
	return { peers: peers as Four, group, ids };
}

const readBy = (author: TestPeer, id: MessageId) => deliveryOf(author.db, id).then((rows) => rows.filter((row) => row.readAt !== undefined).map((row) => row.member).sort());

describe('group read receipts', () => {
	it('each member who reads tells the author; message info lists who read, and "read by all" waits for everyone', async () => {
		const { peers, group, ids } = await groupWithMessages('first', 'second');
		const [alice, bob, carol, dave] = peers;
		await markGroupRead(bob.db, group);
		await markGroupRead(carol.db, group);
		const expected = [bob, carol].map((peer) => peer.identity.peerId).sort();
		for (const id of ids) await settled(() => readBy(alice, id), (members) => members.join() === expected.join());
		expect((await deliveryCounts(alice.db, ids)).get(ids[1]!)).toEqual({ delivered: 3, total: 3, read: 2 });
		await markGroupRead(dave.db, group);
		await settled(() => deliveryCounts(alice.db, ids), (counts) => [...counts.values()].every((count) => count.read === 3));
		// A reader never learns another reader's receipt: only the author's rows move.
		expect(await bob.db.groupDelivery.count()).toBe(0);
	});

	it('with receipts off a member sends none; turned back on, the author hears at once', async () => {
		const { peers, group, ids } = await groupWithMessages('hello');
		const [alice, bob, carol] = peers;
		await bob.messenger.setReadReceipts(false);
		await markGroupRead(bob.db, group);
		await markGroupRead(carol.db, group);
		await settled(() => readBy(alice, ids[0]!), (members) => members.length === 1);
		expect(await readBy(alice, ids[0]!)).toEqual([carol.identity.peerId]);
		await bob.messenger.setReadReceipts(true);
		await settled(() => readBy(alice, ids[0]!), (members) => members.length === 2);
	});

	it('a direct message from a group member who is not a contact lands as a request; accepting makes them a contact', async () => {
		const { peers } = await groupWithMessages('hi');
		const [, bob, carol] = peers;
		expect((await carol.db.users.get(bob.identity.peerId))?.state).toBe('group');
		const id = await bob.messenger.sendText(carol.identity.peerId, 'psst, Carol');
		const row = await received(carol, id);
		expect(row?.conversationId).toBe(bob.identity.peerId);
		expect((await carol.db.users.get(bob.identity.peerId))?.state).toBe('request');
		// Reading a request tells its sender nothing, though Bob's handshakes are admitted.
		await carol.messenger.markRead(bob.identity.peerId);
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect((await bob.db.users.get(carol.identity.peerId))?.readUpTo ?? 0).toBe(0);
		await carol.messenger.addContact(bob.identity.peerId);
		expect((await carol.db.users.get(bob.identity.peerId))?.state).toBe('contact');
	});
});
