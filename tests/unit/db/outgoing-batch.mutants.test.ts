import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { addOutgoing } from '../../../src/lib/db/queries';
import type { UserRow } from '../../../src/lib/db/schema';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

// Messages to two contacts written in ONE transaction (the write queue batches what is sent in
// the same tick): each contact's preview, activity and highest sent seq come from its own rows.
// Written for outbox-queries.ts mutants Stryker left alive.

let dbCounter = 0;
const BOB = 'pbobbobbobbobbobbobbobbobbobbobbobbobbobbobbo' as PeerId;
const CAROL = 'pcarolcarolcarolcarolcarolcarolcarolcarolcar' as PeerId;
const contact = (peerId: PeerId): UserRow => ({ peerId, name: 'x', state: 'contact', addedAt: 0, lastActivity: 0 });
const outgoing = (peerId: PeerId, text: string, time: number, seq: number) => ({ id: newMessageId(time), conversationId: peerId, peerId, text, time, seq });

async function freshDb(): Promise<ChatDb> {
	const db = new ChatDb(`outgoing-batch-${++dbCounter}`);
	await db.users.bulkPut([contact(BOB), contact(CAROL)]);
	return db;
}

describe('a batch of outgoing messages to several contacts', () => {
	it('gives each contact its own newest message as preview and its own highest seq', async () => {
		const db = await freshDb();
		// Not awaited one by one: the four land in one batch.
		await Promise.all([
			addOutgoing(db, outgoing(BOB, 'b1', 1_000, 1)),
			addOutgoing(db, outgoing(CAROL, 'c1', 1_001, 5)),
			addOutgoing(db, outgoing(BOB, 'b2', 1_002, 2)),
			addOutgoing(db, outgoing(CAROL, 'c2', 1_003, 6))
		]);
		const [bob, carol] = await db.users.bulkGet([BOB, CAROL]);
		expect(bob).toMatchObject({ lastActivity: 1_002, preview: { text: 'b2', outgoing: true }, lastSentSeq: 2 });
		expect(carol).toMatchObject({ lastActivity: 1_003, preview: { text: 'c2', outgoing: true }, lastSentSeq: 6 });
	});

	it('takes the preview from the newest by time, not from the last in the batch', async () => {
		const db = await freshDb();
		await Promise.all([addOutgoing(db, outgoing(BOB, 'newer', 2_000, 1)), addOutgoing(db, outgoing(BOB, 'older', 1_500, 2))]);
		expect(await db.users.get(BOB)).toMatchObject({ lastActivity: 2_000, preview: { text: 'newer' }, lastSentSeq: 2 });
	});
});
