// @ts-nocheck
// 
// 
import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { ReceivedRow, SentRow, ThreadMessage } from '../../../src/lib/db/schema';
import { messagesSince, olderPage, openThread, threadRowKey } from '../../../src/lib/db/thread-queries';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { reuseUnchanged } from '../../../src/lib/state/reuse-unchanged';

const BOB = 'pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as PeerId;
const ECHOED = 'echoed-id' as MessageId;
const opened: ChatDb[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

/** One of our ids sent back by the peer as theirs: the same id in both tables. */
async function echoed(): Promise<ChatDb> {
	const db = new ChatDb(`thread-${opened.length}-${Date.now()}`);
	opened.push(db);
	const mine: SentRow = { id: ECHOED, conversationId: BOB, peerId: BOB, seq: 1, text: 'mine', time: 100, status: 'sent' };
	const theirs: ReceivedRow = { id: ECHOED, conversationId: BOB, peerId: BOB, seq: 1, text: 'theirs', authoredAt: 100, time: 100, unread: 0 };
	await db.sender.add(mine);
	await db.receiver.add(theirs);
	return db;
}

describe('a thread holds both rows of an id stored both ways, each with its own key', () => {
	it('every query returns both rows, in one stable order, with distinct keys', async () => {
		const db = await echoed();
		const views = [(await openThread(db, BOB, 10)).rows, await messagesSince(db, BOB, -Infinity), (await olderPage(db, BOB, 1000, 10)).rows];
		for (const rows of views) {
			expect(rows.map((row) => row.text)).toEqual(['theirs', 'mine']);
			expect(new Set(rows.map(threadRowKey)).size).toBe(2);
		}
	});

	it('reusing unchanged rows keeps both apart', async () => {
		const db = await echoed();
		const reuse = reuseUnchanged<ThreadMessage>(threadRowKey);
		const first = reuse(await messagesSince(db, BOB, -Infinity));
		const second = reuse(await messagesSince(db, BOB, -Infinity));
		expect(second[0]).toBe(first[0]);
		expect(second[1]).toBe(first[1]);
		expect(second.map((row) => row.text)).toEqual(['theirs', 'mine']);
	});
});
