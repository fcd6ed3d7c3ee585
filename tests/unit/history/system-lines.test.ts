import { describe, expect, it } from 'vitest';
import type { GroupOpFrame } from '../../../src/lib/group/group-frames';
import {
	deliverySummary,
	groupPreviewText,
	memberCountText,
	memberDeliveryText,
	readByAll,
	runStarts,
	RUN_BREAK_MS,
	systemLineText,
	type RunRow,
	withoutReads,
	withSystemLines
} from '../../../src/lib/history/system-lines';

const names: Record<string, string> = { alice: 'Alice', bob: 'Bob', carol: 'Carol', dave: 'Dave', me: 'You' };
const nameOf = (peer: string) => names[peer] ?? peer;

// Only the fields the sentence reads; the rest of a signed op does not matter here.
function op(fields: Record<string, unknown>): GroupOpFrame {
	return { t: 'gop', g: 'g', key: new Uint8Array(32), sig: new Uint8Array(64), clock: 1, after: [], ...fields } as unknown as GroupOpFrame;
}

describe('system lines', () => {
	it('say who changed what, in product words', () => {
		expect(systemLineText(op({ kind: 'create', by: 'alice', name: 'Trip', members: ['bob'], nonce: new Uint8Array(16) }), nameOf)).toBe('Alice created the group “Trip”');
		expect(systemLineText(op({ kind: 'add', by: 'alice', member: 'dave' }), nameOf)).toBe('Alice added Dave');
		expect(systemLineText(op({ kind: 'remove', by: 'alice', member: 'dave' }), nameOf)).toBe('Alice removed Dave');
		expect(systemLineText(op({ kind: 'leave', by: 'bob' }), nameOf)).toBe('Bob left');
		expect(systemLineText(op({ kind: 'rename', by: 'carol', name: 'Holiday' }), nameOf)).toBe('Carol renamed the group to “Holiday”');
		expect(systemLineText(op({ kind: 'admin', by: 'alice', member: 'bob', admin: true }), nameOf)).toBe('Alice made Bob an admin');
		expect(systemLineText(op({ kind: 'admin', by: 'alice', member: 'bob', admin: false }), nameOf)).toBe('Alice removed Bob as admin');
	});

	it('name this device as "You" or "you"', () => {
		expect(systemLineText(op({ kind: 'add', by: 'me', member: 'dave' }), nameOf, 'me')).toBe('You added Dave');
		expect(systemLineText(op({ kind: 'remove', by: 'alice', member: 'me' }), nameOf, 'me')).toBe('Alice removed you');
		expect(systemLineText(op({ kind: 'admin', by: 'alice', member: 'me', admin: true }), nameOf, 'me')).toBe('Alice made you an admin');
	});
});

describe('delivery summary', () => {
	it('counts members who hold the message', () => {
		expect(deliverySummary({ delivered: 3, total: 4 })).toBe('Delivered to 3 of 4');
		expect(deliverySummary({ delivered: 4, total: 4 })).toBe('Delivered to all 4');
		expect(deliverySummary({ delivered: 0, total: 3 })).toBe('Pending for all 3');
		expect(deliverySummary({ delivered: 1, total: 1 })).toBe('Delivered');
		expect(deliverySummary({ delivered: 0, total: 1 })).toBe('Pending');
	});

	it('reads outrank deliveries, and an empty group says so', () => {
		expect(deliverySummary({ delivered: 4, total: 4, read: 2 })).toBe('Read by 2 of 4');
		expect(deliverySummary({ delivered: 4, total: 4, read: 4 })).toBe('Read by all 4');
		expect(deliverySummary({ delivered: 0, total: 0 })).toBe('Sent (no one else in the group)');
		expect(deliverySummary(undefined)).toBe('Sending…');
	});

	it('shows the read tick only when every member it went to has read it', () => {
		expect(readByAll({ delivered: 4, total: 4, read: 4 })).toBe(true);
		expect(readByAll({ delivered: 4, total: 4, read: 3 })).toBe(false);
		expect(readByAll({ delivered: 4, total: 4 })).toBe(false);
		// Nobody else in the group: nobody read it.
		expect(readByAll({ delivered: 0, total: 0 })).toBe(false);
		expect(readByAll(undefined)).toBe(false);
	});

	it('drops reads while my own receipts are off', () => {
		expect(withoutReads({ delivered: 4, total: 4, read: 2 }, false)).toEqual({ delivered: 4, total: 4 });
		expect(withoutReads({ delivered: 4, total: 4, read: 2 }, true)).toEqual({ delivered: 4, total: 4, read: 2 });
		expect(withoutReads(undefined, false)).toBeUndefined();
	});

	it('names one member’s status', () => {
		expect(['pending', 'delivered', 'read'].map((s) => memberDeliveryText(s as 'pending'))).toEqual(['Pending', 'Delivered', 'Read']);
	});
});

describe('author runs', () => {
	const row = (id: string, peerId: string, time: number, extra: Partial<RunRow> = {}): RunRow => ({ id, direction: 'in', peerId, time, ...extra });

	it('show the name once per run of one author', () => {
		const rows = [row('1', 'alice', 0), row('2', 'alice', 1000), row('3', 'bob', 2000), row('4', 'alice', 3000)];
		expect([...runStarts(rows)]).toEqual(['1', '3', '4']);
	});

	it('break at a system line, one’s own message, or a long pause', () => {
		const rows = [
			row('1', 'alice', 0),
			row('s', 'alice', 1, { system: true }),
			row('2', 'alice', 2),
			row('me', 'g', 3, { direction: 'out' }),
			row('3', 'alice', 4),
			row('4', 'alice', 4 + RUN_BREAK_MS + 1),
			row('5', 'alice', 5 + RUN_BREAK_MS + 1)
		];
		expect([...runStarts(rows)]).toEqual(['1', '2', '3', '4']);
	});
});

describe('list and header text', () => {
	it('previews say who wrote the last message', () => {
		expect(groupPreviewText({ text: 'hi', author: 'self' }, nameOf)).toBe('You: hi');
		expect(groupPreviewText({ text: 'hello', author: 'alice' }, nameOf)).toBe('Alice: hello');
		expect(groupPreviewText(undefined, nameOf)).toBe('No messages yet');
	});

	it('member counts say how many are online', () => {
		expect(memberCountText(4, 2)).toBe('4 members, 2 online');
		expect(memberCountText(1, 0)).toBe('1 member');
	});
});

describe('system lines among messages', () => {
	const at = (id: string, time: number) => ({ id, time });

	it('go in by time, before a message at the same time, and after the newest', () => {
		const rows = [at('m1', 10), at('m2', 20)];
		const lines = [at('create', 5), at('add', 20), at('leave', 30)];
		expect(withSystemLines(rows, lines, false).map((r) => r.id)).toEqual(['create', 'm1', 'add', 'm2', 'leave']);
	});

	it('wait for older history before the first loaded message, and leave rows alone when none falls among them', () => {
		const rows = [at('m1', 10), at('m2', 20)];
		expect(withSystemLines(rows, [at('create', 5), at('add', 15)], true).map((r) => r.id)).toEqual(['m1', 'add', 'm2']);
		expect(withSystemLines(rows, [at('create', 5)], true)).toBe(rows);
		expect(withSystemLines([], [at('create', 5)], false).map((r) => r.id)).toEqual(['create']);
	});
});
