import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { REQUEST_MAX_MESSAGES, REQUEST_MAX_TEXT_CHARS, REQUESTS_MAX_MESSAGES, REQUESTS_MAX_PEERS } from '../../../src/lib/db/inbound-rules';
import { addOutgoing, markConversationRead, storeIncoming, storeIncomingBatch } from '../../../src/lib/db/queries';
import type { ReceivedRow, UserRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

// Storing received messages at the database: what each message of a batch comes to (stored,
// repeat, refused and why), the request quotas, the unread count, and where a message that
// overtook an earlier one is placed in the thread.

let dbCounter = 0;
const BOB = 'pbob' as PeerId;
const fresh = () => new ChatDb(`inbox-store-${++dbCounter}`);
let idClock = 1_700_000_000_000;
const nextId = (): MessageId => newMessageId(++idClock);
const user = (peerId: PeerId, state: UserRow['state'] = 'contact', extra: Partial<UserRow> = {}): UserRow => ({
	peerId,
	name: peerId,
	state,
	addedAt: 0,
	lastActivity: 0,
	...extra
});
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
const thread = async (db: ChatDb, peer: PeerId = BOB) =>
	(await db.receiver.where('[conversationId+time]').between([peer, -Infinity], [peer, Infinity]).toArray()).map((row) => row.text);

describe('a received batch', () => {
	it('stores new messages once each: a repeat in the batch or of a stored one is a duplicate', async () => {
		const db = fresh();
		const first = message(1);
		expect(await storeIncomingBatch(db, [first], () => user(BOB))).toEqual(['stored']);
		const second = message(2);
		expect(await storeIncomingBatch(db, [first, second, second], () => user(BOB))).toEqual(['duplicate', 'stored', 'duplicate']);
		expect(await thread(db)).toEqual(['m1', 'm2']);
		expect(await storeIncoming(db, first, () => user(BOB))).toBe('duplicate');
		expect(await storeIncomingBatch(db, [], () => user(BOB))).toEqual([]);
	});

	it("refuses as id-taken an id that is one of our messages or another author's message", async () => {
		const db = fresh();
		const ours = nextId();
		await addOutgoing(db, { id: ours, conversationId: BOB, peerId: BOB, text: 'mine', time: 1, seq: 1 });
		const carols = message(1, {}, 'pcarol' as PeerId);
		await storeIncoming(db, carols, () => user('pcarol' as PeerId));
		const results = await storeIncomingBatch(db, [message(1, { id: ours }), message(2, { id: carols.id }), message(3)], () => user(BOB));
		expect(results).toEqual(['id-taken', 'id-taken', 'stored']);
		expect(await thread(db)).toEqual(['m3']);
	});

	it('refuses everything from a blocked author and writes nothing, not even the contact row', async () => {
		const db = fresh();
		await db.users.put(user(BOB, 'blocked'));
		expect(await storeIncomingBatch(db, [message(1), message(2)], () => user(BOB))).toEqual(['refused', 'refused']);
		expect(await thread(db)).toEqual([]);
		expect((await db.users.get(BOB))?.lastActivity).toBe(0);
	});

	it('creates the contact row from the caller for a first message, with preview and unread count', async () => {
		const db = fresh();
		await storeIncomingBatch(db, [message(1), message(2, { unread: 0 }), message(3)], () => user(BOB, 'request'));
		const row = await db.users.get(BOB);
		expect(row).toMatchObject({ state: 'request', unread: 2, lastActivity: 1_003, preview: { text: 'm3', outgoing: false } });
	});

	it('previews the newest message by time, not the last one of the batch', async () => {
		const db = fresh();
		await storeIncomingBatch(db, [message(1, { time: 5_000, text: 'newest' }), message(2, { time: 4_000, text: 'older' })], () => user(BOB));
		expect(await db.users.get(BOB)).toMatchObject({ lastActivity: 5_000, preview: { text: 'newest', outgoing: false } });
	});

	it('stores messages of an ignored request read, and counts none as unread', async () => {
		const db = fresh();
		await db.users.put(user(BOB, 'ignored', { unread: 0 }));
		await storeIncomingBatch(db, [message(1)], () => user(BOB));
		expect((await db.receiver.toArray()).map((row) => row.unread)).toEqual([0]);
		expect((await db.users.get(BOB))?.unread).toBe(0);
	});
});

describe('a message that overtook an earlier one', () => {
	it('is placed before the next message of its author, after the one before it', async () => {
		const db = fresh();
		await storeIncomingBatch(db, [message(1, { time: 1_000 }), message(3, { time: 2_000 })], () => user(BOB));
		await storeIncomingBatch(db, [message(2, { time: 3_000, text: 'late' })], () => user(BOB));
		expect(await thread(db)).toEqual(['m1', 'late', 'm3']);
		const late = (await db.receiver.toArray()).find((row) => row.text === 'late');
		expect(late?.time).toBe(1_500);
	});

	it('goes just before the next one when nothing of the author is older', async () => {
		const db = fresh();
		await storeIncomingBatch(db, [message(3, { time: 2_000 })], () => user(BOB));
		await storeIncomingBatch(db, [message(2, { time: 3_000, text: 'late' })], () => user(BOB));
		const late = (await db.receiver.toArray()).find((row) => row.text === 'late');
		expect(late?.time).toBe(1_999.5);
	});

	it('keeps its own time when the next message is newer than it, or far older', async () => {
		const db = fresh();
		await storeIncomingBatch(db, [message(5, { time: 2_000 })], () => user(BOB));
		await storeIncomingBatch(db, [message(4, { time: 1_500, text: 'in order' })], () => user(BOB));
		await storeIncomingBatch(db, [message(9, { time: 10_000 })], () => user(BOB));
		await storeIncomingBatch(db, [message(8, { time: 10_000 + 5 * 60_000 + 1, text: 'much later' })], () => user(BOB));
		const times = Object.fromEntries((await db.receiver.toArray()).map((row) => [row.text, row.time]));
		expect(times['in order']).toBe(1_500);
		expect(times['much later']).toBe(10_000 + 5 * 60_000 + 1);
	});

	it('is placed by real clock times up to exactly the window, and when it claims the same time as the next', async () => {
		const db = fresh();
		const now = 1_700_000_000_000;
		await storeIncomingBatch(db, [message(3, { time: now })], () => user(BOB));
		await storeIncomingBatch(db, [message(2, { time: now + 5 * 60_000, text: 'at the window' })], () => user(BOB));
		await storeIncomingBatch(db, [message(4, { time: now + 60_000 }), message(6, { time: now + 60_000 })], () => user(BOB));
		await storeIncomingBatch(db, [message(5, { time: now + 60_000, text: 'same time' })], () => user(BOB));
		const times = Object.fromEntries((await db.receiver.toArray()).map((row) => [row.text, row.time]));
		expect(times['at the window']).toBe(now - 0.5);
		expect(times['same time']).toBe(now + 60_000 - 0.5);
	});
});

describe('request quotas', () => {
	it(`store at most ${REQUEST_MAX_MESSAGES} messages from one request`, async () => {
		const db = fresh();
		const batch = Array.from({ length: REQUEST_MAX_MESSAGES + 1 }, (_, i) => message(i + 1));
		const results = await storeIncomingBatch(db, batch, () => user(BOB, 'request'));
		expect(results.filter((result) => result === 'stored')).toHaveLength(REQUEST_MAX_MESSAGES);
		expect(results.at(-1)).toBe('over-quota');
		// A contact has no such cap (an unknown author counts as a request until it has a row).
		const other = 'pdora' as PeerId;
		await db.users.put(user(other));
		const many = Array.from({ length: REQUEST_MAX_MESSAGES + 1 }, (_, i) => message(i + 1, {}, other));
		expect((await storeIncomingBatch(db, many, () => user(other))).every((result) => result === 'stored')).toBe(true);
	});

	it(`store at most ${REQUEST_MAX_TEXT_CHARS} characters from one request`, async () => {
		const db = fresh();
		const half = 'x'.repeat(REQUEST_MAX_TEXT_CHARS / 2);
		const results = await storeIncomingBatch(db, [message(1, { text: half }), message(2, { text: half }), message(3, { text: 'y' })], () => user(BOB, 'request'));
		expect(results).toEqual(['stored', 'stored', 'over-quota']);
		expect(await storeIncomingBatch(db, [message(4, { text: '' })], () => user(BOB, 'request'))).toEqual(['stored']);
	});

	it(`admit at most ${REQUESTS_MAX_PEERS} requests at once, but let a request already stored go on`, async () => {
		const db = fresh();
		const peers = Array.from({ length: REQUESTS_MAX_PEERS + 1 }, (_, i) => `preq${i}` as PeerId);
		for (const peer of peers.slice(0, REQUESTS_MAX_PEERS)) await storeIncomingBatch(db, [message(1, {}, peer)], () => user(peer, 'request'));
		const last = peers.at(-1)!;
		expect(await storeIncomingBatch(db, [message(1, {}, last)], () => user(last, 'request'))).toEqual(['over-quota']);
		expect(await storeIncomingBatch(db, [message(2, {}, peers[0]!)], () => user(peers[0]!, 'request'))).toEqual(['stored']);
	});

	it(`store at most ${REQUESTS_MAX_MESSAGES} messages across all requests`, async () => {
		const db = fresh();
		const fullRequests = REQUESTS_MAX_MESSAGES / REQUEST_MAX_MESSAGES - 1;
		for (let p = 0; p < fullRequests; p++) {
			const peer = `pfull${p}` as PeerId;
			await db.users.put(user(peer, 'request'));
			await db.receiver.bulkAdd(Array.from({ length: REQUEST_MAX_MESSAGES }, (_, i) => message(i + 1, {}, peer)));
		}
		const batch = Array.from({ length: REQUEST_MAX_MESSAGES }, (_, i) => message(i + 1));
		await db.receiver.add(message(0, {}, 'pcontact' as PeerId));
		const results = await storeIncomingBatch(db, batch, () => user(BOB, 'request'));
		expect(results.filter((result) => result === 'stored')).toHaveLength(REQUEST_MAX_MESSAGES);
		const one = 'pone' as PeerId;
		expect(await storeIncomingBatch(db, [message(1, {}, one)], () => user(one, 'request'))).toEqual(['over-quota']);
	});
});

describe('marking a conversation read', () => {
	it('clears its unread messages and the count, and leaves other conversations alone', async () => {
		const db = fresh();
		const carol = 'pcarol' as PeerId;
		await storeIncomingBatch(db, [message(1), message(2)], () => user(BOB));
		await storeIncomingBatch(db, [message(1, {}, carol)], () => user(carol));
		const seen: number[] = [];
		db.changes.subscribe((changes) => void seen.push(changes.messages.length));
		await markConversationRead(db, BOB);
		expect(await db.receiver.where('[conversationId+unread]').equals([BOB, 1]).count()).toBe(0);
		expect((await db.users.get(BOB))?.unread).toBe(0);
		expect((await db.users.get(carol))?.unread).toBe(1);
		expect(seen).toEqual([2]);
		await markConversationRead(db, BOB);
		expect(seen).toEqual([2]);
	});

	it('clears unread rows of a conversation without a contact row', async () => {
		const db = fresh();
		await db.receiver.add(message(1));
		await markConversationRead(db, BOB);
		expect(await db.receiver.where('[conversationId+unread]').equals([BOB, 1]).count()).toBe(0);
	});
});
