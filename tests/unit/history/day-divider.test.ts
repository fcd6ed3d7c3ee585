import { afterEach, describe, expect, it } from 'vitest';
import { dayLabel, localDay, startsDay, untilNextDay } from '../../../src/lib/history/day-divider';

// Local days follow the runtime's time zone; Node applies a changed TZ at once.
const originalZone = process.env['TZ'];
function inZone(zone: string): void {
	process.env['TZ'] = zone;
}
afterEach(() => {
	if (originalZone === undefined) delete process.env['TZ'];
	else process.env['TZ'] = originalZone;
});

describe('date dividers', () => {
	it('splits at local midnight, not at UTC midnight', () => {
		inZone('America/New_York');
		// 23:59 and 00:01 New York time (UTC-5 in January).
		const before = Date.parse('2026-01-15T04:59:00Z');
		const after = Date.parse('2026-01-15T05:01:00Z');
		expect(startsDay(after, before)).toBe(true);
		// 20:00 and 23:00 New York: the same day, though UTC midnight lies between them.
		expect(startsDay(Date.parse('2026-01-15T04:00:00Z'), Date.parse('2026-01-15T01:00:00Z'))).toBe(false);
	});

	it('the same instants fall on different days in another zone', () => {
		const a = Date.parse('2026-01-15T04:00:00Z');
		const b = Date.parse('2026-01-15T06:00:00Z');
		inZone('America/New_York');
		expect(startsDay(b, a)).toBe(true);
		inZone('Asia/Tokyo');
		expect(startsDay(b, a)).toBe(false);
	});

	it('a DST day of 23 or 25 hours is one day', () => {
		inZone('Europe/Berlin');
		// 2026-03-29 has 23 hours in Berlin, 2026-10-25 has 25.
		const springStart = new Date(2026, 2, 29, 0, 30).getTime();
		const springEnd = new Date(2026, 2, 29, 23, 30).getTime();
		expect(startsDay(springEnd, springStart)).toBe(false);
		expect(localDay(new Date(2026, 2, 30, 0, 10).getTime()) - localDay(springEnd)).toBe(1);
		const autumnStart = new Date(2026, 9, 25, 0, 10).getTime();
		const autumnEnd = new Date(2026, 9, 25, 23, 50).getTime();
		expect(autumnEnd - autumnStart).toBeGreaterThan(24 * 3600_000);
		expect(startsDay(autumnEnd, autumnStart)).toBe(false);
		expect(untilNextDay(new Date(2026, 2, 29, 0, 0).getTime())).toBe(23 * 3600_000);
		expect(untilNextDay(new Date(2026, 9, 25, 0, 0).getTime())).toBe(25 * 3600_000);
	});

	it('the first message always opens a day', () => {
		expect(startsDay(Date.now(), undefined)).toBe(true);
	});

	it('labels today, yesterday, a weekday within the week, else the date', () => {
		inZone('Europe/Berlin');
		const now = new Date(2026, 10, 30, 0, 20).getTime(); // Monday 30 November 2026, just after midnight
		expect(dayLabel(new Date(2026, 10, 30, 0, 5).getTime(), now)).toBe('Today');
		expect(dayLabel(new Date(2026, 10, 29, 23, 55).getTime(), now)).toBe('Yesterday');
		expect(dayLabel(new Date(2026, 10, 27, 12, 0).getTime(), now)).toMatch(/Friday/);
		expect(dayLabel(new Date(2026, 10, 20, 12, 0).getTime(), now)).toMatch(/20/);
		expect(dayLabel(new Date(2026, 10, 20, 12, 0).getTime(), now)).not.toMatch(/2026/);
		expect(dayLabel(new Date(2025, 10, 20, 12, 0).getTime(), now)).toMatch(/2025/);
	});
});
