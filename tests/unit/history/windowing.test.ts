import { describe, expect, it } from 'vitest';
import { RowHeights } from '../../../src/lib/history/row-heights';
import { covers, expand, followingLimits, followingWindow, rowAt, tailWindow, visibleRows, windowAround, windowAt } from '../../../src/lib/history/windowing';

const LIMITS = { minRows: 10, maxRows: 15 };
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));
/** Offsets for n rows of `height` px each. */
const uniform = (n: number, height: number) => new RowHeights(height).offsets(rows(n));

describe('RowHeights', () => {
	it('estimates unmeasured rows from the measured average and builds prefix sums', () => {
		const heights = new RowHeights(50);
		expect(Array.from(heights.offsets(rows(3)))).toEqual([0, 50, 100, 150]);
		heights.set('r0', 20);
		heights.set('r1', 40);
		expect(heights.estimate).toBe(30);
		expect(Array.from(heights.offsets(rows(3)))).toEqual([0, 20, 60, 90]);
	});

	it('reports only real changes and keeps its average right when a row is re-measured', () => {
		const heights = new RowHeights(50);
		expect(heights.set('a', 40)).toBe(true);
		expect(heights.set('a', 40.2)).toBe(false);
		expect(heights.set('a', 60)).toBe(true);
		heights.set('b', 20);
		expect(heights.estimate).toBe(40);
	});

	it('forgets rows that are no longer loaded', () => {
		const heights = new RowHeights(50);
		heights.set('a', 10);
		heights.set('b', 30);
		heights.retain([{ id: 'b' }]);
		expect(heights.size).toBe(1);
		expect(heights.estimate).toBe(30);
		expect(heights.get('a')).toBe(30);
	});
});

describe('rowAt / visibleRows', () => {
	it('finds the row under a position, clamped to the list', () => {
		const offsets = uniform(10, 10);
		expect(rowAt(offsets, 0)).toBe(0);
		expect(rowAt(offsets, 9.9)).toBe(0);
		expect(rowAt(offsets, 10)).toBe(1);
		expect(rowAt(offsets, -50)).toBe(0);
		expect(rowAt(offsets, 1e6)).toBe(9);
		expect(rowAt(new Float64Array([0]), 5)).toBe(-1);
	});

	it('lists the rows a viewport intersects', () => {
		const offsets = uniform(100, 10);
		expect(visibleRows(offsets, 25, 30)).toEqual({ start: 2, end: 6 });
		expect(visibleRows(offsets, 20, 20)).toEqual({ start: 2, end: 4 });
		expect(visibleRows(new Float64Array([0]), 0, 100)).toEqual({ start: 0, end: 0 });
	});
});

describe('expand', () => {
	it('adds equal context on both sides up to minRows', () => {
		expect(expand({ start: 50, end: 54 }, 100, LIMITS)).toEqual({ start: 47, end: 57 });
	});

	it('gives the share of a side that runs out to the other side', () => {
		expect(expand({ start: 1, end: 3 }, 100, LIMITS)).toEqual({ start: 0, end: 10 });
		expect(expand({ start: 97, end: 99 }, 100, LIMITS)).toEqual({ start: 90, end: 100 });
	});

	it('never renders more rows than exist or than maxRows', () => {
		expect(expand({ start: 1, end: 3 }, 4, LIMITS)).toEqual({ start: 0, end: 4 });
		expect(expand({ start: 10, end: 40 }, 100, LIMITS)).toEqual({ start: 10, end: 25 });
	});
});

describe('windowAround', () => {
	it('keeps the DOM bounded wherever the viewport is, however long the list', () => {
		const offsets = uniform(100_000, 40);
		for (const top of [0, 123_456, 2_000_000, 3_999_000]) {
			const range = windowAround(offsets, top, 800, { minRows: 100, maxRows: 150 });
			expect(range.end - range.start).toBeLessThanOrEqual(150);
			expect(range.end - range.start).toBeGreaterThanOrEqual(100);
			const seen = visibleRows(offsets, top, 800);
			expect(range.start).toBeLessThanOrEqual(seen.start);
			expect(range.end).toBeGreaterThanOrEqual(Math.min(seen.end, range.start + 150));
		}
	});
});

describe('tailWindow / windowAt', () => {
	it('opens on the newest rows', () => {
		expect(tailWindow(1000, LIMITS)).toEqual({ start: 990, end: 1000 });
		expect(tailWindow(4, LIMITS)).toEqual({ start: 0, end: 4 });
	});

	it('while following, keeps its top row until the window is full, then cuts back to the newest rows', () => {
		// Opening: the newest minRows.
		expect(followingWindow(100, undefined, LIMITS)).toEqual({ start: 90, end: 100 });
		// Arrivals append: the top row (and so every bubble above the new one) stays.
		expect(followingWindow(101, 90, LIMITS)).toEqual({ start: 90, end: 101 });
		expect(followingWindow(105, 90, LIMITS)).toEqual({ start: 90, end: 105 });
		// One more would pass maxRows: back to minRows, once per maxRows - minRows arrivals.
		expect(followingWindow(106, 90, LIMITS)).toEqual({ start: 96, end: 106 });
		// A short list renders whole, and keeps doing so as it grows.
		expect(followingWindow(4, 0, LIMITS)).toEqual({ start: 0, end: 4 });
		expect(followingWindow(12, 0, LIMITS)).toEqual({ start: 0, end: 12 });
		// A start that no longer fits (rows dropped, the tail compacted) is not kept.
		expect(followingWindow(50, 90, LIMITS)).toEqual({ start: 40, end: 50 });
		expect(followingWindow(100, 95, LIMITS)).toEqual({ start: 90, end: 100 });
	});

	it('opens on a full window, then follows with the smaller one', () => {
		const following = { minRows: 4, maxRows: 9 };
		// Opening: the newest rows of the full window, not the following size.
		expect(followingWindow(100, undefined, following, LIMITS)).toEqual({ start: 90, end: 100 });
		// The first arrival passes the following maxRows: cut back to the following minRows.
		expect(followingWindow(101, 90, following, LIMITS)).toEqual({ start: 97, end: 101 });
		// Then appends until maxRows again.
		expect(followingWindow(106, 97, following, LIMITS)).toEqual({ start: 97, end: 106 });
		expect(followingWindow(107, 97, following, LIMITS)).toEqual({ start: 103, end: 107 });
	});

	it('sizes the following window from the viewport: two screens of the smallest rows, 40 to minRows', () => {
		const scrolled = { minRows: 100, maxRows: 150 };
		// A laptop screen's thread (720 px): 40 rows of 36 px are two screens.
		expect(followingLimits(720, scrolled)).toEqual({ minRows: 40, maxRows: 90 });
		// A tall window needs more rows to cover two screens, with the same growing room.
		expect(followingLimits(1440, scrolled)).toEqual({ minRows: 80, maxRows: 130 });
		// Never more than the scrolled window, never fewer than 40 (a tiny or unmeasured view).
		expect(followingLimits(4000, scrolled)).toEqual({ minRows: 100, maxRows: 150 });
		expect(followingLimits(0, scrolled)).toEqual({ minRows: 40, maxRows: 90 });
		expect(followingLimits(-5, scrolled)).toEqual({ minRows: 40, maxRows: 90 });
	});

	it('puts a target row after `lead` rows of context, clamped at both ends', () => {
		expect(windowAt(500, 1000, 3, LIMITS)).toEqual({ start: 497, end: 507 });
		expect(windowAt(1, 1000, 3, LIMITS)).toEqual({ start: 0, end: 10 });
		expect(windowAt(998, 1000, 3, LIMITS)).toEqual({ start: 990, end: 1000 });
		expect(windowAt(3, 5, 3, LIMITS)).toEqual({ start: 0, end: 5 });
	});
});

describe('covers', () => {
	const offsets = uniform(100, 10);

	it('holds while rendered rows reach a margin beyond the viewport', () => {
		expect(covers({ start: 40, end: 60 }, offsets, 450, 50, 50)).toBe(true);
		expect(covers({ start: 40, end: 60 }, offsets, 420, 50, 50)).toBe(false);
		expect(covers({ start: 40, end: 60 }, offsets, 520, 50, 50)).toBe(false);
	});

	it('needs no margin at the ends of the list', () => {
		expect(covers({ start: 0, end: 20 }, offsets, 0, 50, 50)).toBe(true);
		expect(covers({ start: 80, end: 100 }, offsets, 950, 50, 50)).toBe(true);
		expect(covers({ start: 5, end: 5 }, offsets, 0, 50, 50)).toBe(false);
	});
});
