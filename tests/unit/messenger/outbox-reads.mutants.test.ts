import { afterEach, describe, expect, it, vi } from 'vitest';
import { markAcked } from '../../../src/lib/db/queries';
import type { EditRow } from '../../../src/lib/db/schema';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { Outbox } from '../../../src/lib/messenger/outbox';
import { REFILL_FRAMES, SEND_WINDOW_FRAMES } from '../../../src/lib/messenger/outbox';
import { idOf, outboxScene, PEER, row, sleep } from './outbox-scene';

// What the outbox reads and when (issue 9, 10k flush): a refill reads only rows above the
// highest seq the channel sent, at most the free part of the window; a flush asked while another
// runs waits for it and reads again; a flush asked from the start is never narrowed to a refill.
// The outbox's read is wrapped: each call is recorded, and a test may hold it after its read
// (a "gate") to act while a flush is under way.

const reads = vi.hoisted(() => ({ calls: [] as { limit: number; fromSeq: number }[], gates: [] as Promise<void>[] }));

vi.mock('../../../src/lib/db/queries', async (importOriginal) => {
	const real = await importOriginal<typeof import('../../../src/lib/db/queries')>();
	return {
		...real,
		pendingFor: async (...args: Parameters<typeof real.pendingFor>) => {
			reads.calls.push({ limit: args[2] ?? Infinity, fromSeq: args[3] ?? 0 });
			const rows = await real.pendingFor(...args);
			const gate = reads.gates.shift();
			if (gate) await gate;
			return rows;
		}
	};
});

/** Holds the next read after it has read, until released. */
function gateNextRead(): () => void {
	let release!: () => void;
	reads.gates.push(new Promise<void>((resolve) => (release = resolve)));
	return release;
}

const outboxes: Outbox[] = [];
afterEach(() => {
	for (const outbox of outboxes.splice(0)) outbox.stop();
	reads.calls.length = 0;
	reads.gates.length = 0;
});

async function scene(options: Parameters<typeof outboxScene>[0] = {}) {
	const made = await outboxScene(options);
	outboxes.push(made.outbox);
	return made;
}

/** Makes sendNow hold rows (one row it could not send is held), so sendNew goes by a refill. */
function holdOneRow(made: Awaited<ReturnType<typeof scene>>): void {
	made.channel().accepts = () => false;
	expect(made.outbox.sendNow(row(999))).toBe(false);
	made.channel().accepts = () => true;
}

describe('a refill', () => {
	it('after acks reads only rows above the highest seq sent, at most the free part of the window', async () => {
		const { db, outbox } = await scene({ messages: SEND_WINDOW_FRAMES + 5 });
		await outbox.flush(PEER);
		expect(reads.calls).toEqual([{ limit: SEND_WINDOW_FRAMES, fromSeq: 0 }]);
		const acked = Array.from({ length: REFILL_FRAMES }, (_, i) => idOf(i + 1));
		await markAcked(db, PEER, acked, 0);
		outbox.acknowledged(PEER, acked);
		await vi.waitFor(() => expect(reads.calls).toHaveLength(2));
		expect(reads.calls[1]).toEqual({ limit: REFILL_FRAMES, fromSeq: SEND_WINDOW_FRAMES + 1 });
	});

	it('for a held row reads above the highest seq sent, even after rows below it went out later', async () => {
		const made = await scene({ messages: 1 });
		const { db, outbox, texts } = made;
		await outbox.flush(PEER);
		expect(outbox.sendNow(row(3))).toBe(true);
		// Another tab wrote seq 2; a flush sends it after seq 3, which stays the highest sent.
		await db.sender.add(row(2));
		await outbox.flush(PEER);
		holdOneRow(made);
		await db.sender.add(row(4));
		await outbox.sendNew(row(4));
		expect(reads.calls.at(-1)?.fromSeq).toBe(4);
		expect(texts()).toEqual(['m1', 'm3', 'm2', 'm4']);
	});

	it('after an edit went out reads above the last message sent', async () => {
		const made = await scene({ messages: 1 });
		const { db, outbox, channel } = made;
		const edit: EditRow = { id: newMessageId(1_700_000_100_000), target: idOf(1), peerId: PEER, version: 2, text: 'e', time: 5, status: 'pending' };
		await db.edits.add(edit);
		await outbox.flush(PEER);
		expect(channel().frames.map((frame) => frame.t)).toEqual(['msg', 'edit']);
		holdOneRow(made);
		await db.sender.add(row(2));
		await outbox.sendNew(row(2));
		expect(reads.calls.at(-1)?.fromSeq).toBe(2);
	});
});

describe('flushes of one peer', () => {
	it('run one after the other: one asked during a read reads again once it is over', async () => {
		const { db, outbox, texts } = await scene({ messages: 1 });
		const release = gateNextRead();
		const first = outbox.flush(PEER);
		await vi.waitFor(() => expect(reads.calls).toHaveLength(1));
		await db.sender.add(row(2));
		const second = outbox.flush(PEER);
		await sleep(10);
		expect(reads.calls).toHaveLength(1);
		release();
		await Promise.all([first, second]);
		expect(reads.calls).toHaveLength(2);
		expect(texts()).toEqual(['m1', 'm2']);
	});

	it('a third asked while the second reads waits for the second', async () => {
		const { outbox } = await scene({ messages: 1 });
		const releaseFirst = gateNextRead();
		const releaseSecond = gateNextRead();
		const first = outbox.flush(PEER);
		await vi.waitFor(() => expect(reads.calls).toHaveLength(1));
		const second = outbox.flush(PEER);
		releaseFirst();
		await first;
		await vi.waitFor(() => expect(reads.calls).toHaveLength(2));
		const third = outbox.flush(PEER);
		await sleep(20);
		expect(reads.calls).toHaveLength(2);
		releaseSecond();
		await Promise.all([second, third]);
		expect(reads.calls).toHaveLength(3);
	});

	it('a flush from the start joining a waiting refill makes it read from the start', async () => {
		const made = await scene({ messages: 1 });
		const { db, outbox, texts } = made;
		await outbox.flush(PEER);
		expect(outbox.sendNow(row(3))).toBe(true);
		const release = gateNextRead();
		const running = outbox.flush(PEER);
		await vi.waitFor(() => expect(reads.calls).toHaveLength(2));
		// Written by another tab after that read: below the highest seq sent (3).
		await db.sender.add(row(2));
		await db.sender.add(row(4));
		const refill = outbox.sendNew(row(4));
		const fromStart = outbox.flush(PEER);
		release();
		await Promise.all([running, refill, fromStart]);
		expect(reads.calls.at(-1)?.fromSeq).toBe(0);
		expect(texts()).toEqual(['m1', 'm3', 'm2', 'm4']);
	});

	it('send nothing on a channel replaced while they read', async () => {
		const { outbox, channel, reconnect, texts } = await scene({ messages: 1 });
		const old = channel();
		const release = gateNextRead();
		const flushing = outbox.flush(PEER);
		await vi.waitFor(() => expect(reads.calls).toHaveLength(1));
		const fresh = reconnect();
		release();
		await flushing;
		expect(old.frames).toEqual([]);
		await outbox.flush(PEER);
		expect(texts(fresh)).toEqual(['m1']);
	});
});

describe('the wake-up', () => {
	const ACK_WAIT_MS = 30;

	it('reads nothing while nothing is due, and flushes when the oldest frame stops counting, to the millisecond', async () => {
		const { clock, outbox } = await scene({ messages: 1, ackWaitMs: ACK_WAIT_MS });
		await outbox.flush(PEER);
		await sleep(4 * ACK_WAIT_MS);
		expect(reads.calls).toHaveLength(1);
		clock.ms += ACK_WAIT_MS;
		await vi.waitFor(() => expect(reads.calls).toHaveLength(2), { timeout: 2_000 });
		// Nothing was due for a resend: it reads on from above what was sent.
		expect(reads.calls[1]).toEqual({ limit: SEND_WINDOW_FRAMES, fromSeq: 2 });
	});
});
