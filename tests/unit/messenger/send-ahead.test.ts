import { describe, expect, it } from 'vitest';
import type { ChatDb } from '../../../src/lib/db/chat-db';
import type { ArrivalPreview } from '../../../src/lib/db/change-feed';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import { addOutgoing } from '../../../src/lib/db/queries';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import { handleAck } from '../../../src/lib/messenger/handlers/ack-handler';
import { eventually, makePeer, startedPeers, type TestPeer } from './messenger-harness';
import { sentMessage } from '../../../src/lib/db/delivery-marks';

// Issue 9: a new message leaves before its pending row commits, and a received one is shown
// before its row commits. Neither may lose, duplicate or reorder anything.

const start = startedPeers();

async function pair(): Promise<{ alice: TestPeer; bob: TestPeer; bobId: PeerId }> {
	const network = new FakeNetwork();
	const alice = await makePeer(network, 'Alice');
	const bob = await makePeer(network, 'Bob');
	await start(alice, bob);
	const bobId = bob.identity.peerId;
	await alice.messenger.addContact(bobId);
	await bob.messenger.addContact(alice.identity.peerId);
	await eventually(() => alice.messenger.connections.channel(bobId), Boolean);
	// The first message reads the newest sequence number and has a channel that caught up.
	const first = await alice.messenger.sendText(bobId, 'hello');
	await eventually(() => statusOf(alice, first), (status) => status === 'sent');
	return { alice, bob, bobId };
}

const statusOf = (peer: TestPeer, id: string) => sentMessage(peer.db, id).then((row) => row?.status);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Holds a read-write transaction on the sender table until released: writes of outgoing rows
 * (and acks, which move them) queue behind it, as they would behind a slow disk.
 */
async function holdSenderTable(db: ChatDb): Promise<() => Promise<void>> {
	let released = false;
	let started = false;
	const held = db.transaction('rw', db.sender, async () => {
		started = true;
		while (!released) await db.sender.get('none');
	});
	// Polled across timers, never awaited from inside the transaction: a continuation of a
	// promise resolved in there would run the test's next writes inside it (Dexie's zones).
	while (!started) await pause(1);
	return async () => {
		released = true;
		await held;
		await pause(0);
	};
}

/** A handler context over the peer's own database, with nothing else wired. */
function inboundContext(peer: TestPeer): HandlerContext {
	return {
		db: peer.db,
		identity: peer.identity,
		log: { reject() {}, info() {} },
		now: Date.now,
		announcedNames: new Map(),
		verifiedKeys: new Map(),
		acknowledge() {},
		refused() {},
		acknowledged() {},
		settled: () => null
	};
}

/** Message texts Bob receives, in the order they arrive off the channel. */
function arrivals(bob: TestPeer): string[] {
	const texts: string[] = [];
	bob.messenger.connections.events.on('frame', (_peer, frame: AppFrame) => {
		if (frame.t === 'msg' && frame.body.kind === 'text') texts.push(frame.body.text);
	});
	return texts;
}

describe('a new message goes out before its pending row commits', () => {
	it('reaches the peer while its own write is still held up', async () => {
		const { alice, bob, bobId } = await pair();
		const release = await holdSenderTable(alice.db);
		const sending = alice.messenger.sendText(bobId, 'ahead of the disk');
		let stored = false;
		void sending.then(() => (stored = true));
		await eventually(() => bob.db.receiver.filter((row) => row.text === 'ahead of the disk').count(), (n) => n === 1);
		// sendText resolves once the row is stored: it has not been.
		expect(stored).toBe(false);
		await release();
		const id = await sending;
		await eventually(() => statusOf(alice, id), (status) => status === 'sent');
	});

	it('is noted in the journal until its write is over, and without a journal waits for the commit', async () => {
		const { alice, bob, bobId } = await pair();
		const release = await holdSenderTable(alice.db);
		const sending = alice.messenger.sendText(bobId, 'noted');
		await eventually(() => bob.db.receiver.count(), (n) => n === 2);
		expect([...alice.journal.rows.values()].map((row) => row.text)).toEqual(['noted']);
		await release();
		await sending;
		expect(alice.journal.rows.size).toBe(0);

		const network = new FakeNetwork();
		const carol = await makePeer(network, 'Carol', { journal: undefined });
		const dave = await makePeer(network, 'Dave');
		await start(carol, dave);
		await carol.messenger.addContact(dave.identity.peerId);
		await eventually(() => carol.messenger.connections.channel(dave.identity.peerId), Boolean);
		await carol.messenger.sendText(dave.identity.peerId, 'seeds the sequence');
		const held = await holdSenderTable(carol.db);
		const waiting = carol.messenger.sendText(dave.identity.peerId, 'after the commit');
		await pause(100);
		expect(await dave.db.receiver.filter((row) => row.text === 'after the commit').count()).toBe(0);
		await held();
		await waiting;
		await eventually(() => dave.db.receiver.filter((row) => row.text === 'after the commit').count(), (n) => n === 1);
	});

	it('an ack that overtakes the write of its row still moves the row to sent', async () => {
		const { alice, bob, bobId } = await pair();
		const release = await holdSenderTable(alice.db);
		const one = alice.messenger.sendText(bobId, 'one');
		await pause(0);
		// Queued behind the first write: its transaction does not exist yet when the ack comes.
		const two = alice.messenger.sendText(bobId, 'two');
		await eventually(() => bob.db.receiver.count(), (n) => n === 3);
		// Bob's acks are on their way (after his durable commit); let them arrive.
		await pause(100);
		await release();
		const ids = await Promise.all([one, two]);
		for (const id of ids) await eventually(() => statusOf(alice, id), (status) => status === 'sent', 1_000);
	});

	it('the ack handler waits for a write still under way before moving its row', async () => {
		const { alice, bobId } = await pair();
		let written!: () => void;
		const writing = new Promise<void>((resolve) => (written = resolve));
		const id = newMessageId();
		const context = { ...inboundContext(alice), settled: () => writing };
		const acking = handleAck(context, bobId, { t: 'ack', ids: [id] });
		await pause(20);
		await addOutgoing(alice.db, { id, conversationId: bobId, peerId: bobId, text: 'late row', time: Date.now(), seq: 99 });
		written();
		await acking;
		expect(await statusOf(alice, id)).toBe('sent');
	});

	it('a message that could not go at once is never overtaken by the next one', async () => {
		const { alice, bob, bobId } = await pair();
		const received = arrivals(bob);
		const channel = alice.messenger.connections.channel(bobId)!;
		const send = channel.session.send.bind(channel.session);
		// The channel refuses one frame, as a full send buffer would.
		let refuse = 1;
		channel.session.send = (frame) => (refuse-- > 0 ? false : send(frame));
		const release = await holdSenderTable(alice.db);
		const one = alice.messenger.sendText(bobId, 'one');
		await pause(0);
		const two = alice.messenger.sendText(bobId, 'two');
		await pause(20);
		await release();
		await Promise.all([one, two]);
		await eventually(() => received.length, (n) => n >= 2);
		expect(received).toEqual(['one', 'two']);
	});

	it('a message whose write fails after it left is reported as sent but not saved', async () => {
		const { alice, bob, bobId } = await pair();
		const table = alice.db.sender;
		const bulkAdd = table.bulkAdd.bind(table);
		table.bulkAdd = (() => Promise.reject(new DOMException('injected', 'QuotaExceededError'))) as unknown as typeof table.bulkAdd;
		await expect(alice.messenger.sendText(bobId, 'theirs only')).rejects.toMatchObject({ name: 'SentNotSavedError' });
		table.bulkAdd = bulkAdd;
		await eventually(() => bob.db.receiver.filter((row) => row.text === 'theirs only').count(), (n) => n === 1);
		// The next message goes straight out again, in order.
		const next = await alice.messenger.sendText(bobId, 'next');
		await eventually(() => statusOf(alice, next), (status) => status === 'sent');
	});
});

describe("a contact's new message is shown before its row commits", () => {
	function previews(peer: TestPeer): ArrivalPreview[] {
		const seen: ArrivalPreview[] = [];
		peer.db.previews.subscribe((preview) => void seen.push(preview));
		return seen;
	}

	it('shows it before the store, then the commit confirms the same row', async () => {
		const { alice, bob, bobId } = await pair();
		const seen = previews(bob);
		let storedWhenShown: number | null = null;
		bob.db.previews.subscribe(() => void bob.db.receiver.count().then((n) => (storedWhenShown ??= n)));
		await alice.messenger.sendText(bobId, 'early');
		await eventually(() => bob.db.receiver.count(), (n) => n === 2);
		expect(seen.map((preview) => preview.rows.map((row) => row.text))).toEqual([['early']]);
		expect(storedWhenShown).toBe(1);
		const stored = await bob.db.receiver.filter((row) => row.text === 'early').first();
		expect(seen[0]!.rows[0]).toMatchObject({ id: stored!.id, time: stored!.time, direction: 'in' });
	});

	it('withdraws what it showed when the store fails, and shows the resend again', async () => {
		const { alice, bob, bobId } = await pair();
		const seen = previews(bob);
		const table = bob.db.receiver;
		const bulkAdd = table.bulkAdd.bind(table);
		let fail = 1;
		table.bulkAdd = ((...args: Parameters<typeof bulkAdd>) =>
			fail-- > 0 ? Promise.reject(new DOMException('injected', 'QuotaExceededError')) : bulkAdd(...args)) as typeof table.bulkAdd;
		const id = await alice.messenger.sendText(bobId, 'retry me');
		await eventually(() => seen.length, (n) => n >= 2);
		expect(seen[0]!.rows.map((row) => row.id)).toEqual([id]);
		expect(seen[1]).toEqual({ rows: [], withdrawn: [id] });
	});

	it('never shows a repeat of a stored message (a resend whose ack was lost)', async () => {
		const { alice, bob, bobId } = await pair();
		const seen = previews(bob);
		const row = (await alice.db.sender.toArray())[0]!;
		// Alice's channel sends the stored first message again, as after a lost ack.
		const channel = alice.messenger.connections.channel(bobId)!;
		channel.session.send({ t: 'msg', id: row.id, seq: row.seq, ts: Math.floor(row.time), body: { kind: 'text', text: row.text } });
		await pause(50);
		expect(seen).toEqual([]);
		expect(await bob.db.receiver.count()).toBe(1);
	});
});

describe('sequence numbers allocated by the sending tab', () => {
	it('count on from the newest stored, and jump past numbers another tab stored', async () => {
		const { alice, bobId } = await pair();
		const seqOf = (id: string) => alice.db.sender.get(id).then((row) => row?.seq);
		const second = await alice.messenger.sendText(bobId, 'two');
		expect(await seqOf(second)).toBe(2);
		// Another tab wrote seq 7 for Bob (the mirror publishes its users row as a remote change).
		const user = (await alice.db.users.get(bobId))!;
		alice.db.changes.publish({ messages: [], users: [{ ...user, lastSentSeq: 7 }], remote: true });
		const next = await alice.messenger.sendText(bobId, 'after the other tab');
		expect(await seqOf(next)).toBe(8);
	});
});
