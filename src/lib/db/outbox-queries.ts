import type { Collection, Table } from 'dexie';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import type { FileRow } from './file-rows';
import { activity, previewText } from './conversation-activity';
import { extendedMark } from './delivered-status';
import { lowerMarksFor } from './delivery-marks';
import type { SentRow, ThreadMessage } from './schema';
import { WriteQueue, type Committed } from './write-queue';

export interface OutgoingInput {
	id: MessageId;
	conversationId: string;
	peerId: PeerId;
	text: string;
	time: number;
	/** Allocated by the sending tab (messenger/send-ahead.ts), so the frame can leave before the commit. */
	seq: number;
	/** The message this one replies to. */
	replyTo?: MessageId;
	/** A file message: `text` is its caption, and this sender row is written with it (PROTOCOL §13). */
	kind?: 'file';
	/** The file's shown name (safeFileName), kept on the message for search. */
	fileName?: string;
	file?: FileRow;
}

const queues = new WeakMap<ChatDb, WriteQueue<OutgoingInput, SentRow>>();

/**
 * Writes the message as pending. The change feed hears of the row right after the caller's
 * continuation is queued. Messages written in the same tick, or while the previous write is
 * committing, share one transaction (write-queue.ts).
 */
export function addOutgoing(db: ChatDb, input: OutgoingInput): Promise<SentRow> {
	let queue = queues.get(db);
	if (!queue) queues.set(db, (queue = new WriteQueue((batch) => writeOutgoing(db, batch))));
	return queue.add(input);
}

async function writeOutgoing(db: ChatDb, batch: readonly OutgoingInput[]): Promise<Committed<SentRow>> {
	const rows = batch.map(({ file: _file, ...input }): SentRow => ({ ...input, status: 'pending' }));
	const files = batch.flatMap((input) => (input.file ? [input.file] : []));
	const peers = [...new Set(batch.map((input) => input.peerId))];
	// A file message and its file row commit together: never one without the other.
	const users = await db.transaction('rw', [db.sender, db.users, db.deliveryMarks, db.files], async () => {
		// bulkAdd, never bulkPut: a message id is never reused, and a second row must fail, not overwrite.
		const added = Promise.all([db.sender.bulkAdd(rows), files.length > 0 ? db.files.bulkAdd(files) : undefined]);
		const lowered = lowerMarksFor(db, rows);
		const found = await db.users.bulkGet(peers);
		const users = found.flatMap((user) => {
			if (!user) return [];
			const mine = rows.filter((row) => row.peerId === user.peerId);
			const latest = mine.reduce((a, b) => (b.time > a.time ? b : a));
			const lastSentSeq = Math.max(user.lastSentSeq ?? 0, ...mine.map((row) => row.seq));
			return [{ ...user, ...activity(latest.time, previewText(latest.text, files.find((file) => file.messageId === latest.id)), true), lastSentSeq }];
		});
		// Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, an empty bulkPut writes nothing; the guard only skips the call.
		await Promise.all([added, lowered, users.length > 0 ? db.users.bulkPut(users) : undefined]);
		return users;
	});
	// Published after the senders have their rows: whatever the callers do next runs before the
	// feed sets off rendering, indexing and layout on this thread.
	return { results: rows, announce: () => db.changes.publish({ messages: rows.map(outgoing), users }) };
}

/**
 * Writes messages that were sent ahead of their commit by a tab that died before the commit
 * (messenger/send-journal.ts): each as pending unless a row with its id is already stored, so
 * the outbox sends it again and the peer, who may have it, drops the repeat and acks it.
 */
export async function restoreOutgoing(db: ChatDb, rows: readonly SentRow[]): Promise<number> {
	if (rows.length === 0) return 0;
	const { added, users } = await db.transaction('rw', db.sender, db.users, db.deliveryMarks, async () => {
		const known = await db.sender.bulkGet(rows.map((row) => row.id));
		const seen = new Set<string>();
		const added = rows.filter((row, i) => !known[i] && !seen.has(row.id) && seen.add(row.id));
		const peers = [...new Set(added.map((row) => row.peerId))];
		const found = await db.users.bulkGet(peers);
		const users = found.flatMap((user) => {
			if (!user) return [];
			const lastSentSeq = Math.max(user.lastSentSeq ?? 0, ...added.filter((row) => row.peerId === user.peerId).map((row) => row.seq));
			return [{ ...user, lastSentSeq }];
		});
		await Promise.all([
			db.sender.bulkAdd(added.map((row) => ({ ...row, status: 'pending' as const }))),
			lowerMarksFor(db, added),
			// Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, an empty bulkPut writes nothing.
			users.length > 0 ? db.users.bulkPut(users) : undefined
		]);
		return { added, users };
	});
	db.changes.publish({ messages: added.map((row) => outgoing({ ...row, status: 'pending' })), users });
	return added.length;
}

/**
 * The sequence number the next message to `peer` builds on: the newest this device gave one.
 * Read once per peer by the tab that sends; rows from before the counter existed are looked up.
 */
export async function lastSentSequence(db: ChatDb, peer: PeerId): Promise<number> {
	return db.transaction('r', db.sender, db.users, async () => {
		const user = await db.users.get(peer);
		return Math.max(user?.lastSentSeq ?? 0, await lastSequenceInIndex(db, peer));
	});
}

export function outgoing(row: SentRow): ThreadMessage {
	return { ...row, direction: 'out' };
}

/** The peer's pending messages in seq order, from seq `fromSeq` on (never at or below its delivery mark). */
export async function pendingFor(db: ChatDb, peerId: PeerId, limit = Infinity, fromSeq = 0): Promise<SentRow[]> {
	return db.transaction('r', db.sender, db.deliveryMarks, async () => {
		const mark = (await db.deliveryMarks.get(peerId))?.sentThrough ?? 0;
		return db.sender
			.where('[peerId+status+seq]')
			.between([peerId, 'pending', Math.max(fromSeq, mark + 1)], [peerId, 'pending', Infinity])
			.limit(limit)
			.toArray();
	});
}

/**
 * Pending rows read ahead of an ack's ids (rows the peer never acks, e.g. refused ones, sit at the
 * head of the pending index); an id not among them is looked up by itself.
 */
const ACK_READ_SLACK_ROWS = 64;

/**
 * Marks acked messages and edits as sent, in ONE transaction for every ack frame of a peer
 * handled together (the inbound queue hands over the acks that queued up while the previous
 * transaction ran); only rows addressed to the acking peer can move. Acks that extend the peer's
 * in-order acked prefix move its delivery mark and write no message row; rows acked out of
 * order (behind a row the peer never acks, a resend) are rewritten as 'sent'. The feed hears of
 * every acked row as sent either way.
 */
export async function markAcked(db: ChatDb, peerId: PeerId, ids: readonly MessageId[], now: number): Promise<number> {
	const moved = await db.transaction('rw', db.sender, db.edits, db.deliveryMarks, async () => {
		const byTime = db.edits.where('[peerId+status+time]').between([peerId, 'pending', -Infinity], [peerId, 'pending', Infinity]);
		const [messages, edits] = await Promise.all([ackedMessages(db, peerId, ids), pendingAmong(db.edits, byTime, ids)]);
		const ackedEdits = edits.filter((row) => row.peerId === peerId).map((row) => ({ ...row, status: 'sent' as const }));
		const rewritten = messages.acked.filter((row) => row.seq > messages.through).map((row) => ({ ...row, status: 'sent' as const, ackedAt: now }));
		// Stryker disable ConditionalExpression,EqualityOperator: the always-call variants are equivalent (an empty bulkPut writes nothing).
		await Promise.all([
			// Stryker restore ConditionalExpression,EqualityOperator
			messages.through > messages.mark ? db.deliveryMarks.put({ peerId, sentThrough: messages.through }) : undefined,
			// Stryker disable ConditionalExpression,EqualityOperator: the always-call variants are equivalent (an empty bulkPut writes nothing).
			rewritten.length > 0 ? db.sender.bulkPut(rewritten) : undefined,
			ackedEdits.length > 0 ? db.edits.bulkPut(ackedEdits) : undefined
			// Stryker restore ConditionalExpression,EqualityOperator
		]);
		return { acked: messages.acked, edits: ackedEdits.length };
	});
	// Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the feed drops a change with no messages.
	if (moved.acked.length > 0) db.changes.publish({ messages: moved.acked.map((row) => outgoing({ ...row, status: 'sent', ackedAt: now })), statusOnly: true });
	return moved.acked.length + moved.edits;
}

/** The peer's pending messages among `ids`, and how far their delivery mark can move. */
async function ackedMessages(db: ChatDb, peerId: PeerId, ids: readonly MessageId[]): Promise<{ acked: SentRow[]; mark: number; through: number }> {
	const mark = (await db.deliveryMarks.get(peerId))?.sentThrough ?? 0;
	const limit = ids.length + ACK_READ_SLACK_ROWS;
	const head = await db.sender
		.where('[peerId+status+seq]')
		// Stryker disable next-line BooleanLiteral: equivalent, no pending row sits at the mark (a write at or below it lowers the mark) and no seq is Infinity.
		.between([peerId, 'pending', mark], [peerId, 'pending', Infinity], false, true)
		.limit(limit)
		.toArray();
	const wanted = new Set<string>(ids);
	// Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a full read (ids + slack rows) always holds a row not acked, where the mark stops before `complete` is read.
	const through = extendedMark(mark, head, wanted, head.length < limit);
	const found = head.filter((row) => wanted.delete(row.id));
	if (wanted.size === 0 || head.length < limit) return { acked: found, mark, through };
	const rest = await db.sender.bulkGet([...wanted]);
	const late = rest.filter((row): row is SentRow => row?.status === 'pending' && row.peerId === peerId && row.seq > mark);
	return { acked: [...found, ...late], mark, through };
}

/**
 * The pending rows among `ids`, read from the peer's pending index: acks cover the oldest pending
 * rows (a channel delivers in order), so ONE range read finds them, where a `bulkGet` costs an
 * IndexedDB request per id. Ids not found there are looked up one by one, unless the read
 * reached the end of the pending rows (then they are not pending: nothing to move).
 */
async function pendingAmong<Row extends { id: string; status: string }>(
	table: Table<Row, string>,
	pending: Collection<Row, string>,
	ids: readonly MessageId[]
): Promise<Row[]> {
	const limit = ids.length + ACK_READ_SLACK_ROWS;
	const head = await pending.limit(limit).toArray();
	const wanted = new Set<string>(ids);
	const found = head.filter((row) => wanted.delete(row.id));
	if (wanted.size === 0 || head.length < limit) return found;
	const rest = await table.bulkGet([...wanted]);
	return [...found, ...rest.filter((row): row is Row => row?.status === 'pending')];
}

/**
 * The newest sequence number among the rows to `peer`, pending or sent: only for contacts written
 * before the counter existed. Read from the outbox index, one range per status ('pending' and
 * 'sent' are the only ones), so `sender` needs no index of its own for it.
 */
async function lastSequenceInIndex(db: ChatDb, peer: PeerId): Promise<number> {
	const last = (status: SentRow['status']) => db.sender.where('[peerId+status+seq]').between([peer, status, 0], [peer, status, Infinity]).last();
	const rows = await Promise.all([last('pending'), last('sent')]);
	return Math.max(0, ...rows.map((row) => row?.seq ?? 0));
}

/**
 * Messages, edits or group copies still waiting for this peer's ack. Group copies count too: a
 * member I owe only those to is retried like anyone I owe a message (Reach), else after a failed
 * dial nobody dialled again until one side's signalling came back up (chaos-group, session 11).
 */
export async function hasPending(db: ChatDb, peerId: PeerId): Promise<boolean> {
	if ((await pendingFor(db, peerId, 1)).length > 0) return true;
	const edits = await db.edits.where('[peerId+status+time]').between([peerId, 'pending', -Infinity], [peerId, 'pending', Infinity]).count();
	return edits > 0 || (await hasGroupCopiesPending(db, peerId));
}

/**
 * Whether any group copy is pending for the member (one index key read at most). Here, not in
 * group-outbox.ts: the first page reaches this module and must not load group code.
 */
async function hasGroupCopiesPending(db: ChatDb, member: PeerId): Promise<boolean> {
	const first = await db.groupDelivery
		.where('[member+status+group+seq]')
		.between([member, 'pending', '', -Infinity], [member, 'pending', '\uffff', Infinity])
		.limit(1)
		.primaryKeys();
	return first.length > 0;
}
