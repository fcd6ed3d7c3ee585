import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { AckBatcher } from '../../../src/lib/messenger/ack-batcher';
import { MAX_ACK_IDS } from '../../../src/lib/protocol/limits';

// What the batcher reports about durable acks (the bench prints it) and how one barrier serves
// several peers: each peer gets its own ack frames, with only its own ids.

const BOB = 'bob' as PeerId;
const CAROL = 'carol' as PeerId;
const id = (n: number) => `m${n}` as MessageId;

afterEach(() => void vi.restoreAllMocks());

/** performance.now() readings the test hands out, one per call. */
function clockReadings(...readings: number[]) {
	vi.spyOn(performance, 'now').mockImplementation(() => readings.shift() ?? 0);
}

describe('AckBatcher', () => {
	it('acks each peer with its own ids after one shared barrier', async () => {
		const sent: [PeerId, MessageId[]][] = [];
		let barriers = 0;
		const acks = new AckBatcher({ sendAck: (peer, ids) => void sent.push([peer, ids]), durable: async () => void (barriers += 1) });
		acks.add(BOB, id(1));
		acks.add(CAROL, id(2));
		acks.add(BOB, id(3));
		await acks.flush();
		expect(barriers).toBe(1);
		expect(sent).toEqual([
			[BOB, [id(1), id(3)]],
			[CAROL, [id(2)]]
		]);
	});

	it('counts barriers, acked ids, and the total and longest barrier time', async () => {
		clockReadings(100, 105, 200, 203);
		const acks = new AckBatcher({ sendAck() {}, durable: () => Promise.resolve() });
		acks.add(BOB, id(1));
		acks.add(CAROL, id(2));
		acks.add(BOB, id(3));
		await acks.flush();
		acks.add(BOB, id(4));
		acks.add(BOB, id(5));
		await acks.flush();
		expect(acks.stats).toEqual({ barriers: 2, ackedIds: 5, totalMs: 8, maxMs: 5 });
	});

	it('counts nothing for a failed barrier or a flush with nothing waiting', async () => {
		const acks = new AckBatcher({ sendAck() {}, durable: () => Promise.reject(new Error('disk gone')) });
		await acks.flush();
		acks.add(BOB, id(1));
		await acks.flush();
		expect(acks.stats).toEqual({ barriers: 0, ackedIds: 0, totalMs: 0, maxMs: 0 });
	});

	it('flushes by itself one task after the first add, without being asked', async () => {
		const sent: MessageId[][] = [];
		const acks = new AckBatcher({ sendAck: (_peer, ids) => void sent.push(ids), durable: () => Promise.resolve() });
		acks.add(BOB, id(1));
		acks.add(BOB, id(2));
		expect(sent).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 0));
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(sent).toEqual([[id(1), id(2)]]);
	});

	it('runs no barrier when nothing waits, and sends a full frame without an empty one after it', async () => {
		const sent: MessageId[][] = [];
		let barriers = 0;
		const acks = new AckBatcher({ sendAck: (_peer, ids) => void sent.push(ids), durable: async () => void (barriers += 1) });
		await acks.flush();
		expect(barriers).toBe(0);
		for (let n = 0; n < MAX_ACK_IDS; n++) acks.add(BOB, id(n));
		await acks.flush();
		expect(sent.map((ids) => ids.length)).toEqual([MAX_ACK_IDS]);
	});
});
