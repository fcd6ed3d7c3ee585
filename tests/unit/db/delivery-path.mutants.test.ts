import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import { sentMessage } from '../../../src/lib/db/delivery-marks';
import { applyIncomingEdit, editHistoryOf } from '../../../src/lib/db/edit-queries';
import { REQUEST_MAX_TEXT_CHARS } from '../../../src/lib/db/inbound-rules';
import { addOutgoing, markAcked, markConversationRead, storeIncoming, storeIncomingBatch } from '../../../src/lib/db/queries';
import type { FileRow } from '../../../src/lib/db/file-rows';
import type { ReceivedRow, UserRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

// The delivery path's queries beyond inbox-store, edit-queries and delivery-marks tests: what
// Stryker left alive with the db tests. Each checked red by hand against its mutant.

let dbCounter = 0;
const BOB = 'pbob' as PeerId;
const fresh = () => new ChatDb(`delivery-path-mutants-${++dbCounter}`);
let idClock = 1_700_000_000_000;
const nextId = (): MessageId => newMessageId(++idClock);
const user = (peerId: PeerId, state: UserRow['state'], extra: Partial<UserRow> = {}): UserRow => ({ peerId, name: peerId, state, addedAt: 0, lastActivity: 0, ...extra });
const message = (seq: number, extra: Partial<ReceivedRow> = {}, author: PeerId = BOB): ReceivedRow => ({
	id: nextId(),
	conversationId: author,
	peerId: author,
	seq,
	text: `m${seq}`,
	authoredAt: 1_000 + seq,
	time: 1_000 + seq,
	unread: 1,
	...extra
});
const fileOf = (messageId: MessageId): FileRow => ({
	messageId,
	conversationId: BOB,
	direction: 'in',
	peerId: BOB,
	hash: 'ab'.repeat(32),
	key: new Uint8Array(32),
	name: 'photo.jpg',
	type: 'image/jpeg',
	size: 10,
	chunks: 1,
	state: 'receiving',
	have: [],
	time: 1
});
const edit = (target: MessageId, version: number, text: string, author: PeerId = BOB) => ({ id: nextId(), target, version, text, author, authoredAt: 2_000, now: 2_000 });

function changesOf(db: ChatDb): StoredChanges[] {
	const seen: StoredChanges[] = [];
	db.changes.subscribe((changes) => void seen.push(changes));
	return seen;
}

describe('storing received messages', () => {
	it('says a single new message was stored', async () => {
		const db = fresh();
		const row = message(1);
		expect(await storeIncoming(db, row, () => user(BOB, 'contact'))).toBe('stored');
		expect(await storeIncoming(db, row, () => user(BOB, 'contact'))).toBe('duplicate');
	});

	it('stores a file row with its message, fetched at once for a contact', async () => {
		const db = fresh();
		await db.users.put(user(BOB, 'contact'));
		const row = message(1, { text: '', kind: 'file', fileName: 'photo.jpg' });
		await storeIncomingBatch(db, [message(2), row], () => user(BOB, 'contact'), new Map([[row.id, fileOf(row.id)]]));
		expect((await db.files.get(row.id))?.state).toBe('receiving');
	});

	it("lands a group member's direct message as a request: file waiting, quotas, row in state 'request'", async () => {
		const db = fresh();
		await db.users.put(user(BOB, 'group'));
		const row = message(1, { text: '', kind: 'file', fileName: 'photo.jpg' });
		expect(await storeIncomingBatch(db, [row], () => user(BOB, 'contact'), new Map([[row.id, fileOf(row.id)]]))).toEqual(['stored']);
		expect(await db.files.get(row.id)).toMatchObject({ state: 'waiting', problem: 'request' });
		expect((await db.users.get(BOB))?.state).toBe('request');
		expect(await storeIncomingBatch(db, [message(2, { text: 'x'.repeat(REQUEST_MAX_TEXT_CHARS + 1) })], () => user(BOB, 'contact'))).toEqual(['over-quota']);
	});

	it("charges a request's quota with its own text only, not other conversations' messages or edits", async () => {
		const db = fresh();
		const other = '0-other' as PeerId;
		// Another conversation (sorting before the request's) holds a quota's worth of text and of edits.
		const theirs = message(1, { text: 'y'.repeat(REQUEST_MAX_TEXT_CHARS) }, other);
		await db.receiver.add(theirs);
		await db.editHistory.add({ id: `${other}:${nextId()}`, target: theirs.id, author: other, version: 1, text: 'z'.repeat(REQUEST_MAX_TEXT_CHARS), time: 1 });
		await db.users.put(user(BOB, 'request'));
		const mine = message(1, { text: 'hello' });
		expect(await storeIncomingBatch(db, [mine], () => user(BOB, 'request'))).toEqual(['stored']);
		expect(await applyIncomingEdit(db, edit(mine.id, 1, 'hello again'))).toBe('applied');
	});
});

describe('marking a conversation read', () => {
	it('publishes nothing for a conversation with nothing unread and no contact row', async () => {
		const db = fresh();
		const seen = changesOf(db);
		await markConversationRead(db, 'nobody');
		expect(seen).toEqual([]);
	});

	it("clears a contact's unread count even when no unread message is left", async () => {
		const db = fresh();
		await db.users.put(user(BOB, 'contact', { unread: 3 }));
		await markConversationRead(db, BOB);
		expect((await db.users.get(BOB))?.unread).toBe(0);
	});

	it('reads the messages of a conversation that has no contact row', async () => {
		const db = fresh();
		const row = message(1, {}, 'a-group-conversation' as PeerId);
		await db.receiver.add(row);
		await markConversationRead(db, row.conversationId);
		expect((await db.receiver.get(row.id))?.unread).toBe(0);
		expect(await db.users.count()).toBe(0);
	});
});

describe('received edits', () => {
	it('keeps the original text once, as version 0, over several edits', async () => {
		const db = fresh();
		await db.users.put(user(BOB, 'contact'));
		const original = message(1, { text: 'first words' });
		await storeIncomingBatch(db, [original], () => user(BOB, 'contact'));
		expect(await applyIncomingEdit(db, edit(original.id, 1, 'second words'))).toBe('applied');
		expect(await applyIncomingEdit(db, edit(original.id, 2, 'third words'))).toBe('applied');
		expect((await editHistoryOf(db, original.id)).map((row) => [row.version, row.text])).toEqual([
			[0, 'first words'],
			[1, 'second words'],
			[2, 'third words']
		]);
	});

	it('records no version 0 for a message that arrived already edited (its first text is unknown)', async () => {
		const db = fresh();
		await db.users.put(user(BOB, 'contact'));
		const arrived = message(1, { text: 'edited once', version: 1 });
		await storeIncomingBatch(db, [arrived], () => user(BOB, 'contact'));
		expect(await applyIncomingEdit(db, edit(arrived.id, 2, 'edited twice'))).toBe('applied');
		expect((await editHistoryOf(db, arrived.id)).map((row) => row.version)).toEqual([2]);
	});

	it('tells the thread the new text of an applied edit, and the list nothing when the preview stays', async () => {
		const db = fresh();
		await db.users.put(user(BOB, 'contact'));
		const original = message(1, { text: 'before' });
		await storeIncomingBatch(db, [original, message(2, { text: 'newest' })], () => user(BOB, 'contact'));
		const seen = changesOf(db);
		await applyIncomingEdit(db, edit(original.id, 1, 'after'));
		expect(seen.flatMap((changes) => changes.messages).map((row) => [row.id, row.text, row.direction])).toEqual([[original.id, 'after', 'in']]);
		expect(seen.flatMap((changes) => changes.users ?? [])).toEqual([]);
	});

	it("keeps each message's own original text when several messages are edited", async () => {
		const db = fresh();
		await db.users.put(user(BOB, 'contact'));
		const [one, two] = [message(1, { text: 'one' }), message(2, { text: 'two' })];
		await storeIncomingBatch(db, [one, two], () => user(BOB, 'contact'));
		expect(await applyIncomingEdit(db, edit(one.id, 1, 'one, edited'))).toBe('applied');
		expect(await applyIncomingEdit(db, edit(two.id, 1, 'two, edited'))).toBe('applied');
		expect((await editHistoryOf(db, two.id)).map((row) => row.text)).toEqual(['two', 'two, edited']);
	});
});

describe('writing our own messages', () => {
	it('writes a file message with its file row, previewed by the file name in words', async () => {
		const db = fresh();
		await db.users.put(user(BOB, 'contact'));
		const id = nextId();
		const text = nextId();
		const file = { ...fileOf(id), direction: 'out' as const, name: 'holiday.jpg', state: 'sending' as const };
		await Promise.all([
			addOutgoing(db, { id: text, conversationId: BOB, peerId: BOB, text: 'look', time: 1, seq: 1 }),
			addOutgoing(db, { id, conversationId: BOB, peerId: BOB, text: '', time: 2, seq: 2, kind: 'file', fileName: 'holiday.jpg', file })
		]);
		expect((await db.files.get(id))?.name).toBe('holiday.jpg');
		expect(await db.files.get(text)).toBeUndefined();
		expect((await db.users.get(BOB))?.preview).toEqual({ text: 'File: holiday.jpg', outgoing: true });
	});
});

describe('a sent message as shown', () => {
	it('shows sent once the in-order ack moved the delivery mark over it', async () => {
		const db = fresh();
		const id = nextId();
		await addOutgoing(db, { id, conversationId: BOB, peerId: BOB, text: 'hi', time: 1, seq: 1 });
		await markAcked(db, BOB, [id], 2);
		expect((await sentMessage(db, id))?.status).toBe('sent');
	});
});
