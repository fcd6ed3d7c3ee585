import { describe, expect, it } from 'vitest';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { deleteConversation } from '../../../src/lib/db/conversation-delete';
import {
	addOutgoing,
	applyIncomingEdit,
	editOwnMessage,
	markAcked,
	markConversationRead,
	recordPeer,
	saveContact,
	setContactState,
	setVerifiedKey,
	storeIncomingBatch
} from '../../../src/lib/db/queries';
import type { ReceivedRow, UserRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

// Readers (open thread, conversation list, search) follow db.changes instead of re-querying:
// every writer of messages or users must publish what it committed, or the screen goes stale.

let dbCounter = 0;
const BOB = 'bob-peer' as PeerId;

function feedOf(db: ChatDb): StoredChanges[] {
	const seen: StoredChanges[] = [];
	db.changes.subscribe((changes) => void seen.push(changes));
	return seen;
}

function received(text: string, seq: number, time = seq): ReceivedRow {
	return { id: newMessageId(), conversationId: BOB, peerId: BOB, seq, text, authoredAt: time, time, unread: 1 };
}

const stranger = (): UserRow => ({ peerId: BOB, name: 'Bob', state: 'request', addedAt: 0, lastActivity: 0 });

async function withContact(): Promise<ChatDb> {
	const db = new ChatDb(`feed-${++dbCounter}`);
	await saveContact(db, { peerId: BOB, placeholderName: 'bob', now: 1 });
	return db;
}

describe('every writer of messages or users publishes what it committed', () => {
	it('a sent message: the pending row and the contact row with its preview, once per group commit', async () => {
		const db = await withContact();
		const feed = feedOf(db);
		const rows = await Promise.all(['one', 'two'].map((text, i) => addOutgoing(db, { id: newMessageId(), conversationId: BOB, peerId: BOB, text, time: 10 + i, seq: i + 1 })));
		expect(rows.map((row) => row.seq)).toEqual([1, 2]);
		expect(feed).toHaveLength(1);
		expect(feed[0]!.messages.map((m) => [m.direction, m.text, m.direction === 'out' && m.status])).toEqual([
			['out', 'one', 'pending'],
			['out', 'two', 'pending']
		]);
		expect(feed[0]!.users).toMatchObject([{ peerId: BOB, preview: { text: 'two', outgoing: true }, lastSentSeq: 2 }]);
	});

	it('a sent message reaches its sender before work the feed sets off (the frame goes out before rendering)', async () => {
		const db = await withContact();
		const order: string[] = [];
		// Readers defer their work a microtask (FrameBatch); the sender must run ahead of it.
		db.changes.subscribe(() => queueMicrotask(() => order.push('reader')));
		await addOutgoing(db, { id: newMessageId(), conversationId: BOB, peerId: BOB, text: 'hi', time: 10, seq: 1 }).then(() => order.push('sender'));
		await Promise.resolve();
		expect(order).toEqual(['sender', 'reader']);
	});

	it('an ack: the rows as sent, and nothing for ids that moved nothing', async () => {
		const db = await withContact();
		const row = await addOutgoing(db, { id: newMessageId(), conversationId: BOB, peerId: BOB, text: 'hi', time: 10, seq: 1 });
		const feed = feedOf(db);
		await markAcked(db, BOB, [row.id], 20);
		await markAcked(db, BOB, [row.id, newMessageId() as MessageId], 30);
		expect(feed).toHaveLength(1);
		expect(feed[0]!.messages).toMatchObject([{ id: row.id, direction: 'out', status: 'sent', ackedAt: 20 }]);
		// Only the status changed: the search index skips it.
		expect(feed[0]!.statusOnly).toBe(true);
	});

	it('a received batch: the stored rows and the contact row with its unread count; duplicates publish nothing', async () => {
		const db = new ChatDb(`feed-${++dbCounter}`);
		const feed = feedOf(db);
		const batch = [received('a', 1), received('b', 2)];
		await storeIncomingBatch(db, batch, stranger);
		await storeIncomingBatch(db, batch, stranger);
		expect(feed).toHaveLength(1);
		expect(feed[0]!.messages.map((m) => [m.direction, m.text])).toEqual([
			['in', 'a'],
			['in', 'b']
		]);
		expect(feed[0]!.users).toMatchObject([{ peerId: BOB, unread: 2, preview: { text: 'b', outgoing: false } }]);
	});

	it('marking read: the rows now read and the count at zero; a read conversation publishes nothing', async () => {
		const db = new ChatDb(`feed-${++dbCounter}`);
		await storeIncomingBatch(db, [received('a', 1)], stranger);
		const feed = feedOf(db);
		await markConversationRead(db, BOB);
		await markConversationRead(db, BOB);
		expect(feed).toHaveLength(1);
		expect(feed[0]!.messages).toMatchObject([{ direction: 'in', text: 'a', unread: 0 }]);
		expect(feed[0]!.users).toMatchObject([{ peerId: BOB, unread: 0 }]);
	});

	it('edits either way: the message with its new text', async () => {
		const db = await withContact();
		const mine = await addOutgoing(db, { id: newMessageId(), conversationId: BOB, peerId: BOB, text: 'tpyo', time: 10, seq: 1 });
		const theirs = received('helo', 1, 11);
		await storeIncomingBatch(db, [theirs], stranger);
		const feed = feedOf(db);
		await editOwnMessage(db, { editId: newMessageId(), target: mine.id, text: 'typo', now: 12 });
		await applyIncomingEdit(db, { id: newMessageId(), target: theirs.id, version: 1, text: 'hello', author: BOB, authoredAt: 13, now: 13 });
		expect(feed.map((changes) => changes.messages.map((m) => [m.direction, m.text]))).toEqual([[['out', 'typo']], [['in', 'hello']]]);
		expect(feed[1]!.users).toMatchObject([{ preview: { text: 'hello' } }]);
	});

	it('contact changes: saving, recording, verifying, ignoring (which also reads the messages)', async () => {
		const db = new ChatDb(`feed-${++dbCounter}`);
		await storeIncomingBatch(db, [received('a', 1)], stranger);
		const feed = feedOf(db);
		await recordPeer(db, BOB, { name: 'Robert', seenAt: 5 });
		await setVerifiedKey(db, BOB, new Uint8Array([1]));
		await setContactState(db, BOB, 'ignored', 6);
		expect(feed.map((changes) => changes.users?.[0])).toMatchObject([{ name: 'Robert' }, { verifiedKey: new Uint8Array([1]) }, { state: 'ignored', unread: 0 }]);
		expect(feed[2]!.messages).toMatchObject([{ text: 'a', unread: 0 }]);
		await saveContact(db, { peerId: BOB, placeholderName: 'bob', now: 7 });
		expect(feed[3]!.users).toMatchObject([{ state: 'contact' }]);
	});

	it('deleting a conversation: cleared, with the kept contact row at zero unread', async () => {
		const db = await withContact();
		await storeIncomingBatch(db, [received('a', 1)], stranger);
		const feed = feedOf(db);
		await deleteConversation(db, BOB);
		expect(feed).toMatchObject([{ messages: [], cleared: [BOB], users: [{ peerId: BOB, unread: 0 }] }]);
		expect((await db.users.get(BOB))?.preview).toBeUndefined();
	});
});
