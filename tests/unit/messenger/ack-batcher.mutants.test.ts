import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { AckBatcher } from '../../../src/lib/messenger/ack-batcher';
import { MAX_ACK_IDS } from '../../../src/lib/protocol/limits';

const alice = 'palice' as PeerId;
const bob = 'pbob' as PeerId;
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}` as MessageId);

describe('ack batching', () => {
	let sent: [PeerId, MessageId[]][];
	let batcher: AckBatcher;

	beforeEach(() => {
		vi.useFakeTimers();
		sent = [];
		batcher = new AckBatcher((peer, acked) => sent.push([peer, acked]));
	});
	afterEach(() => vi.useRealTimers());

	it('answers a burst with one frame per peer after the current task, ids in arrival order', () => {
		for (const id of ids('a', 3)) batcher.add(alice, id);
		batcher.add(bob, 'b0' as MessageId);
		expect(sent).toEqual([]);
		vi.advanceTimersByTime(0);
		expect(sent).toEqual([
			[alice, ids('a', 3)],
			[bob, ['b0']]
		]);
	});

	it('schedules again for acks that arrive after a batch went out', () => {
		batcher.add(alice, 'a0' as MessageId);
		vi.advanceTimersByTime(0);
		batcher.add(alice, 'a1' as MessageId);
		vi.advanceTimersByTime(0);
		expect(sent).toEqual([
			[alice, ['a0']],
			[alice, ['a1']]
		]);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('uses one timer for a whole burst', () => {
		for (const id of ids('a', 5)) batcher.add(alice, id);
		batcher.add(bob, 'b0' as MessageId);
		expect(vi.getTimerCount()).toBe(1);
	});

	it(`sends a full frame of ${MAX_ACK_IDS} ids at once and keeps the rest for the next task`, () => {
		const burst = ids('a', MAX_ACK_IDS + 2);
		for (const id of burst.slice(0, MAX_ACK_IDS - 1)) batcher.add(alice, id);
		expect(sent).toEqual([]);
		batcher.add(alice, burst[MAX_ACK_IDS - 1]!);
		expect(sent).toEqual([[alice, burst.slice(0, MAX_ACK_IDS)]]);
		for (const id of burst.slice(MAX_ACK_IDS)) batcher.add(alice, id);
		vi.advanceTimersByTime(0);
		expect(sent).toEqual([
			[alice, burst.slice(0, MAX_ACK_IDS)],
			[alice, burst.slice(MAX_ACK_IDS)]
		]);
	});

	it('flushes on demand, and sends nothing when nothing waits', () => {
		batcher.flush();
		expect(sent).toEqual([]);
		batcher.add(bob, 'b0' as MessageId);
		batcher.flush();
		expect(sent).toEqual([[bob, ['b0']]]);
		vi.advanceTimersByTime(0);
		expect(sent).toHaveLength(1);
	});
});
