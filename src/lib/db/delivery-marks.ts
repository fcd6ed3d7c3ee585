import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { withDeliveredStatus } from './delivered-status';
import type { SentRow } from './schema';

/** The delivery marks of these peers (absent: nothing acked in order yet). */
export async function deliveryMarks(db: ChatDb, peers: Iterable<PeerId>): Promise<Map<PeerId, number>> {
	const unique = [...new Set(peers)];
	// Stryker disable next-line ConditionalExpression: equivalent, bulkGet of no keys reads nothing; the return only skips the call.
	if (unique.length === 0) return new Map();
	const rows = await db.deliveryMarks.bulkGet(unique);
	return new Map(rows.flatMap((row) => (row ? [[row.peerId, row.sentThrough] as const] : [])));
}

/**
 * Sent rows with their status as shown. Callers read the rows BEFORE this reads the marks: a
 * mark lowered in between (lowerMarksFor) can then only make a delivered row look pending for
 * a moment, never make an undelivered one look sent.
 */
export async function withDelivery<Row extends SentRow>(db: ChatDb, rows: readonly Row[]): Promise<Row[]> {
	// Stryker disable next-line MethodExpression,ConditionalExpression: equivalent, a row stored 'sent' shows 'sent' whatever the marks; the filter only reads fewer marks.
	const undecided = rows.filter((row) => row.status === 'pending');
	// Stryker disable next-line ConditionalExpression: as above, no pending row means no mark changes what is shown.
	if (undecided.length === 0) return [...rows];
	const marks = await deliveryMarks(
		db,
		undecided.map((row) => row.peerId)
	);
	return rows.map((row) => withDeliveredStatus(row, marks.get(row.peerId)));
}

/**
 * Called inside a write transaction (tables `sender` and `deliveryMarks`) that adds these rows
 * as pending: where one's `seq` is at or below its peer's mark (a restored journal row, a `seq`
 * two tabs both took, an ack that overtook the write), the mark drops below it and the pending
 * rows it stops covering are stored as 'sent', so no tick claims a delivery that did not happen
 * and none that did is taken back. `adding`: ids of the rows being added (left pending).
 */
export async function lowerMarksFor(db: ChatDb, rows: readonly Pick<SentRow, 'id' | 'peerId' | 'seq'>[]): Promise<void> {
	// Stryker disable next-line ConditionalExpression: equivalent, no rows means no peers and no marks to read; the return only skips the reads.
	if (rows.length === 0) return;
	const lowest = new Map<PeerId, number>();
	for (const row of rows) lowest.set(row.peerId, Math.min(row.seq, lowest.get(row.peerId) ?? Infinity));
	const marks = await deliveryMarks(db, lowest.keys());
	const adding = new Set(rows.map((row) => row.id));
	await Promise.all(
		[...marks].map(async ([peer, mark]) => {
			const from = lowest.get(peer)!;
			if (from > mark) return;
			// Stryker disable next-line StringLiteral: equivalent, with '' the range also takes this peer's pending rows below `from`, which the mark covers before and after (stored 'sent' is what they show).
			const covered = await db.sender.where('[peerId+status+seq]').between([peer, 'pending', from], [peer, 'pending', mark], true, true).toArray();
			const delivered = covered.filter((row) => !adding.has(row.id)).map((row) => ({ ...row, status: 'sent' as const }));
			// Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, bulkPut of no rows writes nothing; the test only skips the call.
			await Promise.all([delivered.length > 0 ? db.sender.bulkPut(delivered) : undefined, db.deliveryMarks.put({ peerId: peer, sentThrough: from - 1 })]);
		})
	);
}

/** Every message we wrote, with its status as shown (the test hooks, tests). */
export async function allSentMessages(db: ChatDb): Promise<SentRow[]> {
	return withDelivery(db, await db.sender.toArray());
}

/** One of our messages with its status as shown, if stored. */
export async function sentMessage(db: ChatDb, id: string): Promise<SentRow | undefined> {
	const row = await db.sender.get(id);
	return row && (await withDelivery(db, [row]))[0];
}
