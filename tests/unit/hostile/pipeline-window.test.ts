import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { Messenger } from '../../../src/lib/messenger/messenger';
import { ACK_WAIT_MS, SEND_WINDOW_FRAMES } from '../../../src/lib/messenger/outbox';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { silentLog } from '../../../src/lib/protocol/reject';
import { eventually } from '../messenger/messenger-harness';
import { connectRaw } from './raw-peer';

const REFUSED_ROWS = 1_500;

describe('Refused rows do not stall the send window (review finding 2)', () => {
	it(`a receiver that never acks ${REFUSED_ROWS} rows still gets a message written later`, async () => {
		const sodium = await loadSodium();
		const network = new FakeNetwork();
		let skew = 0;
		const aliceId = createIdentity(sodium);
		const db = new ChatDb(`window-${Date.now()}`);
		const alice = new Messenger({ db, transport: network.createTransport(), sodium, identity: aliceId, displayName: () => 'Alice', log: silentLog, now: () => Date.now() + skew });
		await alice.start();
		try {
			const receiver = createIdentity(sodium);
			const now = Date.now();
			// Rows the receiver will refuse: it never acks any of them (as for over-quota or a block span).
			await db.sender.bulkAdd(
				Array.from({ length: REFUSED_ROWS }, (_, i) => ({
					id: newMessageId(now + i),
					conversationId: receiver.peerId,
					peerId: receiver.peerId,
					seq: i + 1,
					text: `refused ${i + 1}`,
					time: now + i,
					status: 'pending' as const
				}))
			);
			const raw = await connectRaw(network, receiver, aliceId.peerId);
			const texts = () => raw.received.flatMap((frame) => (frame.t === 'msg' && frame.body.kind === 'text' ? [frame.body.text] : []));
			await eventually(() => texts().length, (n) => n === SEND_WINDOW_FRAMES);
			// The window's frames have waited for their ack longer than the bound: they stop counting.
			skew += ACK_WAIT_MS + 1_000;
			await alice.sendText(receiver.peerId, 'written later');
			await eventually(() => texts().includes('written later'), Boolean);
			expect(alice.connections.channel(receiver.peerId)).toBeDefined();
		} finally {
			alice.stop();
		}
	});
});
