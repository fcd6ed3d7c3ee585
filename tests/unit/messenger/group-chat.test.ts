import { describe, expect, it } from 'vitest';
import { deliveryOf } from '../../../src/lib/db/group-outbox';
import { eventually, startedPeers } from './messenger-harness';
import { groupTexts, joined, makeCrowd, received } from './group-harness';

const start = startedPeers();

describe('group chat between messengers', () => {
	it('creates a group, invites every member, delivers a message to each and counts each ack', async () => {
		const { peers } = await makeCrowd(4);
		const [alice, bob, carol, dave] = peers as [typeof peers[0], typeof peers[0], typeof peers[0], typeof peers[0]];
		await start(...peers);
		const group = await alice.messenger.createGroup('Climbing', [bob.identity.peerId, carol.identity.peerId, dave.identity.peerId]);
		await joined(peers, group);
		const id = await alice.messenger.sendGroupText(group, 'hello all');
		for (const peer of [bob, carol, dave]) expect((await received(peer, id))?.text).toBe('hello all');
		const copies = await eventually(() => deliveryOf(alice.db, id), (rows) => rows.length === 3 && rows.every((row) => row.status === 'sent'));
		expect(copies.map((row) => row.member).sort()).toEqual([bob, carol, dave].map((p) => p.identity.peerId).sort());
		await eventually(() => alice.db.sender.get(id), (row) => row?.status === 'sent');
		// Strangers to each other (Bob never added Carol) still talk in the group.
		const reply = await bob.messenger.sendGroupText(group, 'hi Alice');
		await received(carol, reply);
		expect(await groupTexts(dave, group)).toEqual(['hello all', 'hi Alice']);
		expect((await carol.db.users.get(bob.identity.peerId))?.state).toBe('group');
	});
});
