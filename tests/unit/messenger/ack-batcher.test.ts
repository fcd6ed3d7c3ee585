import { describe, expect, it } from 'vitest';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { AckBatcher } from '../../../src/lib/messenger/ack-batcher';
import { MAX_ACK_IDS } from '../../../src/lib/protocol/limits';

const BOB = 'bob' as PeerId;
const id = (n: number) => `m${n}` as MessageId;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A durability barrier the test completes by hand. */
function manualBarrier() {
	const pending: { resolve: () => void; reject: (error: unknown) => void }[] = [];
	return {
		pending,
		durable: () => new Promise<void>((resolve, reject) => void pending.push({ resolve, reject }))
	};
}

describe('AckBatcher', () => {
	it('sends nothing until the barrier says the stores are durable', async () => {
		const barrier = manualBarrier();
		const sent: MessageId[][] = [];
		const acks = new AckBatcher({ sendAck: (_peer, ids) => void sent.push(ids), durable: barrier.durable });
		acks.add(BOB, id(1));
		acks.add(BOB, id(2));
		await tick();
		expect(barrier.pending).toHaveLength(1);
		expect(sent).toEqual([]);
		barrier.pending[0]!.resolve();
		await tick();
		expect(sent).toEqual([[id(1), id(2)]]);
	});

	it('gathers acks that arrive while a barrier runs behind ONE next barrier (group commit)', async () => {
		const barrier = manualBarrier();
		const sent: MessageId[][] = [];
		const acks = new AckBatcher({ sendAck: (_peer, ids) => void sent.push(ids), durable: barrier.durable });
		acks.add(BOB, id(1));
		await tick();
		for (let n = 2; n <= 5; n++) {
			acks.add(BOB, id(n));
			await tick();
		}
		expect(barrier.pending).toHaveLength(1);
		barrier.pending[0]!.resolve();
		await tick();
		expect(barrier.pending).toHaveLength(2);
		expect(sent).toEqual([[id(1)]]);
		barrier.pending[1]!.resolve();
		await tick();
		expect(sent).toEqual([[id(1)], [id(2), id(3), id(4), id(5)]]);
	});

	it('withholds the acks when the barrier fails: the sender resends and they are acked then', async () => {
		const barrier = manualBarrier();
		const sent: MessageId[][] = [];
		const failures: unknown[] = [];
		const acks = new AckBatcher({ sendAck: (_peer, ids) => void sent.push(ids), durable: barrier.durable, failed: (error) => void failures.push(error) });
		acks.add(BOB, id(1));
		await tick();
		barrier.pending[0]!.reject(new Error('disk gone'));
		await tick();
		expect(sent).toEqual([]);
		expect(failures).toHaveLength(1);
	});

	it('splits a large batch into frames of at most MAX_ACK_IDS ids', async () => {
		const sent: MessageId[][] = [];
		const acks = new AckBatcher({ sendAck: (_peer, ids) => void sent.push(ids), durable: () => Promise.resolve() });
		for (let n = 0; n < MAX_ACK_IDS + 1; n++) acks.add(BOB, id(n));
		await acks.flush();
		expect(sent.map((ids) => ids.length)).toEqual([MAX_ACK_IDS, 1]);
	});
});
