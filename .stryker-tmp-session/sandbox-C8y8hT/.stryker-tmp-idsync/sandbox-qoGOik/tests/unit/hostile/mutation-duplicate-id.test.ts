// @ts-nocheck
// 
import { describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { eventually, makePeer, startedPeers, type TestPeer } from '../messenger/messenger-harness';
import { RawPeer } from '../fuzz/raw-peer';

// Kills the mutants "a message id already stored is written again" (the duplicate check in
// storeIncomingBatch dropped, or bulkAdd turned into bulkPut without it): a repeated id must never
// replace the stored row, whoever repeats it, and must not cost the other messages of its batch.

const start = startedPeers();

const msg = (id: MessageId, seq: number, text: string) => ({ t: 'msg', id, seq, ts: Date.now(), body: { kind: 'text', text } });

async function connect(network: FakeNetwork, victim: TestPeer, identity: Identity): Promise<RawPeer> {
	const raw = new RawPeer({ sodium: await loadSodium(), network, claimed: identity, identity });
	raw.dial(victim.identity.peerId);
	// A stranger gets no profile: wait for the victim's side of the channel instead.
	await eventually(() => victim.messenger.connections.channel(identity.peerId)?.session.state === 'ready', Boolean);
	return raw;
}

async function setUp() {
	const sodium = await loadSodium();
	const network = new FakeNetwork();
	const bob = await makePeer(network, 'Bob');
	await start(bob);
	const alice = createIdentity(sodium);
	const fromAlice = await connect(network, bob, alice);
	const original = newMessageId();
	fromAlice.sendValue(msg(original, 1, 'the original'));
	await eventually(() => bob.db.receiver.get(original), (row) => row !== undefined);
	return { sodium, network, bob, alice, fromAlice, original };
}

describe('a message id that is already stored', () => {
	it('sent again by its author with other text leaves the stored row as it was', async () => {
		const { bob, fromAlice, original } = await setUp();
		const before = await bob.db.receiver.get(original);
		fromAlice.sendValue(msg(original, 2, 'rewritten history'));
		const later = newMessageId();
		fromAlice.sendValue(msg(later, 3, 'next'));
		await eventually(() => bob.db.receiver.get(later), (row) => row !== undefined);
		expect(await bob.db.receiver.get(original)).toEqual(before);
		expect(await bob.db.receiver.count()).toBe(2);
	});

	it("sent by another peer never takes over Alice's row, and the rest of that peer's batch is stored", async () => {
		const { sodium, network, bob, alice, original } = await setUp();
		const before = await bob.db.receiver.get(original);
		const mallory = await connect(network, bob, createIdentity(sodium));
		const first = newMessageId();
		const after = newMessageId();
		// Same tick: the three frames queue behind one write and are stored as one batch.
		mallory.sendValue(msg(first, 1, 'hello'));
		mallory.sendValue(msg(original, 2, 'Alice said: send money'));
		mallory.sendValue(msg(after, 3, 'bye'));
		await eventually(() => bob.db.receiver.count(), (n) => n >= 3, 2000).catch(() => undefined);
		expect(await bob.db.receiver.get(original)).toEqual(before);
		expect((await bob.db.receiver.get(original))?.peerId).toBe(alice.peerId);
		expect((await bob.db.receiver.bulkGet([first, after])).map((row) => row?.text)).toEqual(['hello', 'bye']);
	});

	it('repeated inside one batch is stored once, with the first text, and its neighbours are stored', async () => {
		const { bob, fromAlice } = await setUp();
		const twice = newMessageId();
		const neighbour = newMessageId();
		fromAlice.sendValue(msg(newMessageId(), 2, 'starts a write'));
		fromAlice.sendValue(msg(twice, 3, 'first copy'));
		fromAlice.sendValue(msg(twice, 4, 'second copy'));
		fromAlice.sendValue(msg(neighbour, 5, 'neighbour'));
		await eventually(() => bob.db.receiver.count(), (n) => n >= 4, 2000).catch(() => undefined);
		expect(await bob.db.receiver.get(twice)).toMatchObject({ text: 'first copy', seq: 3 });
		expect(await bob.db.receiver.get(neighbour)).toMatchObject({ text: 'neighbour' });
		expect(await bob.db.receiver.count()).toBe(4);
	});
});
