import { describe, expect, it } from 'vitest';
import { RowHeights } from '../../../src/lib/history/row-heights';
import { RowIndex } from '../../../src/lib/history/row-index';

type Row = { key: string };
const everKeys = new Set<string>();
const row = (key: string): Row => (everKeys.add(key), { key });
const keyOf = (r: Row) => r.key;

/** What the list worked out from scratch before: every key, a map over all rows, all offsets. */
function rebuilt(rows: readonly Row[], heights: RowHeights) {
	return {
		keys: rows.map(keyOf),
		index: rows.map((r, i) => [r.key, i] as const),
		offsets: Array.from(heights.offsets(rows.map((r) => ({ id: r.key }))))
	};
}

function check(index: RowIndex<Row>, rows: readonly Row[], heights: RowHeights, version: number) {
	const view = index.index(rows);
	const offsets = index.offsets(heights, version);
	const expected = rebuilt(rows, heights);
	expect([...view.keys]).toEqual(expected.keys);
	for (const [key, i] of expected.index) expect(view.get(key)).toBe(i);
	expect(Array.from(offsets)).toEqual(expected.offsets);
	// Rows no longer loaded are not found.
	const loaded = new Set(expected.keys);
	for (const key of everKeys) if (!loaded.has(key)) expect(view.get(key)).toBeUndefined();
	return view;
}

describe('RowIndex', () => {
	it('matches a full rebuild through appends, replacements, inserts, cuts and prepends', () => {
		const heights = new RowHeights(50);
		const index = new RowIndex<Row>(keyOf);
		let version = 0;
		let rows: Row[] = [];
		let next = 0;
		// A fixed pseudo-random sequence: the same run every time.
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
		for (let step = 0; step < 400; step++) {
			const roll = random();
			if (roll < 0.5) rows = [...rows, row(`r${next++}`)];
			else if (roll < 0.6 && rows.length > 0) rows = rows.map((r, i) => (i === Math.floor(random() * rows.length) ? { ...r } : r));
			else if (roll < 0.7) {
				const at = Math.floor(random() * (rows.length + 1));
				rows = [...rows.slice(0, at), row(`r${next++}`), ...rows.slice(at)];
			} else if (roll < 0.75) rows = rows.slice(Math.floor(random() * rows.length));
			else if (roll < 0.8) rows = [row(`r${next++}`), row(`r${next++}`), ...rows];
			else if (roll < 0.85 && rows.length > 0) rows = rows.filter((_, i) => i !== Math.floor(random() * rows.length));
			else if (rows.length > 0) {
				// A row measured (the estimate for the others moves too).
				if (heights.set(rows[Math.floor(random() * rows.length)]!.key, 20 + Math.floor(random() * 100))) version++;
			}
			check(index, rows, heights, version);
			// Sometimes the rows change twice before the offsets are asked for.
			if (roll > 0.95) index.index(rows.slice(0, Math.floor(rows.length / 2)));
		}
	});

	it('redoes the offsets when the estimate moves without a new version (measurements forgotten)', () => {
		const heights = new RowHeights(50);
		heights.set('a', 10);
		heights.set('b', 30);
		const index = new RowIndex<Row>(keyOf);
		const rows = [row('a'), row('b'), row('c')];
		check(index, rows, heights, 1);
		heights.retain([{ id: 'b' }]);
		check(index, [...rows, row('d')], heights, 1);
	});

	it('works out only the appended row on an arrival', () => {
		const heights = new RowHeights(50);
		let calls = 0;
		const index = new RowIndex<Row>((r) => (calls++, r.key));
		const rows = Array.from({ length: 300 }, (_, i) => row(`r${i}`));
		index.index(rows);
		index.offsets(heights, 0);
		calls = 0;
		const view = index.index([...rows, row('new')]);
		expect(calls).toBe(1);
		expect(view.get('new')).toBe(300);
		expect(index.offsets(heights, 0)[301]).toBe(301 * 50);
	});

	it('gives a new view per update, so readers of the old one see a change', () => {
		const heights = new RowHeights(50);
		const index = new RowIndex<Row>(keyOf);
		const rows = [row('a')];
		expect(index.index(rows)).not.toBe(index.index(rows));
		expect(index.offsets(heights, 0)).not.toBe(index.offsets(heights, 0));
	});
});
