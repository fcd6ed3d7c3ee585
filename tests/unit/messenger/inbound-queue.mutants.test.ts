import { afterEach, describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import { InboundQueue } from '../../../src/lib/messenger/inbound-queue';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import type { ProtocolLog } from '../../../src/lib/protocol/reject';
import { monotonicClock } from '../../../src/lib/util/monotonic-clock';
import { eventually } from './messenger-harness';

// The inbound queue through its public surface, over a real (in-memory) IndexedDB: what is
// stored, in which order, what is acknowledged, and that the queue empties again.

const alice = `p${'a'.repeat(32)}` as PeerId;
const carol = `p${'c'.repeat(32)}` as PeerId;
const dbs: ChatDb[] = [];
let counter = 0;

afterEach(async () => {
	for (const db of dbs.splice(0)) await db.delete();
});

async function setup(overrides: Partial<HandlerContext> = {}) {
	const sodium = await loadSodium();
	const db = new ChatDb(`inbound-queue-${++counter}`);
	dbs.push(db);
	const acknowledged: MessageId[] = [];
	const failures: string[] = [];
	const log: ProtocolLog = { reject() {}, info: (event, fields) => void failures.push(`${event}: ${String(fields?.frame)}`) };
	const context: HandlerContext = {
		db,
		identity: createIdentity(sodium),
		log,
		now: monotonicClock(() => 1_700_000_000_000),
		announcedNames: new Map(),
		verifiedKeys: new Map(),
		acknowledge: (_peer, id) => void acknowledged.push(id),
		refused() {},
		acknowledged() {},
		settled: () => null,
		...overrides
	};
	return { db, context, acknowledged, failures, queue: new InboundQueue(context, log, { isContact: () => true }) };
}

const message = (text: string, seq: number): AppFrame & { id: MessageId } => ({
	t: 'msg',
	id: newMessageId(1_700_000_000_000),
	seq,
	ts: 1_700_000_000_000,
	body: { kind: 'text', text }
});

describe('inbound queue', () => {
	it("stores one peer's messages in arrival order, across other frames in between, and acks each", async () => {
		const { db, queue, acknowledged } = await setup();
		const frames = [message('one', 1), message('two', 2), message('three', 3), message('four', 4)];
		queue.push(alice, frames[0]!);
		queue.push(alice, frames[1]!);
		queue.push(alice, { t: 'profile', name: 'Alice' });
		queue.push(alice, frames[2]!);
		queue.push(alice, frames[3]!);
		await eventually(() => acknowledged.length, (n) => n === 4);
		expect(acknowledged).toEqual(frames.map((frame) => frame.id));
		const stored = await db.receiver.where('[conversationId+time]').between([alice, 0], [alice, Infinity]).toArray();
		expect(stored.map((row) => row.text)).toEqual(['one', 'two', 'three', 'four']);
		expect((await db.users.get(alice))?.name).toBe('Alice');
		await eventually(() => queue.size, (n) => n === 0);
	});

	it('counts waiting frames and gives every one back once handled, batched or not', async () => {
		const { queue, acknowledged } = await setup();
		for (let i = 1; i <= 5; i++) queue.push(alice, message(`m${i}`, i));
		queue.push(alice, { t: 'profile', name: 'Alice' });
		queue.push(carol, message('c1', 1));
		// The first frame of each peer is already being handled; the rest wait.
		expect(queue.size).toBe(5);
		await eventually(() => acknowledged.length, (n) => n === 6);
		await eventually(() => queue.size, (n) => n === 0);
		// A peer whose queue ran dry starts afresh.
		queue.push(alice, message('again', 6));
		await eventually(() => acknowledged.length, (n) => n === 7);
		expect(queue.size).toBe(0);
	});

	it('ignores pings and pongs (the connection answers those)', async () => {
		const { queue } = await setup();
		queue.push(alice, { t: 'ping', n: 1 });
		queue.push(alice, { t: 'pong', n: 1 });
		queue.push(alice, message('held', 1));
		queue.push(alice, { t: 'ping', n: 2 });
		expect(queue.size).toBe(0);
	});

	it('keeps handling a peer after one of its frames fails, and logs which kind failed', async () => {
		const { queue, acknowledged, failures } = await setup({
			acknowledged() {
				throw new Error('outbox went away');
			}
		});
		queue.push(alice, message('first', 1));
		queue.push(alice, { t: 'ack', ids: [newMessageId()] });
		const last = message('after the failure', 2);
		queue.push(alice, last);
		await eventually(() => acknowledged.length, (n) => n === 2);
		expect(acknowledged[1]).toBe(last.id);
		expect(failures).toEqual(['handler failed: ack']);
	});
});
