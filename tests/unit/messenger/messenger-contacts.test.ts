import { describe, expect, it } from 'vitest';
import { latestMessages } from '../../../src/lib/db/queries';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { ContactActions } from '../../../src/lib/state/contact-actions';
import { eventually, makePeer, startedPeers, type TestPeer } from './messenger-harness';

const start = startedPeers();

const inbound = (peer: TestPeer, from: TestPeer) =>
	latestMessages(peer.db, from.identity.peerId, 100).then((rows) => rows.filter((m) => m.direction === 'in').map((m) => m.text));

/** The path the app takes when the user adds someone by id or link (AppState -> ContactActions). */
async function actionsOf(peer: TestPeer): Promise<ContactActions> {
	return new ContactActions(peer.db, await loadSodium(), peer.messenger);
}

async function pair() {
	const network = new FakeNetwork();
	const alice = await makePeer(network, 'Alice');
	const bob = await makePeer(network, 'Bob');
	await start(alice, bob);
	return { network, alice, bob };
}

describe('A contact added by id or link is a contact to the messenger at once (review finding 1)', () => {
	it('with reach "my contacts", a contact just added can reach us without a reload', async () => {
		const { alice, bob } = await pair();
		await alice.messenger.setReach('contacts');
		await (await actionsOf(alice)).add(bob.identity.peerId, { nickname: 'Bob' });
		await bob.messenger.addContact(alice.identity.peerId);
		await bob.messenger.sendText(alice.identity.peerId, 'hi, it is Bob');
		await eventually(() => inbound(alice, bob), (texts) => texts.length === 1);
	});

	it('with reach "anyone", a contact just added is treated as a contact: it learns our name', async () => {
		const { alice, bob } = await pair();
		await bob.messenger.addContact(alice.identity.peerId);
		await (await actionsOf(alice)).add(bob.identity.peerId, {});
		await bob.messenger.sendText(alice.identity.peerId, 'hello');
		await eventually(() => bob.db.users.get(alice.identity.peerId), (user) => user?.name === 'Alice');
	});

	it('a name they announced before we added them (they added us first) replaces the link\'s unconfirmed one', async () => {
		const { alice, bob } = await pair();
		await bob.messenger.addContact(alice.identity.peerId);
		await bob.messenger.sendText(alice.identity.peerId, 'hi Alice');
		await eventually(() => inbound(alice, bob), (texts) => texts.length === 1);
		await alice.db.users.delete(bob.identity.peerId);
		// Alice deletes the request, then finds Bob by his handle: the link-style suggestion is "bob".
		const row = await (await actionsOf(alice)).add(bob.identity.peerId, { suggestedName: 'bob' });
		expect(row.name).toBe('Bob');
		expect((await alice.db.users.get(bob.identity.peerId))?.name).toBe('Bob');
	});

	it('adding a blocked id keeps it refused, in memory as in the database', async () => {
		const { network, alice, bob } = await pair();
		await alice.messenger.addContact(bob.identity.peerId);
		await alice.messenger.block(bob.identity.peerId);
		const row = await (await actionsOf(alice)).add(bob.identity.peerId, {});
		expect(row.state).toBe('blocked');
		await bob.messenger.sendText(alice.identity.peerId, 'let me back in');
		await eventually(() => network.refused, (refused) => refused.some((r) => r.from === bob.identity.peerId));
		expect(alice.messenger.connections.channel(bob.identity.peerId)).toBeUndefined();
		expect(await inbound(alice, bob)).toEqual([]);
	});
});

describe('A block takes effect before its database write (review finding 6)', () => {
	it('drops the channel and refuses the peer synchronously, before the write resolves', async () => {
		const { alice, bob } = await pair();
		await alice.messenger.addContact(bob.identity.peerId);
		await bob.messenger.addContact(alice.identity.peerId);
		await bob.messenger.sendText(alice.identity.peerId, 'before');
		await eventually(() => inbound(alice, bob), (texts) => texts.length === 1);
		expect(alice.messenger.connections.channel(bob.identity.peerId)).toBeDefined();
		const written = alice.messenger.block(bob.identity.peerId);
		expect(alice.messenger.connections.channel(bob.identity.peerId)).toBeUndefined();
		expect(alice.transport.admission(bob.identity.peerId)).toBe('refuse');
		await written;
		expect((await alice.db.users.get(bob.identity.peerId))?.state).toBe('blocked');
	});
});
