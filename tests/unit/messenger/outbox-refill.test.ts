import { afterEach, describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { SentRow } from '../../../src/lib/db/schema';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { Messenger } from '../../../src/lib/messenger/messenger';
import { REFILL_FRAMES, SEND_WINDOW_FRAMES } from '../../../src/lib/messenger/outbox';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { silentLog } from '../../../src/lib/protocol/reject';
import { connectRaw } from '../hostile/raw-peer';
import { eventually } from './messenger-harness';

// Issue 9 (throughput): a full window goes on as soon as REFILL_FRAMES slots are acked (not at
// half a window, which let the receiver run dry), and a refill reads only rows above what the
// channel sent, except when asked to flush, which reads from the oldest row again.

const stops: (() => void)[] = [];
afterEach(() => {
	for (const stop of stops.splice(0)) stop();
});

async function aliceWith(pending: number) {
	const sodium = await loadSodium();
	const network = new FakeNetwork();
	const identity = createIdentity(sodium);
	const receiver = createIdentity(sodium);
	const db = new ChatDb(`outbox-refill-${Date.now()}-${Math.random()}`);
	const now = Date.now();
	const rows: SentRow[] = Array.from({ length: pending }, (_, i) => ({
		id: newMessageId(now + i),
		conversationId: receiver.peerId,
		peerId: receiver.peerId,
		seq: i + 1,
		text: `m${i + 1}`,
		time: now + i,
		status: 'pending'
	}));
	await db.sender.bulkAdd(rows);
	await db.users.put({ peerId: receiver.peerId, name: 'Raw', state: 'contact', addedAt: now, lastActivity: now, lastSentSeq: pending });
	const alice = new Messenger({ db, transport: network.createTransport(), sodium, identity, displayName: () => 'Alice', log: silentLog });
	await alice.start();
	stops.push(() => alice.stop());
	const raw = await connectRaw(network, receiver, identity.peerId);
	const texts = () => raw.received.flatMap((frame) => (frame.t === 'msg' && frame.body.kind === 'text' ? [frame.body.text] : []));
	return { alice, db, raw, rows, texts, peer: receiver.peerId as PeerId };
}

describe('outbox refill', () => {
	it(`sends more once ${REFILL_FRAMES} frames of a full window are acked`, async () => {
		const { raw, rows, texts } = await aliceWith(SEND_WINDOW_FRAMES + 300);
		await eventually(() => texts().length, (n) => n === SEND_WINDOW_FRAMES);
		raw.sendFrame({ t: 'ack', ids: rows.slice(0, REFILL_FRAMES).map((row) => row.id) });
		await eventually(() => texts().length, (n) => n === SEND_WINDOW_FRAMES + REFILL_FRAMES);
		// In order, each once.
		expect(texts()).toEqual(rows.slice(0, SEND_WINDOW_FRAMES + REFILL_FRAMES).map((row) => row.text));
	});

	it('a flush sends a row another tab wrote below what the channel already sent', async () => {
		const { alice, db, texts, peer } = await aliceWith(2);
		await eventually(() => texts().length, (n) => n === 2);
		// Another tab wrote seq 3 (its feed has not reached this tab yet); this tab then sends seq 4.
		const now = Date.now();
		await db.sender.add({ id: newMessageId(now), conversationId: peer, peerId: peer, seq: 3, text: 'other tab', time: now, status: 'pending' });
		await db.users.update(peer, { lastSentSeq: 3 });
		await alice.sendText(peer, 'this tab');
		await eventually(() => texts().length, (n) => n === 3);
		alice.sendPending(peer);
		await eventually(() => texts().length, (n) => n === 4);
		expect(texts()).toEqual(['m1', 'm2', 'this tab', 'other tab']);
	});
});
