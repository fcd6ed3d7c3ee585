import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { storedCounts } from '../../../src/lib/db/storage-queries';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

const BOB = 'bob-peer' as PeerId;

describe('storedCounts: the figures the storage settings show', () => {
	it('counts messages in both directions and everyone in the address book', async () => {
		const db = new ChatDb('storage-counts');
		expect(await storedCounts(db)).toEqual({ messages: 0, people: 0 });
		await db.users.bulkPut([
			{ peerId: BOB, name: 'Bob', state: 'contact', addedAt: 0, lastActivity: 0 },
			{ peerId: 'mallory' as PeerId, name: 'Mallory', state: 'blocked', addedAt: 0, lastActivity: 0 }
		]);
		await db.sender.put({ id: newMessageId(), conversationId: BOB, peerId: BOB, seq: 1, text: 'hi', time: 1, status: 'sent' });
		await db.receiver.bulkPut([
			{ id: newMessageId(), conversationId: BOB, peerId: BOB, seq: 1, text: 'hello', authoredAt: 2, time: 2, unread: 0 },
			{ id: newMessageId(), conversationId: BOB, peerId: BOB, seq: 2, text: 'again', authoredAt: 3, time: 3, unread: 1 }
		]);
		expect(await storedCounts(db)).toEqual({ messages: 3, people: 2 });
	});
});
