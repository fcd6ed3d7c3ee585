import { describe, expect, it } from 'vitest';
import { EarlyRows } from '../../../src/lib/history/early-rows';

type Row = { id: string; direction: 'in' | 'out'; time: number; text: string };
const row = (id: string, time: number, text = id, direction: 'in' | 'out' = 'in'): Row => ({ id, direction, time, text });
const all = () => true;

describe('rows shown before their commit', () => {
	it('joins the tail in order, and a committed row of the same key is never replaced by an early one', () => {
		const early = new EarlyRows();
		const tail = [row('a', 1), row('b', 3, 'committed')];
		const shown = early.apply(tail, [row('b', 9, 'early copy'), row('c', 5)], [], all);
		expect(shown.map((r) => [r.id, r.text])).toEqual([['a', 'a'], ['b', 'committed'], ['c', 'c']]);
	});

	it('withdraws only rows that are still early: once committed, a withdrawal leaves them', () => {
		const early = new EarlyRows();
		let tail = early.apply([row('a', 1)], [row('b', 2), row('c', 3)], [], all);
		early.committed([row('b', 2)]);
		tail = early.apply(tail, [], ['a', 'b', 'c'], all);
		expect(tail.map((r) => r.id)).toEqual(['a', 'b']);
	});

	it('withdraws an incoming row only, never our own row that shares its id', () => {
		const early = new EarlyRows();
		let tail = early.apply([row('x', 1, 'mine', 'out')], [row('x', 2, 'theirs')], [], all);
		expect(tail).toHaveLength(2);
		tail = early.apply(tail, [], ['x'], all);
		expect(tail.map((r) => [r.direction, r.text])).toEqual([['out', 'mine']]);
	});

	it('leaves out early rows the stretch does not take', () => {
		const early = new EarlyRows();
		expect(early.apply([row('a', 10)], [row('old', 1)], [], (r) => r.time >= 10).map((r) => r.id)).toEqual(['a']);
	});
});
