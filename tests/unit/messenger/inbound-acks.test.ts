import { afterEach, describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { SentRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import { InboundQueue } from '../../../src/lib/messenger/inbound-queue';
import { silentLog } from '../../../src/lib/protocol/reject';
import { spyTransactions, writes } from '../db/idb-spy';
import { eventually } from './messenger-harness';
import { allSentMessages } from '../../../src/lib/db/delivery-marks';

// Issue 9 (throughput): a sender's acks arrive in frames of up to 512 ids, several while one
// is being applied. Those queued together are applied in ONE transaction, in order.

const bob = `p${'b'.repeat(32)}` as PeerId;
const dbs: ChatDb[] = [];
let counter = 0;

afterEach(async () => {
	for (const db of dbs.splice(0)) await db.delete();
});

describe('acks queued together', () => {
	it('are applied in one transaction, and the outbox hears of every id in order', async () => {
		const sodium = await loadSodium();
		const db = new ChatDb(`inbound-acks-${++counter}`);
		dbs.push(db);
		const rows: SentRow[] = Array.from({ length: 30 }, (_, i) => ({
			id: newMessageId(1_000 + i),
			conversationId: bob,
			peerId: bob,
			seq: i + 1,
			text: `m${i + 1}`,
			time: 1_000 + i,
			status: 'pending'
		}));
		await db.sender.bulkAdd(rows);
		const heard: MessageId[] = [];
		const context: HandlerContext = {
			db,
			identity: createIdentity(sodium),
			log: silentLog,
			now: () => 2_000,
			settled: () => null,
			announcedNames: new Map(),
			verifiedKeys: new Map(),
			acknowledge() {},
			refused() {},
			acknowledged: (_peer, ids) => void heard.push(...ids)
		};
		const queue = new InboundQueue(context, silentLog, { isContact: () => true });
		const records = spyTransactions(db);
		const ids = rows.map((row) => row.id as MessageId);
		// Three ack frames in one go: the first is handled at once, the other two wait and go together.
		for (let i = 0; i < 3; i++) queue.push(bob, { t: 'ack', ids: ids.slice(i * 10, i * 10 + 10) });
		await eventually(() => heard.length, (n) => n === 30);
		expect(heard).toEqual(ids);
		expect(writes(records)).toHaveLength(2);
		expect((await allSentMessages(db)).filter((row) => row.peerId === bob && row.status === 'sent')).toHaveLength(30);
	});
});
