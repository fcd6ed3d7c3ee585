import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { allSentMessages } from '../../../src/lib/db/delivery-marks';
import { hasPending, markAcked, restoreOutgoing } from '../../../src/lib/db/queries';
import type { EditRow, SentRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

// An ack is looked up in ONE read of the peer's oldest pending rows (its ids plus 64 rows of
// slack, for rows the peer never acks); only ids not found there are fetched one by one. These
// pin both halves: an ack for a row far behind a run of refused rows still moves exactly that
// row (and never another peer's), and an ack the read already covers costs no lookup by id.
// Whether a peer is owed anything (pending message or edit) decides whom the app dials.

const BOB = 'bob' as PeerId;
const CAROL = 'carol' as PeerId;
/** More pending rows than an ack of a few ids reads ahead (ACK_READ_SLACK_ROWS is 64). */
const REFUSED_ROWS = 100;
let dbCounter = 0;
const opened: ChatDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
	vi.restoreAllMocks();
});

async function fresh(): Promise<ChatDb> {
	const db = new ChatDb(`ack-lookups-${++dbCounter}`);
	opened.push(db);
	await db.users.bulkAdd([
		{ peerId: BOB, name: 'Bob', state: 'contact', addedAt: 0, lastActivity: 0 },
		{ peerId: CAROL, name: 'Carol', state: 'contact', addedAt: 0, lastActivity: 0 }
	]);
	return db;
}

const message = (peer: PeerId, seq: number): SentRow => ({
	id: newMessageId(1_000 + seq + (peer === CAROL ? 500_000 : 0)),
	conversationId: peer,
	peerId: peer,
	seq,
	text: `m${seq}`,
	time: 1_000 + seq,
	status: 'pending'
});

const edit = (peer: PeerId, n: number, status: EditRow['status'] = 'pending'): EditRow => ({
	id: newMessageId(900_000 + n + (peer === CAROL ? 50_000 : 0)),
	target: newMessageId(1),
	peerId: peer,
	version: n + 1,
	text: `e${n}`,
	time: 2_000 + n,
	status
});

async function messages(db: ChatDb, peer: PeerId, count: number): Promise<SentRow[]> {
	const rows = Array.from({ length: count }, (_, i) => message(peer, i + 1));
	await db.sender.bulkAdd(rows);
	return rows;
}

const pendingSeqs = async (db: ChatDb, peer: PeerId) =>
	(await allSentMessages(db)).filter((row) => row.peerId === peer && row.status === 'pending').map((row) => row.seq);

describe('an ack for rows far behind rows the peer never acks', () => {
	it('marks exactly those rows sent, however many refused rows sit before them', async () => {
		const db = await fresh();
		const rows = await messages(db, BOB, REFUSED_ROWS + 2);
		const late = rows.slice(REFUSED_ROWS);
		expect(await markAcked(db, BOB, late.map((row) => row.id), 50)).toBe(2);
		expect(await pendingSeqs(db, BOB)).toEqual(rows.slice(0, REFUSED_ROWS).map((row) => row.seq));
	});

	it("never moves another peer's message, even when the ack names its id", async () => {
		const db = await fresh();
		await messages(db, BOB, REFUSED_ROWS);
		const [carols] = await messages(db, CAROL, 1);
		expect(await markAcked(db, BOB, [carols!.id], 50)).toBe(0);
		expect(await pendingSeqs(db, CAROL)).toEqual([1]);
	});

	it('marks an edit far behind refused edits sent, and never one addressed to someone else', async () => {
		const db = await fresh();
		const bobs = Array.from({ length: REFUSED_ROWS + 1 }, (_, i) => edit(BOB, i));
		const carols = edit(CAROL, 0);
		await db.edits.bulkAdd([...bobs, carols]);
		const lastOfBob = bobs.at(-1)!;
		const alreadySent = edit(BOB, REFUSED_ROWS + 5, 'sent');
		await db.edits.add(alreadySent);
		// A repeated ack (of a sent edit) and a message id among them move no other edit.
		const ack = [lastOfBob.id, carols.id, alreadySent.id, newMessageId(5)];
		expect(await markAcked(db, BOB, ack, 50)).toBe(1);
		expect((await db.edits.get(lastOfBob.id))?.status).toBe('sent');
		expect((await db.edits.get(carols.id))?.status).toBe('pending');
		expect((await db.edits.toArray()).filter((row) => row.status === 'pending')).toHaveLength(REFUSED_ROWS + 1);
	});
});

describe('an ack the read ahead already covers', () => {
	it('moves the mark and looks nothing up by id, even when the read is full', async () => {
		const db = await fresh();
		const rows = await messages(db, BOB, REFUSED_ROWS);
		const lookups = vi.spyOn(db.sender, 'bulkGet');
		// 10 ids + 64 slack = 74 rows read, all 10 among them.
		await markAcked(db, BOB, rows.slice(0, 10).map((row) => row.id), 50);
		expect((await db.deliveryMarks.get(BOB))?.sentThrough).toBe(10);
		// Out of order, still within the read.
		await markAcked(db, BOB, [rows[20]!.id], 60);
		expect(lookups).not.toHaveBeenCalled();
		expect((await pendingSeqs(db, BOB)).includes(21)).toBe(false);
		// An id the read does not reach is looked up, once.
		await markAcked(db, BOB, [rows[REFUSED_ROWS - 1]!.id], 70);
		expect(lookups).toHaveBeenCalledTimes(1);
	});

	it('looks nothing up for an ack repeated after the read reached the last pending row', async () => {
		const db = await fresh();
		const rows = await messages(db, BOB, 3);
		await markAcked(db, BOB, [rows[1]!.id], 50);
		const lookups = vi.spyOn(db.sender, 'bulkGet');
		// A resend whose first ack was lost: acked again, with one row still pending before it.
		expect(await markAcked(db, BOB, [rows[1]!.id], 60)).toBe(0);
		expect(lookups).not.toHaveBeenCalled();
		expect(await pendingSeqs(db, BOB)).toEqual([1, 3]);
	});

	it('of edits also looks nothing up by id', async () => {
		const db = await fresh();
		const edits = Array.from({ length: REFUSED_ROWS }, (_, i) => edit(BOB, i));
		// Pending edits of a peer whose id sorts before Bob's must not fill Bob's read.
		const amy = 'amy' as PeerId;
		const amys = Array.from({ length: REFUSED_ROWS }, (_, i) => ({ ...edit(amy, i), id: newMessageId(300_000 + i) }));
		await db.edits.bulkAdd([...edits, ...amys]);
		const lookups = vi.spyOn(db.edits, 'bulkGet');
		expect(await markAcked(db, BOB, edits.slice(0, 10).map((row) => row.id), 50)).toBe(10);
		expect(lookups).not.toHaveBeenCalled();
	});
});

describe('whether a peer is owed anything', () => {
	it('is yes for one pending message and nothing else', async () => {
		const db = await fresh();
		await messages(db, BOB, 1);
		expect(await hasPending(db, BOB)).toBe(true);
		expect(await hasPending(db, CAROL)).toBe(false);
	});

	it('is yes for one pending edit, no once it is sent, and no for an edit owed to someone else', async () => {
		const db = await fresh();
		const bobs = edit(BOB, 0);
		await db.edits.bulkAdd([bobs, edit(CAROL, 0, 'sent')]);
		expect(await hasPending(db, BOB)).toBe(true);
		expect(await hasPending(db, CAROL)).toBe(false);
		await markAcked(db, BOB, [bobs.id], 50);
		expect(await hasPending(db, BOB)).toBe(false);
	});
});

describe('restoring from the send journal', () => {
	it('restores rows for a peer with no contact row, without failing', async () => {
		const db = await fresh();
		const stranger = 'dave' as PeerId;
		const row = { ...message(stranger, 3), id: newMessageId(77_000) as MessageId };
		expect(await restoreOutgoing(db, [row])).toBe(1);
		expect(await pendingSeqs(db, stranger)).toEqual([3]);
	});
});
