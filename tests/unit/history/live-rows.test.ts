import { describe, expect, it } from 'vitest';
import { applyRows, tailCut, type PlacedRow } from '../../../src/lib/history/live-rows';

interface Row extends PlacedRow {
	text: string;
	status?: string;
}

const row = (id: string, time: number, extra: Partial<Row> = {}): Row => ({ id, direction: 'in', time, text: id, ...extra });
const all = () => true;
const ids = (rows: readonly Row[]) => rows.map((r) => `${r.direction}:${r.id}`);

describe('applyRows', () => {
	it('appends new rows at the end in order', () => {
		const rows = [row('a', 1), row('b', 2)];
		expect(ids(applyRows(rows, [row('c', 3), row('d', 4)], all))).toEqual(['in:a', 'in:b', 'in:c', 'in:d']);
	});

	it('replaces a changed row where it stands and keeps every other object', () => {
		const rows = [row('a', 1), row('b', 2, { status: 'pending' }), row('c', 3)];
		const next = applyRows(rows, [row('b', 2, { status: 'sent' })], all);
		expect(next.map((r) => r.status)).toEqual([undefined, 'sent', undefined]);
		expect(next[0]).toBe(rows[0]);
		expect(next[2]).toBe(rows[2]);
		expect(rows[1]!.status).toBe('pending');
	});

	it('inserts a row stamped before the end (an overtaker) in time order', () => {
		const rows = [row('a', 10), row('b', 20), row('c', 30)];
		expect(ids(applyRows(rows, [row('x', 15), row('y', 5)], all))).toEqual(['in:y', 'in:a', 'in:x', 'in:b', 'in:c']);
	});

	it('moves a row whose time changed', () => {
		const rows = [row('a', 10), row('b', 20), row('c', 30)];
		expect(ids(applyRows(rows, [row('a', 25)], all))).toEqual(['in:b', 'in:a', 'in:c']);
	});

	it('returns the same array, objects and all, when nothing changed', () => {
		const rows = [row('a', 1), row('b', 2)];
		expect(applyRows(rows, [row('b', 2)], all)).toBe(rows);
		expect(applyRows(rows, [], all)).toBe(rows);
	});

	it('leaves out rows outside the stretch', () => {
		const rows = [row('a', 10)];
		expect(ids(applyRows(rows, [row('old', 5), row('new', 11)], (r) => r.time >= 10))).toEqual(['in:a', 'in:new']);
	});

	it('tells the two directions apart: our id sent back as theirs replaces nothing', () => {
		const ours: Row = { ...row('m', 1), direction: 'out', text: 'mine' };
		const next = applyRows([ours], [row('m', 1, { text: 'theirs' })], all);
		expect(next.map((r) => `${r.direction}:${r.text}`)).toEqual(['in:theirs', 'out:mine']);
	});

	it('applies a row twice in one batch as its last version', () => {
		const next = applyRows([row('a', 1)], [row('b', 2, { status: 'pending' }), row('b', 2, { status: 'sent' })], all);
		expect(next.map((r) => r.status)).toEqual([undefined, 'sent']);
	});
});

describe('tailCut', () => {
	const rows = Array.from({ length: 10 }, (_, i) => row(String(i), i));
	it('keeps the newest rows once the tail reached the limit', () => {
		expect(tailCut(rows, 10, 4)).toBe(6);
		expect(tailCut(rows, 11, 4)).toBeNull();
	});
	it('never splits rows that share a time', () => {
		const tied = [row('a', 1), row('b', 1), row('c', 1)];
		expect(tailCut(tied, 3, 2)).toBeNull();
	});
});
