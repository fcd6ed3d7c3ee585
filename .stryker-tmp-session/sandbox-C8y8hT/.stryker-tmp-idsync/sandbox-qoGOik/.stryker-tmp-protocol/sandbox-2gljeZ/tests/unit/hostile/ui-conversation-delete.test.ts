// @ts-nocheck
// 
// 
import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { deleteConversation, listStrayData } from '../../../src/lib/db/conversation-delete';
import type { ContactState, EditHistoryRow, ReceivedRow, SentRow } from '../../../src/lib/db/schema';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

const MALLORY = 'pmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm' as PeerId;
const BOB = 'pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as PeerId;
let counter = 0;
const opened: ChatDb[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

/** A conversation as a hostile peer leaves it: messages, edits of them, and edits aimed at nothing. */
async function seed(db: ChatDb, peer: PeerId, state: ContactState): Promise<void> {
	await db.users.put({ peerId: peer, name: 'x', state, addedAt: 1, lastActivity: 5, preview: { text: 'hi', outgoing: false } });
	const received: ReceivedRow[] = [1, 2, 3].map((n) => ({ id: `${peer}-in-${n}` as MessageId, conversationId: peer, peerId: peer, seq: n, text: 'spam', authoredAt: n, time: n, unread: 1 }));
	const sent: SentRow = { id: `${peer}-out-1` as MessageId, conversationId: peer, peerId: peer, seq: 1, text: 'hello', time: 4, status: 'pending' };
	const history: EditHistoryRow[] = [
		{ id: `${peer}-e1`, target: received[0]!.id, author: peer, version: 1, text: 'edited', time: 6 },
		{ id: `${peer}-e2`, target: 'nothing-like-this' as MessageId, author: peer, version: 1, text: 'orphan', time: 7 },
		{ id: `${peer}-e3`, target: sent.id, author: 'self', version: 1, text: 'mine', time: 8 }
	];
	await db.receiver.bulkAdd(received);
	await db.sender.add(sent);
	await db.edits.add({ id: `${peer}-edit` as MessageId, target: sent.id, peerId: peer, version: 1, text: 'mine', time: 8, status: 'pending' });
	await db.editHistory.bulkAdd(history);
}

async function open(): Promise<ChatDb> {
	const db = new ChatDb(`delete-${++counter}`);
	opened.push(db);
	await seed(db, MALLORY, 'blocked');
	await seed(db, BOB, 'contact');
	return db;
}

async function leftOf(db: ChatDb, peer: PeerId) {
	const [sent, received, edits, history] = await Promise.all([
		db.sender.where('id').startsWith(peer).count(),
		db.receiver.where('id').startsWith(peer).count(),
		db.edits.where('id').startsWith(peer).count(),
		db.editHistory.where('id').startsWith(peer).count()
	]);
	return { sent, received, edits, history };
}

describe('deleteConversation: the user can remove what any peer left', () => {
	it('removes every row of that peer, keeps the block, touches no one else', async () => {
		const db = await open();
		const result = await deleteConversation(db, MALLORY);
		expect(result.messageIds).toHaveLength(4);
		expect(await leftOf(db, MALLORY)).toEqual({ sent: 0, received: 0, edits: 0, history: 0 });
		const mallory = await db.users.get(MALLORY);
		expect(mallory?.state).toBe('blocked');
		expect(mallory?.preview).toBeUndefined();
		expect(await leftOf(db, BOB)).toEqual({ sent: 1, received: 3, edits: 1, history: 3 });
	});

	it("removes a stranger's request row with it, keeps a contact's", async () => {
		const db = await open();
		await db.users.update(MALLORY, { state: 'request' });
		expect((await deleteConversation(db, MALLORY)).personRemoved).toBe(true);
		expect(await db.users.get(MALLORY)).toBeUndefined();
		expect((await deleteConversation(db, BOB)).personRemoved).toBe(false);
		expect((await db.users.get(BOB))?.state).toBe('contact');
	});

	it('removes edits stored for a peer with no contact row at all', async () => {
		const db = await open();
		await db.users.delete(MALLORY);
		await deleteConversation(db, MALLORY);
		expect(await leftOf(db, MALLORY)).toEqual({ sent: 0, received: 0, edits: 0, history: 0 });
	});
});

describe('listStrayData: what peers with no row in the list left', () => {
	it('finds messages and edits from people not in the address book, and deleting clears them', async () => {
		const db = await open();
		await db.users.delete(MALLORY);
		expect(await listStrayData(db)).toEqual([{ peerId: MALLORY, messages: 3, edits: 2 }]);
		await deleteConversation(db, MALLORY);
		expect(await listStrayData(db)).toEqual([]);
		expect(await leftOf(db, BOB)).toEqual({ sent: 1, received: 3, edits: 1, history: 3 });
	});
});
