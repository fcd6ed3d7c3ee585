import { describe, expect, it } from 'vitest';
import { saveContact } from '../../../src/lib/db/queries';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { eventually, makePair, startedPeers, type TestPeer } from './messenger-harness';

// Bob comes back (leaves invisible mode, the page is shown again, the network returns) while
// Alice holds a delete for him. Session 14 saw his first dial fail under load and nothing try
// again until Alice's backoff (8–60 s by then) came round. Here Alice never dials Bob at all, so
// only Bob's own dials, and what Alice does with them, can deliver within the test's few seconds.

const start = startedPeers();

/** Alice's retries toward Bob are stuck at a far backoff step: her own dials to him never start. */
function aliceNeverDials(alice: TestPeer, bob: PeerId): PeerId[] {
	const asked: PeerId[] = [];
	const connections = alice.messenger.connections;
	const ensure = connections.ensure.bind(connections);
	connections.ensure = (peer) => {
		if (peer !== bob) return ensure(peer);
		asked.push(peer);
		return true;
	};
	return asked;
}

async function awayWithADelete() {
	const { network, alice, bob } = await makePair();
	const bobId = bob.identity.peerId;
	await saveContact(bob.db, { peerId: alice.identity.peerId, placeholderName: 'Alice', now: 1 });
	await start(alice, bob);
	await alice.messenger.addContact(bobId);
	const id = await alice.messenger.sendText(bobId, 'a secret he saw');
	await eventually(() => bob.db.receiver.get(id), (row) => row !== undefined);
	await bob.messenger.setInvisible(true);
	await eventually(() => alice.messenger.connections.channel(bobId), (channel) => channel === undefined);
	expect(await alice.messenger.deleteForEveryone(id)).toBe(true);
	aliceNeverDials(alice, bobId);
	const deleted = () => eventually(() => bob.db.receiver.get(id), (row) => row?.deletedAt !== undefined, 4_000);
	return { network, alice, bob, deleted };
}

describe('a contact coming back while I hold messages for it', () => {
	it('gets them over its own dial at once: an inbound channel flushes my outbox', async () => {
		const { bob, deleted } = await awayWithADelete();
		await bob.messenger.setInvisible(false);
		await deleted();
	});

	it('retries its first dial on the short schedule when that dial fails, though it owes me nothing', async () => {
		const { network, alice, bob, deleted } = await awayWithADelete();
		const aliceId = alice.identity.peerId;
		// Bob's first dial after coming back dies mid-handshake (load, a signalling race).
		network.vanishing.add(aliceId);
		await bob.messenger.setInvisible(false);
		await eventually(() => network.vanished.filter((dial) => dial.to === aliceId).length, (count) => count === 1);
		network.vanishing.delete(aliceId);
		await deleted();
	});
});
