import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { markAcked } from '../../../src/lib/db/queries';
import type { EditRow, SentRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { Channel, Connections } from '../../../src/lib/messenger/connections';
import { MAX_RETRY_WAIT_MS, Outbox, REFILL_FRAMES, SEND_WINDOW_FRAMES } from '../../../src/lib/messenger/outbox';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import type { PeerSession } from '../../../src/lib/session/peer-session';

// The outbox against a real (in-memory) database and a fake channel that records the frames it
// is given: what leaves, in which order, how many are in flight at once, and what goes out again
// when no ack comes. The clock is the test's, so ack waits and retries need no real waiting.

const PEER = `p${'b'.repeat(32)}` as PeerId;
const ACK_WAIT_MS = 1_000;
let dbCounter = 0;
const outboxes: Outbox[] = [];

afterEach(() => {
	for (const outbox of outboxes.splice(0)) outbox.stop();
	vi.restoreAllMocks();
});

interface FakeChannel extends Channel {
	frames: AppFrame[];
	/** False: the session refuses to send (its link is closing). */
	accepting: boolean;
}

function fakeChannel(): FakeChannel {
	const channel = { peer: PEER, link: {}, readyAt: 0, lastInbound: 0, frames: [] as AppFrame[], accepting: true } as unknown as FakeChannel;
	const session = {
		send: (frame: AppFrame) => {
			if (!channel.accepting) return false;
			channel.frames.push(frame);
			return true;
		}
	};
	(channel as { session: PeerSession }).session = session as unknown as PeerSession;
	return channel;
}

async function scene(options: { messages?: number; channel?: boolean } = {}) {
	const db = new ChatDb(`outbox-channel-${++dbCounter}`);
	const clock = { ms: 1_000_000 };
	let current: FakeChannel | undefined = options.channel === false ? undefined : fakeChannel();
	const dialled: PeerId[] = [];
	const failures: string[] = [];
	const connections = {
		channel: (peer: PeerId) => (peer === PEER ? current : undefined),
		ensure: (peer: PeerId) => void dialled.push(peer)
	} as unknown as Connections;
	const outbox = new Outbox(db, connections, { reject() {}, info: (event) => void failures.push(event) }, () => clock.ms, ACK_WAIT_MS);
	outboxes.push(outbox);
	const rows: SentRow[] = Array.from({ length: options.messages ?? 0 }, (_, i) => row(i + 1));
	await db.sender.bulkAdd(rows);
	return {
		db,
		clock,
		outbox,
		rows,
		dialled,
		failures,
		channel: () => current!,
		reconnect: (): FakeChannel => (current = fakeChannel()),
		disconnect: () => void (current = undefined),
		texts: (channel = current!) => channel.frames.flatMap((frame) => (frame.t === 'msg' && frame.body.kind === 'text' ? [frame.body.text] : []))
	};
}

const rowBase = 1_700_000_000_000;
/** One id per seq, so a row built twice is the same message. */
const ids = new Map<number, MessageId>();
const idOf = (seq: number): MessageId => ids.get(seq) ?? (ids.set(seq, newMessageId(rowBase + seq)), ids.get(seq)!);
function row(seq: number, extra: Partial<SentRow> = {}): SentRow {
	return { id: idOf(seq), conversationId: PEER, peerId: PEER, seq, text: `m${seq}`, time: rowBase + seq + 0.5, status: 'pending', ...extra };
}

async function ack(db: ChatDb, outbox: Outbox, ids: MessageId[]): Promise<void> {
	await markAcked(db, PEER, ids, 0);
	outbox.acknowledged(PEER, ids);
}

const seqs = (frames: AppFrame[]) => frames.flatMap((frame) => (frame.t === 'msg' ? [frame.seq] : []));

describe('the outbox on one channel', () => {
	it('sends pending messages oldest first, each once, as frames carrying the row', async () => {
		const { db, outbox, channel } = await scene();
		const quoted = newMessageId(rowBase);
		await db.sender.bulkAdd([row(2, { version: 3, replyTo: quoted }), row(1)]);
		await outbox.flush(PEER);
		await outbox.flush(PEER);
		expect(channel().frames).toEqual([
			{ t: 'msg', id: idOf(1), seq: 1, ts: rowBase + 1, body: { kind: 'text', text: 'm1' } },
			{ t: 'msg', id: idOf(2), seq: 2, ts: rowBase + 2, body: { kind: 'text', text: 'm2' }, v: 3, reply: quoted }
		]);
	});

	it('sends edits and deletes after every pending message, never before', async () => {
		const { db, outbox, channel } = await scene({ messages: 2 });
		const target = newMessageId(rowBase - 5);
		const edits: EditRow[] = [
			{ id: newMessageId(rowBase + 10), target, peerId: PEER, version: 2, text: 'better', time: rowBase + 10.7, status: 'pending' },
			{ id: newMessageId(rowBase + 11), target, peerId: PEER, version: 3, text: '', time: rowBase + 11.2, status: 'pending', kind: 'delete' }
		];
		await db.edits.bulkAdd(edits);
		await outbox.flush(PEER);
		expect(channel().frames.map((frame) => frame.t)).toEqual(['msg', 'msg', 'edit', 'delete']);
		expect(channel().frames.slice(2)).toEqual([
			{ t: 'edit', id: edits[0]!.id, target, version: 2, ts: rowBase + 10, text: 'better' },
			{ t: 'delete', id: edits[1]!.id, target, ts: rowBase + 11 }
		]);
	});

	it('dials the peer instead when there is no channel, and sends nothing', async () => {
		const { outbox, dialled } = await scene({ messages: 1, channel: false });
		await outbox.flush(PEER);
		expect(dialled).toEqual([PEER]);
	});

	it('stops at a row the session will not take and sends it, in order, on the next flush', async () => {
		const { outbox, channel, texts } = await scene({ messages: 3 });
		channel().accepting = false;
		await outbox.flush(PEER);
		expect(texts()).toEqual([]);
		channel().accepting = true;
		await outbox.flush(PEER);
		expect(texts()).toEqual(['m1', 'm2', 'm3']);
	});

	it('sends every row still pending again on a new channel, and only the unacked ones', async () => {
		const { db, outbox, rows, texts, reconnect } = await scene({ messages: 3 });
		await outbox.flush(PEER);
		await ack(db, outbox, [rows[0]!.id]);
		const fresh = reconnect();
		await outbox.flush(PEER);
		expect(texts(fresh)).toEqual(['m2', 'm3']);
	});

	it('keeps going after a failed read of the outbox, and logs it', async () => {
		const { db, outbox, failures, texts } = await scene({ messages: 1 });
		vi.spyOn(db.sender, 'where').mockImplementationOnce(() => {
			throw new Error('storage gone');
		});
		await outbox.flush(PEER);
		expect(failures).toEqual(['outbox flush failed']);
		await outbox.flush(PEER);
		expect(texts()).toEqual(['m1']);
	});

	it('runs a burst of flush calls as one read, and one asked during a read as one more', async () => {
		const { db, outbox, texts } = await scene({ messages: 1 });
		const reads = vi.spyOn(db.sender, 'where');
		const outboxReads = () => reads.mock.calls.filter(([index]) => String(index) === '[peerId+status+seq]').length;
		await Promise.all([outbox.flush(PEER), outbox.flush(PEER), outbox.flush(PEER)]);
		expect(outboxReads()).toBe(1);
		const first = outbox.flush(PEER);
		await new Promise((resolve) => setTimeout(resolve, 0));
		await db.sender.add(row(2));
		await Promise.all([first, outbox.flush(PEER), outbox.flush(PEER)]);
		expect(outboxReads()).toBe(3);
		expect(texts()).toEqual(['m1', 'm2']);
	});
});

describe('the send window', () => {
	it(`holds at most ${SEND_WINDOW_FRAMES} unacked frames, and edits wait behind the messages it holds back`, async () => {
		const { db, outbox, channel } = await scene({ messages: SEND_WINDOW_FRAMES + 5 });
		await db.edits.add({ id: newMessageId(rowBase + 9_999), target: newMessageId(rowBase + 1), peerId: PEER, version: 1, text: 'e', time: 1, status: 'pending' });
		await outbox.flush(PEER);
		expect(seqs(channel().frames)).toEqual(Array.from({ length: SEND_WINDOW_FRAMES }, (_, i) => i + 1));
		expect(channel().frames.some((frame) => frame.t === 'edit')).toBe(false);
	});

	it(`goes on once ${REFILL_FRAMES} frames are acked, not one ack earlier`, async () => {
		const { db, outbox, rows, channel } = await scene({ messages: SEND_WINDOW_FRAMES + 5 });
		await outbox.flush(PEER);
		await ack(db, outbox, rows.slice(0, REFILL_FRAMES - 1).map((sent) => sent.id));
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(channel().frames).toHaveLength(SEND_WINDOW_FRAMES);
		await ack(db, outbox, [rows[REFILL_FRAMES - 1]!.id]);
		await vi.waitFor(() => expect(channel().frames.length).toBe(SEND_WINDOW_FRAMES + 5));
		expect(seqs(channel().frames)).toEqual(rows.map((sent) => sent.seq));
	});

	it('stops counting a frame unacked for the ack wait, so refused rows cannot stall later ones', async () => {
		const { clock, outbox, channel } = await scene({ messages: SEND_WINDOW_FRAMES + 2 });
		await outbox.flush(PEER);
		clock.ms += ACK_WAIT_MS - 1;
		await outbox.flush(PEER);
		expect(channel().frames).toHaveLength(SEND_WINDOW_FRAMES);
		clock.ms += 1;
		await outbox.flush(PEER);
		expect(seqs(channel().frames).slice(SEND_WINDOW_FRAMES)).toEqual([SEND_WINDOW_FRAMES + 1, SEND_WINDOW_FRAMES + 2]);
	});
});

describe('resending on a live channel', () => {
	it('sends an unacked row again after twice the ack wait, then after twice as long again', async () => {
		const { clock, outbox, texts } = await scene({ messages: 2 });
		await outbox.flush(PEER);
		clock.ms += 2 * ACK_WAIT_MS - 1;
		await outbox.flush(PEER);
		expect(texts()).toEqual(['m1', 'm2']);
		clock.ms += 1;
		await outbox.flush(PEER);
		expect(texts()).toEqual(['m1', 'm2', 'm1', 'm2']);
		clock.ms += 4 * ACK_WAIT_MS - 1;
		await outbox.flush(PEER);
		expect(texts()).toHaveLength(4);
		clock.ms += 1;
		await outbox.flush(PEER);
		expect(texts()).toEqual(['m1', 'm2', 'm1', 'm2', 'm1', 'm2']);
	});

	it(`never waits longer than ${MAX_RETRY_WAIT_MS} ms between resends`, async () => {
		const { clock, outbox, texts } = await scene({ messages: 1 });
		await outbox.flush(PEER);
		// Attempts 1..6 wait 2, 4, 8, 16, 32, 64 ack waits; at 1 s each the last is capped at 60 s.
		for (const wait of [2, 4, 8, 16, 32]) {
			clock.ms += wait * ACK_WAIT_MS;
			await outbox.flush(PEER);
		}
		expect(texts()).toHaveLength(6);
		clock.ms += MAX_RETRY_WAIT_MS;
		await outbox.flush(PEER);
		expect(texts()).toHaveLength(7);
	});

	it('does not resend a row once it is acked', async () => {
		const { db, clock, outbox, rows, texts } = await scene({ messages: 2 });
		await outbox.flush(PEER);
		await ack(db, outbox, [rows[0]!.id]);
		clock.ms += 2 * ACK_WAIT_MS;
		await outbox.flush(PEER);
		expect(texts()).toEqual(['m1', 'm2', 'm2']);
	});

	it('flushes by itself when a resend falls due (its wake-up timer)', async () => {
		const { clock, outbox, texts } = await scene({ messages: 1 });
		await outbox.flush(PEER);
		// The timer was set for one ack wait of real time; by then the resend is due on the test clock.
		clock.ms += 2 * ACK_WAIT_MS;
		await vi.waitFor(() => expect(texts()).toEqual(['m1', 'm1']), { timeout: 3_000 });
	});
});

describe('sending a new message at once', () => {
	it('holds a new row until the channel has had one full flush, then sends at once', async () => {
		const { db, outbox, texts } = await scene({ messages: 1 });
		const early = row(2);
		expect(outbox.sendNow(early)).toBe(false);
		await db.sender.add(early);
		await outbox.sendNew(early);
		await outbox.flush(PEER);
		expect(texts()).toEqual(['m1', 'm2']);
		const next = row(3);
		expect(outbox.sendNow(next)).toBe(true);
		expect(texts()).toEqual(['m1', 'm2', 'm3']);
	});

	it('lets no new message overtake one still held; forgetting the held one frees the path', async () => {
		const { outbox, texts, disconnect, reconnect } = await scene();
		await outbox.flush(PEER);
		disconnect();
		const held = row(1);
		expect(outbox.sendNow(held)).toBe(false);
		const channel = reconnect();
		await outbox.flush(PEER);
		expect(outbox.sendNow(row(2))).toBe(false);
		outbox.forget(held);
		outbox.forget(row(2));
		expect(outbox.sendNow(row(3))).toBe(true);
		expect(texts(channel)).toEqual(['m3']);
	});

	it('does not send again a row a flush already sent', async () => {
		const { outbox, rows, texts } = await scene({ messages: 1 });
		await outbox.flush(PEER);
		expect(outbox.sendNow(rows[0]!)).toBe(true);
		expect(texts()).toEqual(['m1']);
	});

	it('waits for a flush under way instead of overtaking it', async () => {
		const { db, outbox, texts } = await scene({ messages: 1 });
		await outbox.flush(PEER);
		await db.sender.add(row(2));
		const flushing = outbox.flush(PEER);
		expect(outbox.sendNow(row(3))).toBe(false);
		await flushing;
		expect(texts()).toEqual(['m1', 'm2']);
	});

	it('a committed row sendNow held goes out by a flush, in seq order after rows below it', async () => {
		const { db, outbox, texts } = await scene({ messages: 1 });
		await outbox.flush(PEER);
		const late = row(3);
		expect(outbox.sendNow(late)).toBe(true);
		await db.sender.bulkAdd([row(2)]);
		await outbox.flush(PEER);
		expect(texts()).toEqual(['m1', 'm3', 'm2']);
	});
});
