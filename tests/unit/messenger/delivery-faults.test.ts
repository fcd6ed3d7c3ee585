import { describe, expect, it } from 'vitest';
import { latestMessages } from '../../../src/lib/db/queries';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import { spyTransactions, type TransactionRecord } from '../db/idb-spy';
import { eventually, makePair, makePeer, startedPeers, type TestPeer } from './messenger-harness';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { sentMessage } from '../../../src/lib/db/delivery-marks';

// Fault injection on the receiving side of a live channel (issue 9): what the sender is told
// must match what is durably stored, and a failed store must not wait for a reconnect.

const start = startedPeers();
/** Short enough that a resend comes within a test (the first resend waits twice this). */
const ACK_WAIT_MS = 40;

async function pair(): Promise<{ alice: TestPeer; bob: TestPeer }> {
	const network = new FakeNetwork();
	const alice = await makePeer(network, 'Alice', { ackWaitMs: ACK_WAIT_MS });
	const bob = await makePeer(network, 'Bob');
	await start(alice, bob);
	await alice.messenger.addContact(bob.identity.peerId);
	await eventually(() => alice.messenger.connections.channel(bob.identity.peerId), Boolean);
	return { alice, bob };
}

/** Makes Bob's next `times` stores of received messages fail, as a full disk or an I/O error would. */
function failStores(bob: TestPeer, times: number): void {
	const table = bob.db.receiver;
	const bulkAdd = table.bulkAdd.bind(table);
	let left = times;
	table.bulkAdd = ((...args: Parameters<typeof bulkAdd>) => {
		if (left-- > 0) return Promise.reject(new DOMException('injected', 'QuotaExceededError'));
		return bulkAdd(...args);
	}) as typeof table.bulkAdd;
}

/** Frames Bob sends, as he sends them. */
function framesFrom(peer: TestPeer): AppFrame[] {
	const sent: AppFrame[] = [];
	const connections = peer.messenger.connections;
	const send = connections.send.bind(connections);
	connections.send = (to, frame) => {
		sent.push(frame);
		return send(to, frame);
	};
	return sent;
}

const statusOf = (peer: TestPeer, id: string) => sentMessage(peer.db, id).then((row) => row?.status);

describe('acks follow durable storage', () => {
	it('acks nothing whose store failed: the message stays pending with its author', async () => {
		const { alice, bob } = await pair();
		failStores(bob, Infinity);
		const frames = framesFrom(bob);
		const id = await alice.messenger.sendText(bob.identity.peerId, 'lost in a full disk');
		// Several resends have come and failed by now.
		await new Promise((resolve) => setTimeout(resolve, ACK_WAIT_MS * 8));
		expect(await bob.db.receiver.count()).toBe(0);
		expect(frames.filter((frame) => frame.t === 'ack')).toEqual([]);
		expect(await statusOf(alice, id)).toBe('pending');
	});

	it('sends each ack only after a strict (flushed) commit that follows the store', async () => {
		const { alice, bob } = await pair();
		const committed: TransactionRecord[] = [];
		spyTransactions(bob.db, (record) => void committed.push(record));
		const acksSeenAfter: { lastStore: number; lastStrict: number }[] = [];
		const connections = bob.messenger.connections;
		const send = connections.send.bind(connections);
		connections.send = (to, frame) => {
			if (frame.t === 'ack') {
				const lastStore = committed.findLastIndex((record) => record.mode === 'readwrite' && record.stores.includes('receiver'));
				const lastStrict = committed.findLastIndex((record) => record.durability === 'strict');
				acksSeenAfter.push({ lastStore, lastStrict });
			}
			return send(to, frame);
		};
		const ids = await Promise.all(['one', 'two', 'three'].map((text) => alice.messenger.sendText(bob.identity.peerId, text)));
		for (const id of ids) await eventually(() => statusOf(alice, id), (status) => status === 'sent');
		expect(acksSeenAfter.length).toBeGreaterThan(0);
		for (const { lastStore, lastStrict } of acksSeenAfter) {
			expect(lastStore).toBeGreaterThanOrEqual(0);
			expect(lastStrict).toBeGreaterThan(lastStore);
		}
	});
});

describe('a store that failed on a live channel', () => {
	it('is resent on the same channel, arrives once, and still reads in the author’s order', async () => {
		const { alice, bob } = await pair();
		const channel = alice.messenger.connections.channel(bob.identity.peerId);
		failStores(bob, 1);
		const first = await alice.messenger.sendText(bob.identity.peerId, 'first');
		await eventually(() => bob.db.receiver.count(), (n) => n === 0);
		const second = await alice.messenger.sendText(bob.identity.peerId, 'second');
		for (const id of [first, second]) await eventually(() => statusOf(alice, id), (status) => status === 'sent');
		expect(alice.messenger.connections.channel(bob.identity.peerId)).toBe(channel);
		const thread = await latestMessages(bob.db, alice.identity.peerId, 10);
		expect(thread.map((message) => message.text)).toEqual(['first', 'second']);
	});
});

describe('one peer’s frames are handled one at a time, in order', () => {
	it('an edit sent right after its message is applied, even when storing the message is slow', async () => {
		const { alice, bob } = await makePair();
		await start(alice, bob);
		await alice.messenger.addContact(bob.identity.peerId);
		await eventually(() => alice.messenger.connections.channel(bob.identity.peerId), Boolean);
		// Storing the message (the first transaction over received messages) starts late: a handler
		// that did not wait for the previous frame would look the edit's target up before it exists.
		const transaction = bob.db.transaction.bind(bob.db) as (...args: unknown[]) => Promise<unknown>;
		let slow = true;
		const touchesReceived = (args: unknown[]) => args.flat().some((arg) => (arg as { name?: string } | null)?.name === 'receiver');
		(bob.db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = async (...args) => {
			if (slow && touchesReceived(args)) {
				slow = false;
				await new Promise((resolve) => setTimeout(resolve, 400));
			}
			return transaction(...args);
		};
		const id = await alice.messenger.sendText(bob.identity.peerId, 'helo');
		await alice.messenger.editMessage(id, 'hello');
		await eventually(() => bob.db.receiver.get(id), (row) => row?.text === 'hello');
		expect(bob.rejects).not.toContain('unknown-target');
	});
});
