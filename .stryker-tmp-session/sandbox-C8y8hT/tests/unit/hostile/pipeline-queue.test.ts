// @ts-nocheck
import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import { InboundQueue, MAX_QUEUED_FRAMES, MAX_QUEUED_FRAMES_PER_PEER } from '../../../src/lib/messenger/inbound-queue';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { silentLog } from '../../../src/lib/protocol/reject';

/** A context whose storage never answers, so every frame pushed stays queued. */
const stuck = { db: { transaction: () => new Promise(() => {}) }, now: () => 0 } as unknown as HandlerContext;
const peer = (i: number) => `p${String(i).padStart(32, 'a')}` as PeerId;
const ack = () => ({ t: 'ack' as const, ids: [newMessageId()] });

describe('the inbound queue is bounded', () => {
	it('overflows a peer beyond its share, and anyone once the total is reached', () => {
		const overflowed: PeerId[] = [];
		const queue = new InboundQueue(stuck, silentLog, { isContact: () => true, overflow: (p) => void overflowed.push(p) });
		// The first frame goes straight to its handler; the ones behind it wait in the queue.
		for (let i = 0; i <= MAX_QUEUED_FRAMES_PER_PEER + 1; i++) queue.push(peer(0), ack());
		expect(overflowed).toEqual([peer(0)]);
		const peersToFill = Math.ceil(MAX_QUEUED_FRAMES / MAX_QUEUED_FRAMES_PER_PEER);
		for (let p = 1; queue.size < MAX_QUEUED_FRAMES && p <= peersToFill + 1; p++) {
			for (let i = 0; i <= MAX_QUEUED_FRAMES_PER_PEER && queue.size < MAX_QUEUED_FRAMES; i++) queue.push(peer(p), ack());
		}
		queue.push(peer(99), ack());
		expect(overflowed).toEqual([peer(0), peer(99)]);
		expect(queue.size).toBe(MAX_QUEUED_FRAMES);
	});
});
