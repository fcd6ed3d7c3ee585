import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import {
	DELETED_PREVIEW,
	addOutgoing,
	applyIncomingDelete,
	applyIncomingEdit,
	deleteForMe,
	deleteOwnMessage,
	editHistoryOf,
	editOwnMessage,
	markAcked,
	pendingEditsFor,
	pendingFor,
	setContactState,
	storeIncoming
} from '../../../src/lib/db/queries';
import type { ReceivedRow, UserRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

// Deleting at the database: for everyone (a tombstone that beats every version, both ways) and
// for me (gone from this device). Each refusal writes nothing, so nothing is acked.

let dbCounter = 0;
const BOB = 'pbobbobbobbobbobbobbobbobbobbobbobbobbobbobbo' as PeerId;
const CAROL = 'pcarolcarolcarolcarolcarolcarolcarolcarolcar' as PeerId;
let idClock = Date.now();
const id = (): MessageId => newMessageId(++idClock);
const freshDb = () => new ChatDb(`deletes-${++dbCounter}`);
const contact = (peerId: PeerId, state: UserRow['state'] = 'contact'): UserRow => ({ peerId, name: 'b', state, addedAt: 0, lastActivity: 0 });

async function sent(db: ChatDb, text: string, time: number): Promise<MessageId> {
	const messageId = id();
	await db.users.put(contact(BOB));
	await addOutgoing(db, { id: messageId, conversationId: BOB, peerId: BOB, text, time, seq: time });
	return messageId;
}

async function received(db: ChatDb, text: string, time: number, state: UserRow['state'] = 'contact', author = BOB): Promise<MessageId> {
	const messageId = id();
	const row: ReceivedRow = { id: messageId, conversationId: author, peerId: author, seq: time, text, authoredAt: time, time, unread: 1 };
	await storeIncoming(db, row, () => contact(author, state));
	return messageId;
}

const del = (target: MessageId, extra: Partial<Parameters<typeof applyIncomingDelete>[1]> = {}) => ({ id: id(), target, author: BOB, authoredAt: 100, now: 500, ...extra });

function published(db: ChatDb): StoredChanges[] {
	const seen: StoredChanges[] = [];
	db.changes.subscribe((changes) => seen.push(changes));
	return seen;
}

describe('deleting one of our own messages for everyone', () => {
	it('leaves a tombstone without text or versions and queues one delete frame', async () => {
		const db = freshDb();
		const target = await sent(db, 'secret plans', 10);
		await editOwnMessage(db, { editId: id(), target, text: 'secret plans v2', now: 20 });
		const changes = published(db);
		const row = await deleteOwnMessage(db, { deleteId: id(), target, now: 30 });
		expect(row).toMatchObject({ target, kind: 'delete', text: '', status: 'pending' });
		const message = await db.sender.get(target);
		expect(message).toMatchObject({ text: '', deletedAt: 30 });
		expect(message?.version).toBeUndefined();
		// The pending edit carried the new text: it is gone, and only the delete waits to be sent.
		expect(await pendingEditsFor(db, BOB)).toEqual([row]);
		expect((await editHistoryOf(db, target)).map((version) => version.text)).toEqual(['']);
		expect(JSON.stringify(await db.edits.toArray())).not.toContain('secret');
		expect(changes.at(-1)?.messages[0]).toMatchObject({ id: target, text: '', direction: 'out' });
		expect((await db.users.get(BOB))?.preview).toEqual({ text: DELETED_PREVIEW, outgoing: true });
	});

	it('takes a pending message out of the outbox: only the delete reaches the peer', async () => {
		const db = freshDb();
		const target = await sent(db, 'oops', 10);
		expect(await pendingFor(db, BOB)).toHaveLength(1);
		await deleteOwnMessage(db, { deleteId: id(), target, now: 20 });
		expect(await pendingFor(db, BOB)).toEqual([]);
	});

	it('is acked like an edit, and can be neither repeated nor edited afterwards', async () => {
		const db = freshDb();
		const target = await sent(db, 'x', 10);
		const row = await deleteOwnMessage(db, { deleteId: id(), target, now: 20 });
		await markAcked(db, BOB, [row!.id], 30);
		expect(await pendingEditsFor(db, BOB)).toEqual([]);
		expect(await deleteOwnMessage(db, { deleteId: id(), target, now: 40 })).toBeNull();
		expect(await editOwnMessage(db, { editId: id(), target, text: 'back from the dead', now: 50 })).toBeNull();
		expect((await db.sender.get(target))?.text).toBe('');
	});
});

describe('a received delete for everyone', () => {
	it('wipes the text and every version, and counts the message as read', async () => {
		const db = freshDb();
		const target = await received(db, 'hello', 10);
		await applyIncomingEdit(db, { id: id(), target, version: 1, text: 'hello again', author: BOB, authoredAt: 20, now: 30 });
		const changes = published(db);
		expect(await applyIncomingDelete(db, del(target))).toBe('applied');
		const row = await db.receiver.get(target);
		expect(row).toMatchObject({ text: '', deletedAt: 500, unread: 0 });
		expect(JSON.stringify(await db.editHistory.toArray())).not.toContain('hello');
		expect((await db.users.get(BOB))?.unread).toBe(0);
		expect((await db.users.get(BOB))?.preview?.text).toBe(DELETED_PREVIEW);
		expect(changes.at(-1)?.messages[0]).toMatchObject({ id: target, text: '', direction: 'in' });
	});

	it('beats every later edit: acked as a duplicate, nothing written', async () => {
		const db = freshDb();
		const target = await received(db, 'hello', 10);
		await applyIncomingDelete(db, del(target));
		expect(await applyIncomingEdit(db, { id: id(), target, version: 9, text: 'resurrected', author: BOB, authoredAt: 20, now: 600 })).toBe('duplicate');
		expect((await db.receiver.get(target))?.text).toBe('');
		expect(JSON.stringify(await db.editHistory.toArray())).not.toContain('resurrected');
	});

	it('arriving before its message plants a tombstone the message cannot replace', async () => {
		const db = freshDb();
		await db.users.put(contact(BOB));
		const target = id();
		expect(await applyIncomingDelete(db, del(target))).toBe('planted');
		const late: ReceivedRow = { id: target, conversationId: BOB, peerId: BOB, seq: 1, text: 'too late', authoredAt: 1, time: 600, unread: 1 };
		expect(await storeIncoming(db, late, () => contact(BOB))).toBe('duplicate');
		expect(await db.receiver.get(target)).toMatchObject({ text: '', seq: 0, unread: 0 });
	});

	it('is acked again when repeated, and changes nothing', async () => {
		const db = freshDb();
		const target = await received(db, 'hello', 10);
		const frame = del(target);
		await applyIncomingDelete(db, frame);
		expect(await applyIncomingDelete(db, frame)).toBe('duplicate');
		expect(await applyIncomingDelete(db, del(target))).toBe('duplicate');
	});

	it('is refused as not-author for our own message or someone else\'s', async () => {
		const db = freshDb();
		const ours = await sent(db, 'mine', 10);
		const carols = await received(db, 'carol wrote this', 11, 'contact', CAROL);
		expect(await applyIncomingDelete(db, del(ours))).toBe('not-author');
		expect(await applyIncomingDelete(db, del(carols))).toBe('not-author');
		expect((await db.sender.get(ours))?.text).toBe('mine');
		expect((await db.receiver.get(carols))?.text).toBe('carol wrote this');
	});

	it('is refused as id-taken when its id is a message or one of our edits', async () => {
		const db = freshDb();
		const target = await received(db, 'hello', 10);
		const other = await received(db, 'other', 11);
		expect(await applyIncomingDelete(db, { ...del(target), id: other })).toBe('id-taken');
		const ours = await sent(db, 'mine', 12);
		const edit = await editOwnMessage(db, { editId: id(), target: ours, text: 'mine!', now: 13 });
		expect(await applyIncomingDelete(db, { ...del(target), id: edit!.id })).toBe('id-taken');
		expect((await db.receiver.get(target))?.text).toBe('hello');
	});

	it('obeys the block rules by its date', async () => {
		const db = freshDb();
		const target = await received(db, 'hello', 10);
		await setContactState(db, BOB, 'blocked', 200);
		expect(await applyIncomingDelete(db, del(target))).toBe('refused');
		await setContactState(db, BOB, 'contact', 300);
		expect(await applyIncomingDelete(db, del(target, { authoredAt: 250, now: 400 }))).toBe('refused');
		expect((await db.receiver.get(target))?.text).toBe('hello');
		expect(await applyIncomingDelete(db, del(target, { authoredAt: 350, now: 400 }))).toBe('applied');
	});

	it('from a message request plants no tombstone for a message it never sent (acked, nothing stored)', async () => {
		const db = freshDb();
		await db.users.put(contact(BOB, 'request'));
		expect(await applyIncomingDelete(db, del(id()))).toBe('absent');
		expect(await db.receiver.count()).toBe(0);
	});
});

describe('delete for me', () => {
	it('removes a received message, its versions, its preview and its unread count', async () => {
		const db = freshDb();
		const target = await received(db, 'private words', 10);
		await applyIncomingEdit(db, { id: id(), target, version: 1, text: 'private words 2', author: BOB, authoredAt: 20, now: 30 });
		const changes = published(db);
		expect(await deleteForMe(db, target)).toBe(true);
		expect(await db.receiver.get(target)).toBeUndefined();
		expect(await editHistoryOf(db, target)).toEqual([]);
		const user = await db.users.get(BOB);
		expect(user?.preview).toBeUndefined();
		expect(user?.unread).toBe(0);
		expect(changes.at(-1)?.cleared).toEqual([BOB]);
		expect(await deleteForMe(db, target)).toBe(false);
	});

	it('removes one of ours with its pending edits: nothing is sent', async () => {
		const db = freshDb();
		const target = await sent(db, 'draft', 10);
		await editOwnMessage(db, { editId: id(), target, text: 'draft 2', now: 20 });
		expect(await deleteForMe(db, target)).toBe(true);
		expect(await db.sender.get(target)).toBeUndefined();
		expect(await pendingFor(db, BOB)).toEqual([]);
		expect(await pendingEditsFor(db, BOB)).toEqual([]);
	});
});
