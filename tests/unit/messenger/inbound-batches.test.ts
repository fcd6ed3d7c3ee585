import { afterEach, describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { saveContact } from '../../../src/lib/db/queries';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import { InboundQueue } from '../../../src/lib/messenger/inbound-queue';
import type { MessageFrame } from '../../../src/lib/protocol/frames';
import { silentLog } from '../../../src/lib/protocol/reject';
import { spyTransactions, writes } from '../db/idb-spy';
import { eventually } from './messenger-harness';

// A burst queued behind a write is stored in few transactions, but never in one unbounded one:
// a transaction holds at most 256 messages (inbound-queue MAX_MESSAGE_BATCH) or 4,096 acked ids
// (MAX_ACK_BATCH_IDS), so one huge write cannot hold the database (and the thread) for long.

const MESSAGES_PER_WRITE = 256;
const ACK_IDS_PER_WRITE = 4_096;
const bob = `p${'b'.repeat(32)}` as PeerId;
const dbs: ChatDb[] = [];
let counter = 0;

afterEach(async () => {
	for (const db of dbs.splice(0)) await db.delete();
});

async function setup(overrides: Partial<HandlerContext> = {}) {
	const sodium = await loadSodium();
	const db = new ChatDb(`inbound-batches-${++counter}`);
	dbs.push(db);
	// A contact: a stranger's message request has a quota a burst would exceed.
	await saveContact(db, { peerId: bob, placeholderName: 'Bob', now: 1 });
	const records = spyTransactions(db);
	/** For each acknowledged message, how many write transactions had started by then. */
	const ackedAfterWrites: number[] = [];
	const context: HandlerContext = {
		db,
		identity: createIdentity(sodium),
		log: silentLog,
		now: (() => {
			let clock = 1_700_000_000_000;
			return () => ++clock;
		})(),
		settled: () => null,
		announcedNames: new Map(),
		verifiedKeys: new Map(),
		acknowledge: () => void ackedAfterWrites.push(writes(records).length),
		refused() {},
		acknowledged() {},
		...overrides
	};
	return { db, context, ackedAfterWrites, queue: new InboundQueue(context, silentLog, { isContact: () => true }) };
}

/** How many items share each consecutive value: [1, 1, 2] -> [2, 1]. */
function runs(values: readonly number[]): number[] {
	const sizes: number[] = [];
	values.forEach((value, i) => {
		if (i > 0 && value === values[i - 1]) sizes[sizes.length - 1]! += 1;
		else sizes.push(1);
	});
	return sizes;
}

describe('a burst queued behind a write', () => {
	it(`is stored ${MESSAGES_PER_WRITE} messages a transaction at most, in order`, async () => {
		const { db, queue, ackedAfterWrites } = await setup();
		const frames: MessageFrame[] = Array.from({ length: 1 + MESSAGES_PER_WRITE + 3 }, (_, i) => ({
			t: 'msg',
			id: newMessageId(1_700_000_000_000 + i),
			seq: i + 1,
			ts: 1_700_000_000_000,
			body: { kind: 'text', text: `m${i + 1}` }
		}));
		for (const frame of frames) queue.push(bob, frame);
		await eventually(() => ackedAfterWrites.length, (n) => n === frames.length, 20_000);
		// The first is handled alone (nothing queued yet), the rest in writes of at most the cap.
		expect(runs(ackedAfterWrites)).toEqual([1, MESSAGES_PER_WRITE, 3]);
		const stored = await db.receiver.where('[conversationId+time]').between([bob, 0], [bob, Infinity]).toArray();
		expect(stored.map((row) => row.seq)).toEqual(frames.map((frame) => frame.seq));
	});

	it(`applies acks ${ACK_IDS_PER_WRITE} ids a transaction at most, never splitting an ack frame`, async () => {
		const batches: number[] = [];
		const { queue } = await setup({ acknowledged: (_peer, ids) => void batches.push(ids.length) });
		const frame = (): { t: 'ack'; ids: MessageId[] } => ({ t: 'ack', ids: Array.from({ length: 512 }, () => newMessageId()) });
		// One frame handled at once, then nine queued: eight fill a write exactly, the ninth waits.
		for (let i = 0; i < 10; i++) queue.push(bob, frame());
		await eventually(() => batches.length, (n) => n === 3, 20_000);
		expect(batches).toEqual([512, ACK_IDS_PER_WRITE, 512]);
	});
});
