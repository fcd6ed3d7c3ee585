import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { eventually, makePeer, startedPeers } from '../messenger/messenger-harness';
import { RawPeer } from '../fuzz/raw-peer';
import { sentMessage } from '../../../src/lib/db/delivery-marks';

// Kills the mutants "markSent / markEditsSent ignore which peer acked": an ack is only the
// acking peer's word about rows addressed to IT. Otherwise any contact who learns (or guesses)
// the ids of messages meant for someone else can make them look delivered while they sit unsent.

const start = startedPeers();

async function aliceWithOutboxes() {
	const sodium = await loadSodium();
	const network = new FakeNetwork();
	const alice = await makePeer(network, 'Alice');
	const bob = createIdentity(sodium);
	const carol = createIdentity(sodium);
	await start(alice);
	await alice.messenger.addContact(bob.peerId);
	await alice.messenger.addContact(carol.peerId);
	// Carol never comes online, so what Alice wrote to her can only stay pending.
	const forCarol = await alice.messenger.sendText(carol.peerId, 'for Carol');
	await alice.messenger.editMessage(forCarol, 'for Carol, edited');
	const carolEdit = (await alice.db.edits.toArray())[0]!.id;
	const forBob = await alice.messenger.sendText(bob.peerId, 'for Bob');
	return { sodium, network, alice, bob, carol, forCarol, carolEdit, forBob };
}

describe("an ack from one peer for another peer's rows", () => {
	it("moves only the acking peer's own messages to sent, never Carol's message or edit", async () => {
		const { sodium, network, alice, bob, forCarol, carolEdit, forBob } = await aliceWithOutboxes();
		const raw = new RawPeer({ sodium, network, claimed: { peerId: bob.peerId, publicKey: bob.publicKey }, identity: bob });
		raw.dial(alice.identity.peerId);
		await eventually(() => raw.received.some((frame) => frame.t === 'msg'), Boolean);
		raw.sendValue({ t: 'ack', ids: [forCarol, carolEdit, forBob] });
		await eventually(() => sentMessage(alice.db, forBob), (row) => row?.status === 'sent');
		// Frames from one peer are handled in order: once this message is stored, the ack was handled.
		raw.sendValue({ t: 'msg', id: newMessageId(), seq: 1, ts: Date.now(), body: { kind: 'text', text: 'hi' } });
		await eventually(() => alice.db.receiver.count(), (n) => n === 1);
		expect(await sentMessage(alice.db, forCarol)).toMatchObject({ status: 'pending' });
		expect(await alice.db.edits.get(carolEdit)).toMatchObject({ status: 'pending' });
	});

	it('Carol acking them afterwards still moves both (the rows were left intact, not lost)', async () => {
		const { sodium, network, alice, bob, carol, forCarol, carolEdit } = await aliceWithOutboxes();
		const bobPeer = new RawPeer({ sodium, network, claimed: { peerId: bob.peerId, publicKey: bob.publicKey }, identity: bob });
		bobPeer.dial(alice.identity.peerId);
		await eventually(() => bobPeer.received.some((frame) => frame.t === 'profile'), Boolean);
		bobPeer.sendValue({ t: 'ack', ids: [forCarol, carolEdit] });
		const realCarol = new RawPeer({ sodium, network, claimed: { peerId: carol.peerId, publicKey: carol.publicKey }, identity: carol });
		realCarol.dial(alice.identity.peerId);
		await eventually(() => realCarol.received.filter((frame) => frame.t === 'msg' || frame.t === 'edit').length, (n) => n >= 1);
		realCarol.sendValue({ t: 'ack', ids: [forCarol, carolEdit] });
		await eventually(() => sentMessage(alice.db, forCarol), (row) => row?.status === 'sent');
		await eventually(() => alice.db.edits.get(carolEdit), (row) => row?.status === 'sent');
	});
});
