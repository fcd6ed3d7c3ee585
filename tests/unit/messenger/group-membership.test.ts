import { describe, expect, it, vi } from 'vitest';
import { startedPeers, type TestPeer } from './messenger-harness';
import { settled, groupTexts, joined, makeCrowd, received } from './group-harness';
import { GroupActionError } from '../../../src/lib/messenger/group-api';
import { deliveryOf } from '../../../src/lib/db/group-outbox';

const start = startedPeers();
// Four messengers in one process: on a loaded machine a scene takes seconds (GROUP_WAIT_MS).
vi.setConfig({ testTimeout: 60_000 });

async function fourInAGroup() {
	const { network, peers } = await makeCrowd(4);
	const [alice, bob, carol, dave] = peers as [TestPeer, TestPeer, TestPeer, TestPeer];
	await start(...peers);
	const group = await alice.messenger.createGroup('Band', [bob, carol, dave].map((p) => p.identity.peerId));
	await joined(peers, group);
	return { network, alice, bob, carol, dave, group };
}

const offline = (peer: TestPeer) => peer.messenger.setInvisible(true);
const online = (peer: TestPeer) => peer.messenger.setInvisible(false);
const frameCount = (peer: TestPeer, group: string, author: string) =>
	peer.db.groupFrames.where('[group+author+seq]').between([group, author, 0], [group, author, Infinity]).count();

describe('group membership through the messenger', () => {
	it('refuses a removed member’s later frames everywhere and stores them nowhere', async () => {
		const { alice, bob, carol, dave, group } = await fourInAGroup();
		const before = await dave.messenger.sendGroupText(group, 'still in');
		await received(carol, before);
		await offline(dave);
		await alice.messenger.removeGroupMember(group, dave.identity.peerId);
		for (const peer of [bob, carol]) await settled(() => peer.db.groups.get(group), (row) => row?.state.members.has(dave.identity.peerId) === false);
		// Decided after his removal: he learns his removal on reconnect, not this.
		await alice.messenger.renameGroup(group, 'Band without Dave');
		for (const peer of [bob, carol]) await settled(() => peer.db.groups.get(group), (row) => row?.name === 'Band without Dave');
		// Dave has not heard of it: he writes, and his messenger sends on reconnect.
		const late = await dave.messenger.sendGroupText(group, 'after removal');
		await online(dave);
		await settled(() => dave.db.groups.get(group), (row) => row?.role === 'removed');
		await settled(() => bob.rejects, (r) => r.includes('not-member'));
		await new Promise((resolve) => setTimeout(resolve, 100));
		for (const peer of [alice, bob, carol]) {
			expect(await peer.db.receiver.get(late)).toBeUndefined();
			expect(await frameCount(peer, group, dave.identity.peerId)).toBe(1);
		}
		// Refused, so never acked: Dave's copies stay pending.
		expect((await deliveryOf(dave.db, late)).map((row) => row.status)).toEqual(['pending', 'pending', 'pending']);
		expect((await dave.db.groups.get(group))?.name).toBe('Band');
		// Nobody sends him anything written after his removal, and he cannot write any more.
		const after = await alice.messenger.sendGroupText(group, 'without Dave');
		await received(bob, after);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await dave.db.receiver.get(after)).toBeUndefined();
		// Asking a member to relay it gets him nothing either.
		expect(dave.messenger.connections.send(bob.identity.peerId, { t: 'greq', g: group, authors: [alice.identity.peerId], from: [1], to: [10] })).toBe(true);
		await settled(() => bob.rejects.filter((r) => r === 'not-member').length, (n) => n >= 2);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await dave.db.receiver.get(after)).toBeUndefined();
		await expect(dave.messenger.sendGroupText(group, 'again')).rejects.toBeInstanceOf(GroupActionError);
	});

	it('adds a member who then gets new messages, renames, and lets a member leave', async () => {
		const { peers } = await makeCrowd(4);
		const [alice, bob, carol, dave] = peers as [TestPeer, TestPeer, TestPeer, TestPeer];
		await start(...peers);
		const group = await alice.messenger.createGroup('Three', [bob.identity.peerId, carol.identity.peerId]);
		await joined([bob, carol], group);
		await alice.messenger.addGroupMember(group, dave.identity.peerId);
		await joined([dave], group);
		await alice.messenger.renameGroup(group, 'Four');
		for (const peer of peers) await settled(() => peer.db.groups.get(group), (row) => row?.name === 'Four');
		const id = await carol.messenger.sendGroupText(group, 'welcome Dave');
		await received(dave, id);
		await bob.messenger.leaveGroup(group);
		for (const peer of [alice, carol, dave]) await settled(() => peer.db.groups.get(group), (row) => row?.state.members.size === 3);
		expect((await bob.db.groups.get(group))?.role).toBe('left');
		await expect(bob.messenger.addGroupMember(group, bob.identity.peerId)).rejects.toBeInstanceOf(GroupActionError);
		await expect(carol.messenger.renameGroup(group, 'Mine')).rejects.toMatchObject({ reason: 'not-allowed' });
	});

	it('converges edits and deletes, also for a member who catches up by relay', async () => {
		const { alice, bob, carol, dave, group } = await fourInAGroup();
		const id = await alice.messenger.sendGroupText(group, 'meet at 5');
		await received(carol, id);
		await offline(carol);
		expect(await alice.messenger.editMessage(id, 'meet at 6')).toBe(true);
		expect(await alice.messenger.editMessage(id, 'meet at 7')).toBe(true);
		const gone = await alice.messenger.sendGroupText(group, 'oops');
		expect(await alice.messenger.deleteForEveryone(gone)).toBe(true);
		for (const peer of [bob, dave]) {
			await settled(() => peer.db.receiver.get(id), (row) => row?.text === 'meet at 7');
			await settled(() => peer.db.receiver.get(gone), (row) => row?.deletedAt !== undefined);
		}
		await offline(alice);
		await online(carol);
		await settled(() => carol.db.receiver.get(id), (row) => row?.text === 'meet at 7' && row.version === 2);
		await settled(() => carol.db.receiver.get(gone), (row) => row?.deletedAt !== undefined && row.text === '');
		expect((await alice.db.sender.get(id))?.text).toBe('meet at 7');
		expect(await groupTexts(bob, group)).toEqual(['meet at 7', '']);
	});

	it('drops a blocked member’s group messages unstored, whoever delivers them', async () => {
		const { alice, bob, carol, dave, group } = await fourInAGroup();
		await bob.messenger.block(dave.identity.peerId);
		const id = await dave.messenger.sendGroupText(group, 'you cannot hear me');
		await received(carol, id);
		const frame = (await carol.db.groupFrames.get(id))!.frame;
		// Carol pushes Dave's frame to Bob as if relaying it: Bob drops it, stores nothing, acks nothing.
		carol.messenger.connect(bob.identity.peerId);
		await settled(() => carol.messenger.connections.channel(bob.identity.peerId), Boolean);
		expect(carol.messenger.connections.send(bob.identity.peerId, frame)).toBe(true);
		await settled(() => bob.rejects, (r) => r.includes('blocked'));
		expect(await bob.db.receiver.get(id)).toBeUndefined();
		expect(await bob.db.groupFrames.get(id)).toBeUndefined();
		// And Bob never asks a relay for it: a later catch-up brings Alice's words, not Dave's.
		await offline(bob);
		const fromAlice = await alice.messenger.sendGroupText(group, 'hi');
		await received(carol, fromAlice);
		await offline(alice);
		const relayedDave: string[] = [];
		const send = carol.messenger.connections.send.bind(carol.messenger.connections);
		carol.messenger.connections.send = (peer, out) => {
			if (peer === bob.identity.peerId && out.t === 'gmsg' && out.by === dave.identity.peerId) relayedDave.push(out.id);
			return send(peer, out);
		};
		await online(bob);
		await received(bob, fromAlice);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await bob.db.receiver.get(id)).toBeUndefined();
		expect(relayedDave).toEqual([]);
	});
});
