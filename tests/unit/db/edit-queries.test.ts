import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import {
	addOutgoing,
	applyIncomingEdit,
	editHistoryOf,
	editOwnMessage,
	markAcked,
	pendingEditsFor,
	saveContact,
	storeIncoming
} from '../../../src/lib/db/queries';
import { REQUEST_MAX_TEXT_CHARS, REQUEST_MAX_VERSIONS } from '../../../src/lib/db/inbound-rules';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import type { ReceivedRow, UserRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

// Edits both ways, at the database: what the thread shows, which versions the history keeps,
// what the conversation list previews, and which edits are refused.

let dbCounter = 0;
const BOB = 'pbobbobbobbobbobbobbobbobbobbobbobbobbobbobbo' as PeerId;
const CAROL = 'pcarolcarolcarolcarolcarolcarolcarolcarolcar' as PeerId;
let idClock = Date.now();
const id = (): MessageId => newMessageId(++idClock);

function freshDb(): ChatDb {
	return new ChatDb(`edits-${++dbCounter}`);
}

async function sent(db: ChatDb, text: string, time: number): Promise<MessageId> {
	const messageId = id();
	await addOutgoing(db, { id: messageId, conversationId: BOB, peerId: BOB, text, time, seq: time });
	return messageId;
}

async function received(db: ChatDb, text: string, time: number, state: UserRow['state'] = 'contact', author = BOB): Promise<MessageId> {
	const messageId = id();
	const row: ReceivedRow = { id: messageId, conversationId: author, peerId: author, seq: time, text, authoredAt: time, time, unread: 1 };
	await storeIncoming(db, row, () => ({ peerId: author, name: 'b', state, addedAt: 0, lastActivity: 0 }));
	return messageId;
}

const edit = (target: MessageId, version: number, text: string, extra: Partial<Parameters<typeof applyIncomingEdit>[1]> = {}) => ({
	id: id(),
	target,
	version,
	text,
	author: BOB,
	authoredAt: 100,
	now: 500,
	...extra
});

describe('editing one of our own messages', () => {
	it('changes the row, queues one pending edit per change and keeps the original as version 0', async () => {
		const db = freshDb();
		await saveContact(db, { peerId: BOB, placeholderName: 'b', now: 1 });
		const target = await sent(db, 'first', 10);
		const one = await editOwnMessage(db, { editId: id(), target, text: 'second', now: 20 });
		const two = await editOwnMessage(db, { editId: id(), target, text: 'third', now: 30 });
		expect([one?.version, two?.version]).toEqual([1, 2]);
		expect(one).toMatchObject({ target, peerId: BOB, text: 'second', time: 20, status: 'pending' });
		expect(await db.sender.get(target)).toMatchObject({ text: 'third', version: 2, editedAt: 30 });
		expect((await pendingEditsFor(db, BOB)).map((row) => row.text)).toEqual(['second', 'third']);
		const history = await editHistoryOf(db, target);
		expect(history.map((row) => [row.version, row.text, row.author, row.time])).toEqual([
			[0, 'first', 'self', 10],
			[1, 'second', 'self', 20],
			[2, 'third', 'self', 30]
		]);
		// The message was the newest in the conversation, so the list previews the new text.
		expect((await db.users.get(BOB))?.preview).toEqual({ text: 'third', outgoing: true });
	});

	it('changes nothing for an unknown message or an edit to the same text', async () => {
		const db = freshDb();
		const target = await sent(db, 'same', 10);
		expect(await editOwnMessage(db, { editId: id(), target: id(), text: 'x', now: 20 })).toBeNull();
		expect(await editOwnMessage(db, { editId: id(), target, text: 'same', now: 20 })).toBeNull();
		expect(await db.edits.count()).toBe(0);
		expect(await db.sender.get(target)).not.toHaveProperty('editedAt');
	});

	it('leaves the preview alone when an older message is edited', async () => {
		const db = freshDb();
		await saveContact(db, { peerId: BOB, placeholderName: 'b', now: 1 });
		const older = await sent(db, 'older', 10);
		await sent(db, 'newest', 20);
		await editOwnMessage(db, { editId: id(), target: older, text: 'older, edited', now: 30 });
		expect((await db.users.get(BOB))?.preview).toEqual({ text: 'newest', outgoing: true });
	});

	it('keeps each message its own original, tells the list only of a new preview, and queues edits per peer', async () => {
		const db = freshDb();
		await saveContact(db, { peerId: BOB, placeholderName: 'b', now: 1 });
		const older = await sent(db, 'older', 10);
		const newest = await sent(db, 'newest', 20);
		const ALICE = 'palice' as PeerId; // sorts before BOB in the [peerId+status+time] index
		const alices = id();
		await addOutgoing(db, { id: alices, conversationId: ALICE, peerId: ALICE, text: 'to alice', time: 5, seq: 1 });
		const feed: StoredChanges[] = [];
		db.changes.subscribe((changes) => feed.push(changes));
		await editOwnMessage(db, { editId: id(), target: older, text: 'older, edited', now: 30 });
		await editOwnMessage(db, { editId: id(), target: newest, text: 'newest, edited', now: 40 });
		await editOwnMessage(db, { editId: id(), target: alices, text: 'to alice, edited', now: 50 });
		expect((await editHistoryOf(db, older)).map((row) => row.text)).toEqual(['older', 'older, edited']);
		expect((await editHistoryOf(db, newest)).map((row) => row.text)).toEqual(['newest', 'newest, edited']);
		expect(feed[0]!.users).toEqual([]);
		expect(feed[1]!.users).toMatchObject([{ peerId: BOB, preview: { text: 'newest, edited', outgoing: true } }]);
		expect((await pendingEditsFor(db, BOB)).map((row) => row.text)).toEqual(['older, edited', 'newest, edited']);
	});

	it('is sent once its peer acks the edit, counted with the acked messages; another peer cannot ack it', async () => {
		const db = freshDb();
		const target = await sent(db, 'hello', 10);
		const ALICE = 'palice' as PeerId; // sorts before BOB in the [peerId+status+time] index
		const alices = id();
		await addOutgoing(db, { id: alices, conversationId: ALICE, peerId: ALICE, text: 'to alice', time: 5, seq: 1 });
		const bobsEdit = (await editOwnMessage(db, { editId: id(), target, text: 'hello!', now: 20 }))!;
		const alicesEdit = (await editOwnMessage(db, { editId: id(), target: alices, text: 'to alice!', now: 30 }))!;
		expect(await markAcked(db, BOB, [target, bobsEdit.id], 40)).toBe(2);
		expect(await pendingEditsFor(db, BOB)).toEqual([]);
		expect(await markAcked(db, BOB, [alicesEdit.id], 50)).toBe(0);
		expect((await pendingEditsFor(db, ALICE)).map((row) => row.id)).toEqual([alicesEdit.id]);
	});
});

describe('an edit from a peer', () => {
	it('is applied with its version, keeps the original once and updates the preview of the newest message', async () => {
		const db = freshDb();
		const target = await received(db, 'hello', 10);
		const first = edit(target, 1, 'hello!');
		expect(await applyIncomingEdit(db, first)).toBe('applied');
		expect(await applyIncomingEdit(db, edit(target, 2, 'hello!!', { now: 600 }))).toBe('applied');
		expect(await db.receiver.get(target)).toMatchObject({ text: 'hello!!', version: 2, editedAt: 600 });
		const history = await editHistoryOf(db, target);
		expect(history.map((row) => [row.version, row.text, row.author])).toEqual([
			[0, 'hello', BOB],
			[1, 'hello!', BOB],
			[2, 'hello!!', BOB]
		]);
		expect(history[0]!.time).toBe(10);
		expect(history[1]!.time).toBe(500);
		expect((await db.users.get(BOB))?.preview).toEqual({ text: 'hello!!', outgoing: false });
	});

	it('is acked again but changes nothing when it arrives twice', async () => {
		const db = freshDb();
		const target = await received(db, 'hello', 10);
		const once = edit(target, 1, 'once');
		expect(await applyIncomingEdit(db, once)).toBe('applied');
		expect(await applyIncomingEdit(db, { ...once, text: 'twice' })).toBe('duplicate');
		expect((await db.receiver.get(target))?.text).toBe('once');
	});

	it('that is older than the shown version is kept in the history but does not change the text', async () => {
		const db = freshDb();
		const target = await received(db, 'v0', 10);
		await applyIncomingEdit(db, edit(target, 2, 'v2'));
		expect(await applyIncomingEdit(db, edit(target, 1, 'v1'))).toBe('superseded');
		expect((await db.receiver.get(target))?.text).toBe('v2');
		expect((await editHistoryOf(db, target)).map((row) => row.text)).toEqual(['v0', 'v1', 'v2']);
	});

	it('breaks a tie between two edits of the same version by edit id, whatever order they arrive in', async () => {
		const low = id();
		const high = id();
		for (const order of [
			[low, high],
			[high, low]
		]) {
			const db = freshDb();
			const target = await received(db, 'v0', 10);
			for (const editId of order) await applyIncomingEdit(db, { ...edit(target, 1, editId === high ? 'high' : 'low'), id: editId });
			expect((await db.receiver.get(target))?.text).toBe('high');
		}
	});

	it('of an older message leaves the preview of the newest one', async () => {
		const db = freshDb();
		const older = await received(db, 'older', 10);
		await received(db, 'newest', 20);
		await applyIncomingEdit(db, edit(older, 1, 'older, edited'));
		expect((await db.users.get(BOB))?.preview).toEqual({ text: 'newest', outgoing: false });
	});

	it('is refused when it reuses an id of ours or of a stored message, or targets our own message', async () => {
		const db = freshDb();
		const target = await received(db, 'theirs', 10);
		const ours = await sent(db, 'ours', 20);
		expect(await applyIncomingEdit(db, { ...edit(target, 1, 'x'), id: ours })).toBe('id-taken');
		expect(await applyIncomingEdit(db, { ...edit(target, 1, 'x'), id: target })).toBe('id-taken');
		expect(await applyIncomingEdit(db, edit(ours, 1, 'x'))).toBe('not-author');
		expect(await applyIncomingEdit(db, edit(target, 1, 'x', { author: CAROL }))).toBe('not-author');
		expect((await db.receiver.get(target))?.text).toBe('theirs');
		expect(await editHistoryOf(db, target)).toEqual([]);
	});

	it('from a request is refused past the version cap and past the character quota', async () => {
		const db = freshDb();
		const target = await received(db, 'hi', 10, 'request');
		for (let version = 1; version < REQUEST_MAX_VERSIONS; version++) {
			expect(await applyIncomingEdit(db, edit(target, version, `v${version}`))).toBe('applied');
		}
		expect(await applyIncomingEdit(db, edit(target, REQUEST_MAX_VERSIONS, 'one too many'))).toBe('over-quota');
		const other = await received(db, 'short', 20, 'request');
		const used = 'hi'.length + 'short'.length + (await db.editHistory.toArray()).filter((row) => row.id.startsWith(`${BOB}:`)).reduce((n, row) => n + row.text.length, 0);
		const fits = 'x'.repeat(REQUEST_MAX_TEXT_CHARS - used);
		expect(await applyIncomingEdit(db, edit(other, 1, `${fits}y`))).toBe('over-quota');
		expect(await applyIncomingEdit(db, edit(other, 1, fits))).toBe('applied');
	});
});
