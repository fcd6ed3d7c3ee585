import { describe, expect, it } from 'vitest';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { eventually, makePeer, startedPeers } from './messenger-harness';

const start = startedPeers();

/** Alice, whose name can change, and Bob; both started. */
async function renamable() {
	const network = new FakeNetwork();
	let aliceName = 'Alice';
	const alice = await makePeer(network, 'Alice', { displayName: () => aliceName });
	const bob = await makePeer(network, 'Bob');
	await start(alice, bob);
	return { alice, bob, rename: (name: string) => (aliceName = name) };
}

describe('A changed display name reaches contacts', () => {
	it('a connected contact sees the new name without reconnecting', async () => {
		const { alice, bob, rename } = await renamable();
		await alice.messenger.addContact(bob.identity.peerId);
		await bob.messenger.addContact(alice.identity.peerId);
		await eventually(() => bob.db.users.get(alice.identity.peerId), (user) => user?.name === 'Alice');
		const channel = alice.messenger.connections.channel(bob.identity.peerId);
		expect(channel).toBeDefined();

		rename('Alice Liddell');
		alice.messenger.announceProfile();

		await eventually(() => bob.db.users.get(alice.identity.peerId), (user) => user?.name === 'Alice Liddell');
		// The same channel carried it: no reconnect was needed.
		expect(alice.messenger.connections.channel(bob.identity.peerId)).toBe(channel);
	});

	it('a connected stranger (a message request we have not accepted) does not learn it', async () => {
		const { alice, bob, rename } = await renamable();
		await bob.messenger.addContact(alice.identity.peerId);
		await bob.messenger.sendText(alice.identity.peerId, 'hi, may I?');
		await eventually(() => alice.db.users.get(bob.identity.peerId), (user) => user?.state === 'request');
		expect(alice.messenger.connections.channel(bob.identity.peerId)).toBeDefined();

		rename('Alice Liddell');
		alice.messenger.announceProfile();
		// Frames on a channel are handled in order: a profile sent now would be stored before this reply.
		await alice.messenger.sendText(bob.identity.peerId, 'who are you?');
		await eventually(
			() => bob.db.receiver.count(),
			(count) => count === 1
		);
		expect((await bob.db.users.get(alice.identity.peerId))?.name).not.toMatch(/Alice/);
	});
});

describe('A changed research consent reaches contacts', () => {
	it('a connected contact learns at once that consent was given, then withdrawn, on the same channel', async () => {
		const { alice, bob } = await renamable();
		await alice.messenger.addContact(bob.identity.peerId);
		await bob.messenger.addContact(alice.identity.peerId);
		await eventually(() => bob.db.users.get(alice.identity.peerId), (user) => user?.name === 'Alice');
		expect((await bob.db.users.get(alice.identity.peerId))?.researchConsent).not.toBe(true);
		const channel = alice.messenger.connections.channel(bob.identity.peerId);
		expect(channel).toBeDefined();

		await alice.messenger.setResearchConsent(true);
		await eventually(() => bob.db.users.get(alice.identity.peerId), (user) => user?.researchConsent === true);

		await alice.messenger.setResearchConsent(false);
		await eventually(() => bob.db.users.get(alice.identity.peerId), (user) => user?.researchConsent === false);
		expect(alice.messenger.connections.channel(bob.identity.peerId)).toBe(channel);
	});
});
