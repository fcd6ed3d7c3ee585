import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { readUpToFrom } from '../../../src/lib/db/receipt-queries';
import { eventually, makePair, startedPeers, type TestPeer } from './messenger-harness';
import { allSentMessages } from '../../../src/lib/db/delivery-marks';

const start = startedPeers();

const readMark = (peer: TestPeer, of: TestPeer) => peer.db.users.get(of.identity.peerId).then((user) => user?.readUpTo ?? 0);
const sentSeqs = (peer: TestPeer) => peer.db.sender.toArray().then((rows) => rows.map((row) => row.seq).sort((a, b) => a - b));

/** Alice and Bob are contacts; Alice has sent Bob `count` messages and Bob has them stored. */
async function talking(count: number) {
	const pair = await makePair();
	const { alice, bob } = pair;
	await start(alice, bob);
	await alice.messenger.addContact(bob.identity.peerId);
	await bob.messenger.addContact(alice.identity.peerId);
	for (let i = 1; i <= count; i++) await alice.messenger.sendText(bob.identity.peerId, `message ${i}`);
	await eventually(() => bob.db.receiver.count(), (n) => n === count);
	await eventually(() => allSentMessages(alice.db).then((rows) => rows.filter((row) => row.status === 'sent').length), (n) => n === count);
	return pair;
}

describe('read receipts', () => {
	it('reading the conversation tells the author how far: their thread can show "read"', async () => {
		const { alice, bob } = await talking(3);
		expect(await readMark(alice, bob)).toBe(0);
		await bob.messenger.markRead(alice.identity.peerId);
		const seqs = await sentSeqs(alice);
		await eventually(() => readMark(alice, bob), (mark) => mark === seqs.at(-1));
	});

	it('with receipts off nothing is sent, and reading still works', async () => {
		const { alice, bob } = await talking(2);
		await bob.messenger.setReadReceipts(false);
		await bob.messenger.markRead(alice.identity.peerId);
		expect(await bob.db.receiver.filter((row) => row.unread === 1).count()).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await readMark(alice, bob)).toBe(0);
		// Turned back on, the connected contact learns it at once.
		await bob.messenger.setReadReceipts(true);
		await eventually(() => readMark(alice, bob), (mark) => mark > 0);
	});

	it('a receipt claiming more than was ever sent is clamped to the newest message sent', async () => {
		const { alice, bob } = await talking(2);
		bob.messenger.connections.send(alice.identity.peerId, { t: 'read', upTo: 1_000_000 });
		const seqs = await sentSeqs(alice);
		await eventually(() => readMark(alice, bob), (mark) => mark === seqs.at(-1));
		// A message sent afterwards is not "read" before Bob reads it.
		await alice.messenger.sendText(bob.identity.peerId, 'new one');
		const newest = (await sentSeqs(alice)).at(-1)!;
		expect(await readMark(alice, bob)).toBeLessThan(newest);
	});

	it('a receipt never moves the mark back', async () => {
		const { alice, bob } = await talking(3);
		await bob.messenger.markRead(alice.identity.peerId);
		const newest = (await sentSeqs(alice)).at(-1)!;
		await eventually(() => readMark(alice, bob), (mark) => mark === newest);
		bob.messenger.connections.send(alice.identity.peerId, { t: 'read', upTo: 1 });
		await bob.messenger.connections.send(alice.identity.peerId, { t: 'ping', n: 1 });
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await readMark(alice, bob)).toBe(newest);
	});

	it('a message request read by a stranger tells its sender nothing', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		await alice.messenger.sendText(bob.identity.peerId, 'hello stranger');
		await eventually(() => bob.db.receiver.count(), (n) => n === 1);
		await bob.messenger.markRead(alice.identity.peerId);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await readMark(alice, bob)).toBe(0);
	});

	it('read while the author was away: the next session carries the receipt', async () => {
		const { alice, bob } = await talking(2);
		await alice.messenger.setInvisible(true);
		await eventually(() => bob.messenger.connections.channel(alice.identity.peerId), (channel) => channel === undefined);
		await bob.messenger.markRead(alice.identity.peerId);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await readMark(alice, bob)).toBe(0);
		await alice.messenger.setInvisible(false);
		alice.messenger.connect(bob.identity.peerId);
		const newest = (await sentSeqs(alice)).at(-1)!;
		await eventually(() => readMark(alice, bob), (mark) => mark === newest, 5000);
	});

	it('messages stored read because their thread is watched send a receipt without a mark-read', async () => {
		const { alice, bob } = await talking(1);
		bob.messenger.watchThread(alice.identity.peerId, true);
		await alice.messenger.sendText(bob.identity.peerId, 'seen as it arrives');
		const newest = (await sentSeqs(alice)).at(-1)!;
		await eventually(() => readMark(alice, bob), (mark) => mark === newest);
	});

	it('the mark is the newest read message, past unread ones above it', async () => {
		const { alice, bob } = await talking(2);
		await bob.messenger.markRead(alice.identity.peerId);
		await alice.messenger.sendText(bob.identity.peerId, 'unread on top');
		await eventually(() => bob.db.receiver.count(), (n) => n === 3);
		const seqs = (await bob.db.receiver.toArray()).map((row) => row.seq).sort((a, b) => a - b);
		expect(await readUpToFrom(bob.db, alice.identity.peerId as PeerId)).toBe(seqs[1]);
	});
});
