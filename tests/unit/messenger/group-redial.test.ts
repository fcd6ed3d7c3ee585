import { describe, expect, it, vi } from 'vitest';
import { deliveryOf } from '../../../src/lib/db/group-outbox';
import { hasPending } from '../../../src/lib/db/outbox-queries';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { RETRY_BASE_MS } from '../../../src/lib/sync/reach-policy';
import { eventually, makePeer, startedPeers } from './messenger-harness';
import { joined, received, settled } from './group-harness';

const start = startedPeers();
vi.setConfig({ testTimeout: 60_000 });

/**
 * The chaos-group failure (session 10, full browser run): members kept copies unacked for
 * minutes with everyone online. A member I owe only group copies to was not "owed" to the
 * reach retries (hasPending looked at direct rows only), so once my dial to them failed and
 * they had nothing to send me, nobody dialled again until one side's signalling came back up.
 */
describe('a member I owe only group copies to', () => {
	it('is dialled again after a failed dial, with no signalling change, and acks the copy', async () => {
		const network = new FakeNetwork();
		const alice = await makePeer(network, 'Alice');
		const bob = await makePeer(network, 'Bob');
		await start(alice, bob);
		const group = await alice.messenger.createGroup('Relay team', [bob.identity.peerId]);
		await joined([alice, bob], group);
		const first = await alice.messenger.sendGroupText(group, 'warm-up');
		await settled(() => deliveryOf(alice.db, first), (rows) => rows.length === 1 && rows[0]!.status === 'sent');

		// Bob stops taking links (as a page reloading, or a peer briefly off the network would),
		// and the channel drops; neither transport goes offline, so no dial-on-connect follows.
		const admits = bob.transport.admission;
		bob.transport.setAdmission(() => 'refuse');
		alice.messenger.connections.disconnect(bob.identity.peerId);
		await eventually(
			() => [alice.messenger.connections.channel(bob.identity.peerId), bob.messenger.connections.channel(alice.identity.peerId)],
			(channels) => channels.every((channel) => channel === undefined)
		);
		const refusedBefore = network.refused.length;
		const id = await alice.messenger.sendGroupText(group, 'are you there?');
		// The fan-out's own dial is refused: from here only a retry can reach Bob.
		await eventually(
			() => network.refused.length,
			(count) => count > refusedBefore
		);
		expect(await hasPending(alice.db, bob.identity.peerId)).toBe(true);
		bob.transport.setAdmission(admits);

		expect((await received(bob, id))?.text).toBe('are you there?');
		await settled(() => deliveryOf(alice.db, id), (rows) => rows.length === 1 && rows[0]!.status === 'sent');
		expect(await hasPending(alice.db, bob.identity.peerId)).toBe(false);
	});

	it('is dialled again after a dial that ended with neither a channel nor a refusal', async () => {
		const network = new FakeNetwork();
		const alice = await makePeer(network, 'Alice');
		const bob = await makePeer(network, 'Bob');
		await start(alice, bob);
		const group = await alice.messenger.createGroup('Relay team', [bob.identity.peerId]);
		await joined([alice, bob], group);

		// Bob's page reloads in the middle of each handshake: dials to him close unopened and
		// nothing says "unreachable"; the channel drops and neither transport goes offline.
		network.vanishing.add(bob.identity.peerId);
		alice.messenger.connections.disconnect(bob.identity.peerId);
		await eventually(
			() => [alice.messenger.connections.channel(bob.identity.peerId), bob.messenger.connections.channel(alice.identity.peerId)],
			(channels) => channels.every((channel) => channel === undefined)
		);
		// The channel's own "down" retry finds nothing owed and ends (its first wait is at most RETRY_BASE_MS).
		await new Promise((resolve) => setTimeout(resolve, RETRY_BASE_MS + 200));
		const vanishedBefore = network.vanished.length;
		const id = await alice.messenger.sendGroupText(group, 'still there?');
		await eventually(
			() => network.vanished.length,
			(count) => count > vanishedBefore
		);
		network.vanishing.delete(bob.identity.peerId);

		expect((await received(bob, id))?.text).toBe('still there?');
		await settled(() => deliveryOf(alice.db, id), (rows) => rows.length === 1 && rows[0]!.status === 'sent');
	});
});
