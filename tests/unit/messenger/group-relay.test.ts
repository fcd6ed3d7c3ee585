import { describe, expect, it, vi } from 'vitest';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { deliveryOf } from '../../../src/lib/db/group-outbox';
import { startedPeers, type TestPeer } from './messenger-harness';
import { settled, groupTexts, joined, makeCrowd, received } from './group-harness';

const start = startedPeers();
// Four messengers in one process: on a loaded machine a scene takes seconds (GROUP_WAIT_MS).
vi.setConfig({ testTimeout: 60_000 });

async function fourInAGroup() {
	const { network, peers } = await makeCrowd(4);
	const [alice, bob, carol, dave] = peers as [TestPeer, TestPeer, TestPeer, TestPeer];
	await start(...peers);
	const group = await alice.messenger.createGroup('Trip', [bob, carol, dave].map((p) => p.identity.peerId));
	await joined(peers, group);
	return { network, alice, bob, carol, dave, group };
}

const offline = (peer: TestPeer) => peer.messenger.setInvisible(true);
const online = (peer: TestPeer) => peer.messenger.setInvisible(false);

describe('group relay and catch-up', () => {
	it('an offline member gets the author’s messages from other members after the author left, each once and in order', async () => {
		const { network, alice, bob, carol, dave, group } = await fourInAGroup();
		await offline(carol);
		const ids: MessageId[] = [];
		for (const text of ['one', 'two', 'three']) ids.push(await alice.messenger.sendGroupText(group, text));
		for (const peer of [bob, dave]) await received(peer, ids[2]!);
		await offline(alice);
		// Who delivered what to Carol: both Bob and Dave hold the frames, so each may relay them.
		const relayedBy = new Set<string>();
		network.tap((from, to) => {
			if (to === carol.identity.peerId) relayedBy.add(from);
		});
		await online(carol);
		for (const id of ids) await received(carol, id);
		expect(await groupTexts(carol, group)).toEqual(['one', 'two', 'three']);
		expect(relayedBy.has(alice.identity.peerId)).toBe(false);
		// Alice comes back: her copies for Carol are acked (as duplicates) and turn delivered.
		await online(alice);
		await settled(() => deliveryOf(alice.db, ids[2]!), (rows) => rows.length === 3 && rows.every((row) => row.status === 'sent'));
		expect(await carol.db.receiver.where('conversationId').equals(group).count()).toBe(3);
	});

	it('stores a message relayed by two members once, and acks both', async () => {
		const { alice, bob, carol, dave, group } = await fourInAGroup();
		await offline(carol);
		const id = await alice.messenger.sendGroupText(group, 'only once');
		await received(bob, id);
		await received(dave, id);
		await offline(alice);
		const relays = new Set<string>();
		for (const relay of [bob, dave]) {
			const send = relay.messenger.connections.send.bind(relay.messenger.connections);
			relay.messenger.connections.send = (peer, frame) => {
				if (peer === carol.identity.peerId && frame.t === 'gmsg' && frame.id === id) relays.add(relay.name);
				return send(peer, frame);
			};
		}
		await online(carol);
		await received(carol, id);
		await settled(() => relays.size, (n) => n === 2);
		// Both relays are asked (each summary shows it); the second copy is a duplicate, not a row.
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await carol.db.receiver.where('conversationId').equals(group).count()).toBe(1);
		expect(await carol.db.groupFrames.where('[group+author+seq]').between([group, '', 0], [group, '\uffff', Infinity]).count()).toBe(1);
		expect(carol.rejects).toEqual([]);
	});

	it('keeps each author’s order when many messages are relayed', async () => {
		const { alice, bob, carol, dave, group } = await fourInAGroup();
		await offline(carol);
		const texts = Array.from({ length: 40 }, (_, i) => `a${i}`);
		let last;
		for (const text of texts) last = await alice.messenger.sendGroupText(group, text);
		const fromBob = await bob.messenger.sendGroupText(group, 'b0');
		await received(dave, last!);
		await received(dave, fromBob);
		await offline(alice);
		await online(carol);
		await received(carol, last!);
		await received(carol, fromBob);
		const atCarol = (await groupTexts(carol, group)).filter((text) => text.startsWith('a'));
		expect(atCarol).toEqual(texts);
	});

	it('stores its author’s own copy without a signature check, but never relays a copy that does not verify', async () => {
		const { alice, bob, carol, dave, group } = await fourInAGroup();
		await offline(carol);
		// Alice's copy for Bob leaves with a broken signature; Dave's is intact.
		const send = alice.messenger.connections.send.bind(alice.messenger.connections);
		alice.messenger.connections.send = (peer, frame) => {
			if (peer === bob.identity.peerId && frame.t === 'gmsg') {
				const sig = frame.sig.slice();
				sig[0]! ^= 1;
				return send(peer, { ...frame, sig });
			}
			return send(peer, frame);
		};
		const id = await alice.messenger.sendGroupText(group, 'signed badly for Bob');
		// Bob takes it over Alice's authenticated session: the session proves who wrote it.
		await received(bob, id);
		await received(dave, id);
		expect(bob.rejects).toEqual([]);
		await offline(alice);
		const relays = new Set<string>();
		for (const relay of [bob, dave]) {
			const relaySend = relay.messenger.connections.send.bind(relay.messenger.connections);
			relay.messenger.connections.send = (peer, frame) => {
				if (peer === carol.identity.peerId && frame.t === 'gmsg' && frame.id === id) relays.add(relay.name);
				return relaySend(peer, frame);
			};
		}
		await online(carol);
		await received(carol, id);
		await settled(() => bob.rejects.length, (n) => n > 0);
		// Bob held a copy that does not verify: he keeps it to himself and says why; Carol got Dave's.
		expect(bob.rejects).toEqual(['bad-signature']);
		expect([...relays]).toEqual([dave.name]);
		expect(carol.rejects).toEqual([]);
		expect(await groupTexts(carol, group)).toEqual(['signed badly for Bob']);
	});
});
