import { describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import { InboundQueue, MAX_QUEUED_STRANGER_FRAMES } from '../../../src/lib/messenger/inbound-queue';
import type { RejectReason } from '../../../src/lib/protocol/reject';

// Strangers share a quarter of the inbound queue: once they fill it, more from any stranger is
// refused (and its link closed by the caller) while contacts still get in. Pings never queue.

/** A context whose storage never answers, so every frame pushed stays queued. */
const stuck = { db: { transaction: () => new Promise(() => {}) }, now: () => 0 } as unknown as HandlerContext;
const peer = (i: number) => `p${String(i).padStart(32, 'a')}` as PeerId;
const ack = () => ({ t: 'ack' as const, ids: [newMessageId()] });

function queueWith(contacts: Set<PeerId>) {
	const rejects: { reason: RejectReason; detail: string }[] = [];
	const overflowed: PeerId[] = [];
	const queue = new InboundQueue(
		stuck,
		{ reject: (reason, fields) => void rejects.push({ reason, detail: String(fields?.detail) }), info() {} },
		{ isContact: (p) => contacts.has(p), overflow: (p) => void overflowed.push(p) }
	);
	return { queue, rejects, overflowed };
}

describe('the inbound queue and strangers', () => {
	it('refuses strangers beyond their shared part, and still takes a contact', async () => {
		const contact = peer(0);
		const { queue, rejects, overflowed } = queueWith(new Set([contact]));
		// Each stranger's first frame goes straight to its handler; the rest wait and count.
		for (let i = 0; i <= MAX_QUEUED_STRANGER_FRAMES / 2; i++) queue.push(peer(1), ack());
		for (let i = 0; i < MAX_QUEUED_STRANGER_FRAMES / 2; i++) queue.push(peer(2), ack());
		expect(queue.size).toBe(MAX_QUEUED_STRANGER_FRAMES - 1);
		queue.push(peer(2), ack());
		expect(overflowed).toEqual([]);
		queue.push(peer(3), ack());
		expect(overflowed).toEqual([peer(3)]);
		expect(rejects).toEqual([{ reason: 'rate-limited', detail: 'inbound queue full for strangers' }]);
		queue.push(contact, ack());
		queue.push(contact, ack());
		expect(overflowed).toEqual([peer(3)]);
		expect(queue.size).toBe(MAX_QUEUED_STRANGER_FRAMES + 1);
	});

	it('queues no ping or pong behind a frame being handled', () => {
		const { queue } = queueWith(new Set([peer(0)]));
		queue.push(peer(0), ack());
		queue.push(peer(0), { t: 'ping', n: 1 });
		queue.push(peer(0), { t: 'pong', n: 1 });
		expect(queue.size).toBe(0);
		queue.push(peer(0), ack());
		expect(queue.size).toBe(1);
	});
});
