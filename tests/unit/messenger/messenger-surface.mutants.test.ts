import { describe, expect, it, vi } from 'vitest';
import { addOutgoing, latestMessages } from '../../../src/lib/db/queries';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { eventually, makePeer, startedPeers } from './messenger-harness';

// The messenger's smaller entry points the app calls (network back, Background Sync wake-up,
// another tab's pending rows, reach changes, diagnostics). Written for messenger.ts mutants
// Stryker left alive or uncovered with the faster messenger tests; each checked red by hand.

const start = startedPeers();

async function pair() {
	const network = new FakeNetwork();
	const alice = await makePeer(network, 'Alice');
	const bob = await makePeer(network, 'Bob');
	await start(alice, bob);
	return { network, alice, bob };
}

describe('network back (nudge, flushAll)', () => {
	it('reconnects signalling that is down, but not while invisible or already online', async () => {
		const alice = await makePeer(new FakeNetwork(), 'Alice');
		await start(alice);
		const reconnect = vi.spyOn(alice.transport, 'reconnectNow');
		alice.messenger.nudge();
		expect(reconnect).not.toHaveBeenCalled();
		alice.transport.stop();
		alice.messenger.nudge();
		expect(reconnect).toHaveBeenCalledTimes(1);
		alice.messenger.flushAll();
		expect(reconnect).toHaveBeenCalledTimes(2);
		await alice.messenger.setInvisible(true);
		alice.messenger.nudge();
		alice.messenger.flushAll();
		expect(reconnect).toHaveBeenCalledTimes(2);
	});
});

describe("another tab's pending rows (sendPending)", () => {
	it('sends them over the open channel', async () => {
		const { alice, bob } = await pair();
		await alice.messenger.addContact(bob.identity.peerId);
		await bob.messenger.addContact(alice.identity.peerId);
		await eventually(() => alice.messenger.connections.channel(bob.identity.peerId), (channel) => channel !== undefined);
		// Written by "another tab": this messenger's outbox never heard of it.
		const time = Date.now();
		await addOutgoing(alice.db, { id: newMessageId(time), conversationId: bob.identity.peerId, peerId: bob.identity.peerId, text: 'from the other tab', time, seq: 1 });
		alice.messenger.sendPending(bob.identity.peerId);
		await eventually(() => latestMessages(bob.db, alice.identity.peerId, 10), (rows) => rows.some((row) => row.text === 'from the other tab'));
	});
});

describe('reach', () => {
	it('switching to "contacts" drops a connected stranger at once and keeps a contact', async () => {
		const { network, alice, bob } = await pair();
		const dave = await makePeer(network, 'Dave');
		await start(dave);
		expect(alice.messenger.reach).toBe('anyone');
		await alice.messenger.addContact(bob.identity.peerId);
		await dave.messenger.sendText(alice.identity.peerId, 'hello stranger');
		await eventually(() => alice.messenger.connections.channel(dave.identity.peerId), (channel) => channel !== undefined);
		await eventually(() => alice.messenger.connections.channel(bob.identity.peerId), (channel) => channel !== undefined);
		await alice.messenger.setReach('contacts');
		expect(alice.messenger.reach).toBe('contacts');
		expect(alice.messenger.connections.channel(dave.identity.peerId)).toBeUndefined();
		expect(alice.messenger.connections.channel(bob.identity.peerId)).toBeDefined();
	});
});

describe('what the app reads and the small actions', () => {
	it('reports who it is, signalling state, receipts setting and its diagnostics', async () => {
		const alice = await makePeer(new FakeNetwork(), 'Alice');
		expect(alice.messenger.transportState).toBe('offline');
		await start(alice);
		expect(alice.messenger.self).toBe(alice.identity);
		expect(alice.messenger.transportState).toBe('online');
		expect(alice.messenger.readReceipts).toBe(true);
		expect(alice.messenger.durabilityStats()).toMatchObject({ barriers: 0, ackedIds: 0 });
		// The fake transport keeps no signalling counts: an empty record, not undefined.
		expect(alice.messenger.signallingStats()).toEqual({});
	});

	it('deletes a message for me only, and refuses to delete for everyone what it does not have', async () => {
		const { alice, bob } = await pair();
		await alice.messenger.addContact(bob.identity.peerId);
		const id = await alice.messenger.sendText(bob.identity.peerId, 'oops');
		expect(await alice.messenger.deleteForMe(id)).toBe(true);
		expect(await alice.db.sender.get(id)).toBeUndefined();
		expect(await alice.messenger.deleteForEveryone(newMessageId(Date.now()))).toBe(false);
	});
});
