import type { SendStatus, SentRow } from './schema';

/**
 * A sent message's delivery status as every reader shows it: 'sent' when its stored status says
 * so (acked out of order, or before delivery marks existed) or when its `seq` is at or below
 * the peer's delivery mark (acked as part of the in-order prefix, row never rewritten).
 */
export function deliveredStatus(row: Pick<SentRow, 'status' | 'seq'>, sentThrough: number | undefined): SendStatus {
	return row.status === 'sent' || (sentThrough !== undefined && row.seq <= sentThrough) ? 'sent' : 'pending';
}

/** The row with its status as shown (the same object when nothing changes). */
export function withDeliveredStatus<Row extends Pick<SentRow, 'status' | 'seq'>>(row: Row, sentThrough: number | undefined): Row {
	return deliveredStatus(row, sentThrough) === row.status ? row : { ...row, status: 'sent' };
}

/**
 * The highest `seq` an ack lets the delivery mark reach: the mark moves over pending rows (read
 * in `seq` order, those above `mark`) while each is acked, and stops below the first that is
 * not, so two rows tied on one `seq` (two tabs) only move it when both are acked. `complete`:
 * `pending` holds every pending row above `mark`; otherwise a row past its end may tie with
 * its last `seq`, so the mark stays below that.
 */
export function extendedMark(mark: number, pending: readonly Pick<SentRow, 'id' | 'seq'>[], acked: ReadonlySet<string>, complete: boolean): number {
	let through = mark;
	for (const row of pending) {
		if (!acked.has(row.id)) return Math.min(through, row.seq - 1);
		through = Math.max(through, row.seq);
	}
	const last = pending.at(-1);
	return complete || last === undefined ? through : Math.min(through, last.seq - 1);
}
