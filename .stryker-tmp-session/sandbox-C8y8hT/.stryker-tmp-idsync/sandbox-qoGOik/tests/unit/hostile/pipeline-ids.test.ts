// @ts-nocheck
// 
import { describe, expect, it } from 'vitest';
import { editHistoryOf, latestMessages } from '../../../src/lib/db/queries';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { eventually, makePair, makePeer, startedPeers, type TestPeer } from '../messenger/messenger-harness';
import { connectRaw, type RawPeer } from './raw-peer';
import { handled } from './settle';

const start = startedPeers();

/** Waits until the target has handled everything sent so far (a ping is answered in order). */

const acked = (raw: RawPeer, id: string) => raw.received.some((frame) => frame.t === 'ack' && frame.ids.includes(id as never));
const msg = (id: string, text: string, seq = 1) => ({ t: 'msg', id, seq, ts: Date.now(), body: { kind: 'text', text } });

async function contactPair(): Promise<{ network: FakeNetwork; alice: TestPeer; bob: TestPeer; raw: RawPeer }> {
	const { network, alice, bob } = await makePair();
	await start(alice);
	await alice.messenger.addContact(bob.identity.peerId);
	const raw = await connectRaw(network, bob.identity, alice.identity.peerId);
	await eventually(() => raw.ready(), (ready) => ready);
	return { network, alice, bob, raw };
}

describe('message ids are unique across both directions', () => {
	it("refuses a message that reuses one of Alice's own message ids: not stored, not acked, the thread stays whole", async () => {
		const { alice, bob, raw } = await contactPair();
		const mine = await alice.messenger.sendText(bob.identity.peerId, 'my words');
		await eventually(() => raw.received.some((frame) => frame.t === 'msg' && frame.id === mine), (seen) => seen);
		raw.sendFrame(msg(mine, 'your id, my words'));
		await handled(raw, alice);
		expect(await alice.db.receiver.get(mine)).toBeUndefined();
		expect(acked(raw, mine)).toBe(false);
		expect(alice.rejects).toContain('id-taken');
		const thread = await latestMessages(alice.db, bob.identity.peerId, 10);
		expect(thread.map((m) => m.text)).toEqual(['my words']);
	});

	it("refuses a message or an edit that reuses one of Alice's edit ids", async () => {
		const { alice, bob, raw } = await contactPair();
		const mine = await alice.messenger.sendText(bob.identity.peerId, 'first');
		await alice.messenger.editMessage(mine, 'second');
		const editId = (await alice.db.edits.toArray())[0]!.id;
		const theirs = newMessageId();
		raw.sendFrame(msg(theirs, 'a message of mine'));
		raw.sendFrame(msg(editId, 'message with your edit id', 2));
		raw.sendFrame({ t: 'edit', id: editId, target: theirs, version: 1, ts: Date.now(), text: 'edit with your edit id' });
		await handled(raw, alice);
		expect(await alice.db.receiver.get(editId)).toBeUndefined();
		expect((await alice.db.receiver.get(theirs))?.text).toBe('a message of mine');
		expect(await editHistoryOf(alice.db, theirs as never)).toEqual([]);
		expect(acked(raw, editId)).toBe(false);
		expect(acked(raw, theirs)).toBe(true);
	});

	it("refuses an edit whose id is one of Alice's message ids", async () => {
		const { alice, bob, raw } = await contactPair();
		const mine = await alice.messenger.sendText(bob.identity.peerId, 'mine');
		const theirs = newMessageId();
		raw.sendFrame(msg(theirs, 'theirs'));
		raw.sendFrame({ t: 'edit', id: mine, target: theirs, version: 1, ts: Date.now(), text: 'edit with your message id' });
		await handled(raw, alice);
		expect((await alice.db.receiver.get(theirs))?.text).toBe('theirs');
		expect(acked(raw, mine)).toBe(false);
	});

	it("does not ack a message that reuses another author's message id, and leaves that message alone", async () => {
		const { network, alice, raw } = await contactPair();
		const carol = await makePeer(network, 'Carol');
		await start(carol);
		const carols = await carol.messenger.sendText(alice.identity.peerId, "carol's words");
		await eventually(() => alice.db.receiver.get(carols), (row) => row !== undefined);
		raw.sendFrame(msg(carols, "bob's words"));
		await handled(raw, alice);
		expect(await alice.db.receiver.get(carols)).toMatchObject({ text: "carol's words", peerId: carol.identity.peerId });
		expect(acked(raw, carols)).toBe(false);
		expect(alice.rejects).toContain('id-taken');
	});
});
