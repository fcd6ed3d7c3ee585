import { describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { eventually, makePair, startedPeers } from '../messenger/messenger-harness';
import { allSentMessages } from '../../../src/lib/db/delivery-marks';

const start = startedPeers();
const FLUSH_MESSAGES = 10_000;

describe('an honest burst passes every inbound limit', () => {
	it(`delivers a ${FLUSH_MESSAGES}-message outbox exactly once, a send window at a time (the receiver never sees a flood)`, async () => {
		const { alice, bob } = await makePair();
		await start(alice);
		await alice.messenger.addContact(bob.identity.peerId);
		await bob.messenger.addContact(alice.identity.peerId);
		const now = Date.now();
		// Seed the outbox directly: sending 10,000 messages one by one would only slow the test down.
		await alice.db.sender.bulkAdd(
			Array.from({ length: FLUSH_MESSAGES }, (_, i) => ({
				id: newMessageId(now + i),
				conversationId: bob.identity.peerId,
				peerId: bob.identity.peerId,
				seq: i + 1,
				text: `message ${i + 1}`,
				time: now + i,
				status: 'pending' as const
			}))
		);
		const started = performance.now();
		await start(bob);
		alice.messenger.connect(bob.identity.peerId);
		await eventually(() => bob.db.receiver.count(), (n) => n === FLUSH_MESSAGES, 120_000);
		console.info(`[honest flush] ${FLUSH_MESSAGES} messages in ${Math.round(performance.now() - started)} ms`);
		expect(bob.rejects).toEqual([]);
		expect(alice.rejects).toEqual([]);
		await eventually(async () => (await allSentMessages(alice.db)).every((row) => row.status === 'sent'), (done) => done, 30_000);
	}, 180_000);
});
