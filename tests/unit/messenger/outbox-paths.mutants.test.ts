import { afterEach, describe, expect, it, vi } from 'vitest';
import { markAcked } from '../../../src/lib/db/queries';
import type { Outbox } from '../../../src/lib/messenger/outbox';
import { SEND_WINDOW_FRAMES } from '../../../src/lib/messenger/outbox';
import { idOf, outboxScene, PEER, row, sleep } from './outbox-scene';

// The outbox's paths that need no second peer: the send-at-once path respects the window and
// every held row, an ack for a channel it never sent on is harmless, a row the session refuses
// is never overtaken, and its wake-up timer neither outlives stop() nor spins while it waits.

const outboxes: Outbox[] = [];
afterEach(() => {
	for (const outbox of outboxes.splice(0)) outbox.stop();
	vi.restoreAllMocks();
});

async function scene(options: Parameters<typeof outboxScene>[0] = {}) {
	const made = await outboxScene(options);
	outboxes.push(made.outbox);
	return made;
}

describe('sending a new message at once', () => {
	it(`stops at ${SEND_WINDOW_FRAMES} frames in flight: the next one is held`, async () => {
		const { outbox, texts } = await scene();
		await outbox.flush(PEER);
		for (let seq = 1; seq <= SEND_WINDOW_FRAMES; seq++) expect(outbox.sendNow(row(seq))).toBe(true);
		expect(outbox.sendNow(row(SEND_WINDOW_FRAMES + 1))).toBe(false);
		expect(texts()).toHaveLength(SEND_WINDOW_FRAMES);
	});

	it('stays held until every held row came back, not only the last one', async () => {
		const { outbox, disconnect, reconnect, texts } = await scene();
		disconnect();
		expect(outbox.sendNow(row(1))).toBe(false);
		expect(outbox.sendNow(row(2))).toBe(false);
		reconnect();
		await outbox.flush(PEER);
		outbox.forget(row(2));
		expect(outbox.sendNow(row(3))).toBe(false);
		outbox.forget(row(3));
		outbox.forget(row(1));
		expect(outbox.sendNow(row(4))).toBe(true);
		expect(texts()).toEqual(['m4']);
	});
});

describe('an ack', () => {
	it('for a peer without a channel, or a channel nothing was sent on, changes nothing', async () => {
		const { outbox, reconnect, disconnect } = await scene();
		disconnect();
		expect(() => outbox.acknowledged(PEER, [idOf(1)])).not.toThrow();
		reconnect();
		expect(() => outbox.acknowledged(PEER, [idOf(1)])).not.toThrow();
	});
});

describe('a row the session refuses', () => {
	it('is not overtaken by the rows after it', async () => {
		const { outbox, channel, texts } = await scene({ messages: 3 });
		let refusals = 1;
		channel().accepts = () => refusals-- <= 0;
		await outbox.flush(PEER);
		expect(texts()).toEqual([]);
		await outbox.flush(PEER);
		expect(texts()).toEqual(['m1', 'm2', 'm3']);
	});
});

describe('the wake-up timer', () => {
	const ACK_WAIT_MS = 30;

	it('is gone after stop: nothing is resent or read once the outbox stopped', async () => {
		const { clock, outbox, texts } = await scene({ messages: 1, ackWaitMs: ACK_WAIT_MS });
		await outbox.flush(PEER);
		outbox.stop();
		clock.ms += 100 * ACK_WAIT_MS;
		await sleep(5 * ACK_WAIT_MS);
		expect(texts()).toEqual(['m1']);
	});

	it('resends the frame due first, while a later one is not due yet', async () => {
		const { db, clock, outbox, texts } = await scene({ messages: 1, ackWaitMs: ACK_WAIT_MS });
		const start = clock.ms;
		await outbox.flush(PEER);
		clock.ms = start + 40;
		await db.sender.add(row(2));
		expect(outbox.sendNow(row(2))).toBe(true);
		// m1 is due at +60 (twice the ack wait), m2 at +100.
		clock.ms = start + 70;
		await vi.waitFor(() => expect(texts()).toEqual(['m1', 'm2', 'm1']), { timeout: 2_000 });
		// m1 is next due at +190; m2 at +100 comes first.
		clock.ms = start + 100;
		await vi.waitFor(() => expect(texts()).toEqual(['m1', 'm2', 'm1', 'm2']), { timeout: 2_000 });
	});

	it('waits without spinning: a few timers while nothing is due, none once all is acked', async () => {
		const { db, outbox } = await scene({ messages: 1, ackWaitMs: ACK_WAIT_MS });
		await outbox.flush(PEER);
		const timers = vi.spyOn(globalThis, 'setTimeout');
		await sleep(5 * ACK_WAIT_MS);
		// Re-armed about once per ack wait while the test clock stands still; a spinning timer sets hundreds.
		expect(timers.mock.calls.length).toBeLessThan(20);
		await markAcked(db, PEER, [idOf(1)], 0);
		outbox.acknowledged(PEER, [idOf(1)]);
		await sleep(2 * ACK_WAIT_MS);
		timers.mockClear();
		await sleep(5 * ACK_WAIT_MS);
		// Our own sleep is the only timer.
		expect(timers.mock.calls.length).toBeLessThanOrEqual(1);
	});
});
