// @ts-nocheck
// 
import { describe, expect, it } from 'vitest';
import { capPages, localDay, localDayStart, newerPageEnd, olderPageStart } from '../../../src/lib/history/paging';

describe('olderPageStart', () => {
	it('starts the page at the limit-th newest row when more exist', () => {
		expect(olderPageStart([90, 80, 70, 60], 3)).toEqual({ from: 70, hasOlder: true });
	});

	it('reaches the first message when the rows do not fill a page', () => {
		expect(olderPageStart([90, 80, 70], 3)).toEqual({ from: -Infinity, hasOlder: false });
		expect(olderPageStart([], 3)).toEqual({ from: -Infinity, hasOlder: false });
	});
});

describe('newerPageEnd', () => {
	it('ends the page at the first row beyond the limit', () => {
		expect(newerPageEnd([10, 20, 30, 40], 3, 100)).toEqual({ to: 40, reachesEnd: false });
	});

	it('joins the live tail when the rows do not fill a page', () => {
		expect(newerPageEnd([10, 20], 3, 100)).toEqual({ to: 100, reachesEnd: true });
		expect(newerPageEnd([], 3, 100)).toEqual({ to: 100, reachesEnd: true });
	});

	it('asks for the next distinct time when a whole page shares one time', () => {
		expect(newerPageEnd([10, 10, 10, 10], 3, 100)).toEqual({ to: null, reachesEnd: false });
		expect(newerPageEnd([10, 10, 10, 20], 3, 100)).toEqual({ to: 20, reachesEnd: false });
	});
});

describe('local days', () => {
	it('turns a date input value into local midnight and back', () => {
		const start = localDayStart('2024-03-05');
		expect(start).toBe(new Date(2024, 2, 5).getTime());
		expect(localDay(start!)).toBe('2024-03-05');
		expect(localDay(new Date(2024, 2, 5, 23, 59).getTime())).toBe('2024-03-05');
	});

	it('refuses values that are not real dates', () => {
		expect(localDayStart('')).toBeNull();
		expect(localDayStart('2024-02-31')).toBeNull();
		expect(localDayStart('2024-13-01')).toBeNull();
		expect(localDayStart('5 March')).toBeNull();
	});
});

describe('capPages', () => {
	it('drops the newest pages when going back and the oldest when going forward', () => {
		expect(capPages([1, 2, 3, 4], 3, 'older')).toEqual({ pages: [1, 2, 3], dropped: true });
		expect(capPages([1, 2, 3, 4], 3, 'newer')).toEqual({ pages: [2, 3, 4], dropped: true });
		expect(capPages([1, 2], 3, 'older')).toEqual({ pages: [1, 2], dropped: false });
	});
});
