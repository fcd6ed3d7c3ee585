import { describe, expect, it } from 'vitest';
import { deliveredStatus, extendedMark, withDeliveredStatus } from '../../../src/lib/db/delivered-status';
import type { MessageId } from '../../../src/lib/ids/message-id';

const rows = (...seqs: number[]) => seqs.map((seq, i) => ({ id: `r${i}` as MessageId, seq }));

describe('a sent message’s status as shown', () => {
	it('is sent when stored so, or at or below the peer’s mark; pending otherwise', () => {
		expect(deliveredStatus({ status: 'sent', seq: 9 }, undefined)).toBe('sent');
		expect(deliveredStatus({ status: 'pending', seq: 3 }, 3)).toBe('sent');
		expect(deliveredStatus({ status: 'pending', seq: 4 }, 3)).toBe('pending');
		expect(deliveredStatus({ status: 'pending', seq: 1 }, undefined)).toBe('pending');
		const row = { status: 'pending' as const, seq: 5, text: 'x' };
		expect(withDeliveredStatus(row, 4)).toBe(row);
		expect(withDeliveredStatus(row, 5)).toEqual({ ...row, status: 'sent' });
	});
});

describe('how far an ack moves the mark', () => {
	it('over the acked prefix of the pending rows, stopping below the first one not acked', () => {
		expect(extendedMark(0, rows(1, 2, 3), new Set(['r0', 'r1', 'r2']), true)).toBe(3);
		expect(extendedMark(0, rows(1, 2, 3), new Set(['r0', 'r2']), true)).toBe(1);
		expect(extendedMark(0, rows(1, 2, 3), new Set(['r1', 'r2']), true)).toBe(0);
		// Gaps (rows acked out of order earlier, deleted ones) are passed over.
		expect(extendedMark(4, rows(7, 9), new Set(['r0', 'r1']), true)).toBe(9);
		expect(extendedMark(4, [], new Set(['x']), true)).toBe(4);
	});

	it('not onto a seq shared with a row that is not acked, nor onto the last seq read when more may follow', () => {
		expect(extendedMark(0, rows(1, 2, 2), new Set(['r0', 'r1']), true)).toBe(1);
		expect(extendedMark(0, rows(1, 2, 2), new Set(['r0', 'r1', 'r2']), true)).toBe(2);
		expect(extendedMark(0, rows(1, 2, 3), new Set(['r0', 'r1', 'r2']), false)).toBe(2);
		// Nothing read and more may follow: the mark stays where it is.
		expect(extendedMark(4, [], new Set(['x']), false)).toBe(4);
	});
});
