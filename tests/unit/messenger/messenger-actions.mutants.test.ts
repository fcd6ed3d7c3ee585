import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { makePeer, startedPeers } from './messenger-harness';

// The messenger's group actions and own-message actions as the app calls them, on one messenger
// (the members are offline: each action is a signed op stored here). Written for messenger.ts
// and own-messages.ts mutants Stryker left uncovered; each checked red by hand.

const start = startedPeers();

async function alone() {
	const alice = await makePeer(new FakeNetwork(), 'Alice');
	await start(alice);
	return alice;
}

describe('group actions', () => {
	it('creates, renames, names an admin, removes and adds a member, then leaves', async () => {
		const alice = await alone();
		const sodium = await loadSodium();
		const [bob, carol] = [createIdentity(sodium).peerId, createIdentity(sodium).peerId];
		const group = await alice.messenger.createGroup('Band', [bob, carol]);
		const state = async () => (await alice.db.groups.get(group))!;
		expect((await state()).state.members.has(bob)).toBe(true);
		await alice.messenger.renameGroup(group, 'The Band');
		expect((await state()).name).toBe('The Band');
		await alice.messenger.setGroupAdmin(group, bob, true);
		expect((await state()).state.members.get(bob)?.admin).toBe(true);
		await alice.messenger.removeGroupMember(group, carol);
		expect((await state()).state.members.has(carol)).toBe(false);
		await alice.messenger.addGroupMember(group, carol);
		expect((await state()).state.members.has(carol)).toBe(true);
		await alice.messenger.leaveGroup(group);
		expect((await state()).role).toBe('left');
	});
});

describe('own messages', () => {
	it('says why an empty message or an edit to nothing is refused', async () => {
		const alice = await alone();
		const bob = createIdentity(await loadSodium()).peerId;
		await expect(alice.messenger.sendText(bob, '   ')).rejects.toThrow('Cannot send an empty message.');
		const id = await alice.messenger.sendText(bob, 'hello');
		await expect(alice.messenger.editMessage(id, ' ')).rejects.toThrow('A message cannot be edited to nothing.');
	});

	it('edits and deletes only messages it has: an unknown id changes nothing', async () => {
		const alice = await alone();
		const bob = createIdentity(await loadSodium()).peerId;
		const id = await alice.messenger.sendText(bob, 'hello');
		const unknown = newMessageId(Date.now());
		expect(await alice.messenger.editMessage(unknown, 'changed')).toBe(false);
		expect(await alice.messenger.deleteForEveryone(unknown)).toBe(false);
		expect(await alice.messenger.editMessage(id, 'hello again')).toBe(true);
		expect(await alice.db.edits.count()).toBe(1);
		expect(await alice.messenger.deleteForEveryone(id)).toBe(true);
		// The delete for everyone goes out through the edit outbox.
		expect((await alice.db.edits.toArray()).some((row) => row.kind === 'delete' && row.target === id)).toBe(true);
	});

	it('edits and deletes own group messages through the group, once', async () => {
		const alice = await alone();
		const bob = createIdentity(await loadSodium()).peerId;
		const group = await alice.messenger.createGroup('Band', [bob]);
		const id = await alice.messenger.sendGroupText(group, 'to the band');
		expect(await alice.messenger.editMessage(id, 'to the band')).toBe(false);
		expect(await alice.messenger.editMessage(id, 'to the whole band')).toBe(true);
		expect(await alice.messenger.deleteForEveryone(id)).toBe(true);
		expect(await alice.messenger.deleteForEveryone(id)).toBe(false);
		expect(await alice.messenger.editMessage(id, 'back again')).toBe(false);
		// Group rows change by group frames only: nothing went to the direct edit outbox.
		expect(await alice.db.edits.count()).toBe(0);
		expect((await alice.db.sender.get(id))?.deletedAt).toBeDefined();
	});
});
