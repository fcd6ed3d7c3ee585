import type { Collection, Table } from 'dexie';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { activity } from './conversation-activity';
import type { SentRow, ThreadMessage, UserRow } from './schema';
import { WriteQueue, type Committed } from './write-queue';

export interface OutgoingInput {
	id: MessageId;
	conversationId: string;
	peerId: PeerId;
	text: string;
	time: number;
}

const queues = new WeakMap<ChatDb, WriteQueue<OutgoingInput, SentRow>>();

/**
 * Writes the message as pending; the caller sends it once this resolves (after the commit), so
 * an ack can never arrive for a row that is not stored yet. The change feed hears of the row
 * right after the caller's continuation is queued, so a caller that sends at once sends first. Messages written in the same tick,
 * or while the previous write is committing, share one transaction (write-queue.ts).
 */
export function addOutgoing(db: ChatDb, input: OutgoingInput): Promise<SentRow> {
	let queue = queues.get(db);
	if (!queue) queues.set(db, (queue = new WriteQueue((batch) => writeOutgoing(db, batch))));
	return queue.add(input);
}

async function writeOutgoing(db: ChatDb, batch: readonly OutgoingInput[]): Promise<Committed<SentRow>> {
	const peers = [...new Set(batch.map((input) => input.peerId))];
	const { rows, users } = await db.transaction('rw', db.sender, db.users, async () => {
		// The sequence counter is read inside the transaction, not cached: another tab of this app
		// may have written to the same contact since, and two messages must never share a seq.
		const found = await db.users.bulkGet(peers);
		const byPeer = new Map<PeerId, UserRow>();
		const lastSeq = new Map<PeerId, number>();
		for (const [i, peer] of peers.entries()) {
			const user = found[i];
			if (user) byPeer.set(peer, user);
			lastSeq.set(peer, user?.lastSentSeq ?? (await lastSequenceInIndex(db, peer)));
		}
		const rows = batch.map((input): SentRow => {
			const seq = (lastSeq.get(input.peerId) ?? 0) + 1;
			lastSeq.set(input.peerId, seq);
			const user = byPeer.get(input.peerId);
			if (user) byPeer.set(input.peerId, { ...user, ...activity(input.time, input.text, true), lastSentSeq: seq });
			return { ...input, seq, status: 'pending' };
		});
		const users = [...byPeer.values()];
		await Promise.all([db.sender.bulkAdd(rows), users.length > 0 ? db.users.bulkPut(users) : undefined]);
		return { rows, users };
	});
	// Published after the senders have their rows: the frame goes on the wire before the feed
	// sets off rendering, indexing and layout on this thread (keydown → send stays short).
	return { results: rows, announce: () => db.changes.publish({ messages: rows.map(outgoing), users }) };
}

export function outgoing(row: SentRow): ThreadMessage {
	return { ...row, direction: 'out' };
}

/** The peer's pending messages in seq order, from seq `fromSeq` on. */
export async function pendingFor(db: ChatDb, peerId: PeerId, limit = Infinity, fromSeq = 0): Promise<SentRow[]> {
	return db.sender
		.where('[peerId+status+seq]')
		.between([peerId, 'pending', fromSeq], [peerId, 'pending', Infinity])
		.limit(limit)
		.toArray();
}

/**
 * Pending rows read ahead of an ack's ids (rows the peer never acks, e.g. refused ones, sit at the
 * head of the pending index); an id not among them is looked up by itself.
 */
const ACK_READ_SLACK_ROWS = 64;

/**
 * Moves acked messages and edits to `sent`, in ONE transaction for every ack frame of a peer
 * handled together (the inbound queue hands over the acks that queued up while the previous
 * transaction ran); only rows addressed to the acking peer can move.
 */
export async function markAcked(db: ChatDb, peerId: PeerId, ids: readonly MessageId[], now: number): Promise<number> {
	const moved = await db.transaction('rw', db.sender, db.edits, async () => {
		const bySeq = db.sender.where('[peerId+status+seq]').between([peerId, 'pending', 0], [peerId, 'pending', Infinity]);
		const byTime = db.edits.where('[peerId+status+time]').between([peerId, 'pending', -Infinity], [peerId, 'pending', Infinity]);
		const [messages, edits] = await Promise.all([pendingAmong(db.sender, bySeq, ids), pendingAmong(db.edits, byTime, ids)]);
		const acked = messages.filter((row) => row.peerId === peerId).map((row) => ({ ...row, status: 'sent' as const, ackedAt: now }));
		const ackedEdits = edits.filter((row) => row.peerId === peerId).map((row) => ({ ...row, status: 'sent' as const }));
		await Promise.all([
			acked.length > 0 ? db.sender.bulkPut(acked) : undefined,
			ackedEdits.length > 0 ? db.edits.bulkPut(ackedEdits) : undefined
		]);
		return { acked, edits: ackedEdits.length };
	});
	if (moved.acked.length > 0) db.changes.publish({ messages: moved.acked.map(outgoing), statusOnly: true });
	return moved.acked.length + moved.edits;
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

/** The newest sequence number in the index: only for contacts written before the counter existed. */
async function lastSequenceInIndex(db: ChatDb, conversationId: string): Promise<number> {
	const last = await db.sender.where('[conversationId+seq]').between([conversationId, 0], [conversationId, Infinity]).last();
	return last?.seq ?? 0;
}

/** Messages or edits still waiting for this peer's ack. */
export async function hasPending(db: ChatDb, peerId: PeerId): Promise<boolean> {
	if ((await pendingFor(db, peerId, 1)).length > 0) return true;
	const edits = await db.edits.where('[peerId+status+time]').between([peerId, 'pending', -Infinity], [peerId, 'pending', Infinity]).count();
	return edits > 0;
}
