import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { markAcked } from '../../../src/lib/db/queries';
import type { SentRow } from '../../../src/lib/db/schema';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { Channel, Connections } from '../../../src/lib/messenger/connections';
import { Outbox } from '../../../src/lib/messenger/outbox';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import type { PeerSession } from '../../../src/lib/session/peer-session';

// The outbox's own wake-up: with frames unacked on a live channel it flushes by itself when a
// resend falls due, even when the first wake-up came too early (the frame it was set for was
// acked meanwhile), and it stays quiet once nothing is left to wait for. The ack wait is short
// (real timers), the clock is the test's, so "due" is decided by the test.

const PEER = `p${'c'.repeat(32)}` as PeerId;
const ACK_WAIT_MS = 30;
const outboxes: Outbox[] = [];
let dbCounter = 0;

afterEach(() => {
	for (const outbox of outboxes.splice(0)) outbox.stop();
	vi.restoreAllMocks();
});

async function scene(messages: number) {
	const db = new ChatDb(`outbox-wake-${++dbCounter}`);
	const clock = { ms: 1_000_000 };
	const frames: AppFrame[] = [];
	const channel = { peer: PEER, session: { send: (frame: AppFrame) => frames.push(frame) > 0 } as unknown as PeerSession } as unknown as Channel;
	let current: Channel | undefined = channel;
	const dialled: PeerId[] = [];
	const connections = {
		channel: () => current,
		ensure: (peer: PeerId) => void dialled.push(peer)
	} as unknown as Connections;
	const outbox = new Outbox(db, connections, { reject() {}, info() {} }, () => clock.ms, ACK_WAIT_MS);
	outboxes.push(outbox);
	const rows: SentRow[] = Array.from({ length: messages }, (_, i) => ({
		id: newMessageId(1_700_000_000_000 + i),
		conversationId: PEER,
		peerId: PEER,
		seq: i + 1,
		text: `m${i + 1}`,
		time: 1_700_000_000_000 + i,
		status: 'pending'
	}));
	await db.sender.bulkAdd(rows);
	const reads = vi.spyOn(db.sender, 'where');
	return {
		db,
		clock,
		outbox,
		rows,
		dialled,
		texts: () => frames.flatMap((frame) => (frame.t === 'msg' && frame.body.kind === 'text' ? [frame.body.text] : [])),
		outboxReads: () => reads.mock.calls.filter(([index]) => String(index) === '[peerId+status+seq]').length,
		disconnect: () => void (current = undefined)
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the outbox wake-up', () => {
	it('sets itself again when it wakes before anything is due, and resends once the row is due', async () => {
		const { db, clock, outbox, rows, texts } = await scene(2);
		await outbox.flush(PEER);
		// m1 was acked; m2, sent later on the clock, is not due when the first wake-up comes.
		await markAcked(db, PEER, [rows[0]!.id], 0);
		outbox.acknowledged(PEER, [rows[0]!.id]);
		await sleep(4 * ACK_WAIT_MS);
		expect(texts()).toEqual(['m1', 'm2']);
		clock.ms += 2 * ACK_WAIT_MS;
		await vi.waitFor(() => expect(texts()).toEqual(['m1', 'm2', 'm2']), { timeout: 3_000 });
	});

	it('reads nothing and dials nobody once every frame it waited for is acked', async () => {
		const { db, clock, outbox, rows, dialled, outboxReads } = await scene(1);
		await outbox.flush(PEER);
		await markAcked(db, PEER, [rows[0]!.id], 0);
		const readsAfterFlush = outboxReads();
		outbox.acknowledged(PEER, [rows[0]!.id]);
		clock.ms += 10 * ACK_WAIT_MS;
		await sleep(4 * ACK_WAIT_MS);
		expect(outboxReads()).toBe(readsAfterFlush);
		expect(dialled).toEqual([]);
	});

	it('does not dial the peer when the channel it waited on has closed', async () => {
		const { clock, outbox, dialled, texts, disconnect } = await scene(1);
		await outbox.flush(PEER);
		disconnect();
		clock.ms += 10 * ACK_WAIT_MS;
		await sleep(4 * ACK_WAIT_MS);
		// Reconnecting is the connection manager's call (reach policy), not a leftover timer's.
		expect(dialled).toEqual([]);
		expect(texts()).toEqual(['m1']);
	});
});
