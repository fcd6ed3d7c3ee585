import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, INTERVAL_MS, daysSinceBackup, reminderDue, reminderInterval, snoozeUntil } from '../../../src/lib/backup/backup-reminder';

const NOW = 1_800_000_000_000;
const DAY = 24 * 60 * 60 * 1000;
const WEEK = INTERVAL_MS.week;

describe('reminderDue', () => {
	it('is off by default and for anything but week/month', () => {
		for (const interval of [undefined, null, 'off', 'year', 7, { week: true }]) {
			expect(reminderDue({ now: NOW, lastAt: null, interval, snoozedUntil: null })).toBe(false);
		}
	});

	it('is due with no backup at all', () => {
		expect(reminderDue({ now: NOW, lastAt: null, interval: 'week', snoozedUntil: null })).toBe(true);
	});

	it('is due once the last backup is one interval old, not before', () => {
		expect(reminderDue({ now: NOW, lastAt: NOW - WEEK + 1, interval: 'week', snoozedUntil: null })).toBe(false);
		expect(reminderDue({ now: NOW, lastAt: NOW - WEEK, interval: 'week', snoozedUntil: null })).toBe(true);
		expect(reminderDue({ now: NOW, lastAt: NOW - WEEK, interval: 'month', snoozedUntil: null })).toBe(false);
		expect(reminderDue({ now: NOW, lastAt: NOW - INTERVAL_MS.month, interval: 'month', snoozedUntil: null })).toBe(true);
	});

	it('"Later" holds it back until the snooze ends', () => {
		expect(reminderDue({ now: NOW, lastAt: null, interval: 'week', snoozedUntil: NOW + 1 })).toBe(false);
		expect(reminderDue({ now: NOW, lastAt: null, interval: 'week', snoozedUntil: NOW })).toBe(true);
		expect(reminderDue({ now: NOW, lastAt: null, interval: 'week', snoozedUntil: snoozeUntil(NOW - 1, 'week') })).toBe(false);
	});

	it('ignores a snooze longer than one interval (a clock that went back, or a hostile setting)', () => {
		expect(reminderDue({ now: NOW, lastAt: null, interval: 'week', snoozedUntil: NOW + WEEK })).toBe(false);
		expect(reminderDue({ now: NOW, lastAt: null, interval: 'week', snoozedUntil: NOW + WEEK + 1 })).toBe(true);
	});

	it('treats a last backup far in the future, or not a time, as no backup', () => {
		expect(reminderDue({ now: NOW, lastAt: NOW + CLOCK_SKEW_MS, interval: 'week', snoozedUntil: null })).toBe(false);
		expect(reminderDue({ now: NOW, lastAt: NOW + CLOCK_SKEW_MS + 1, interval: 'week', snoozedUntil: null })).toBe(true);
		for (const lastAt of ['1800000000000', Number.NaN, Infinity, -1, {}]) {
			expect(reminderDue({ now: NOW, lastAt, interval: 'week', snoozedUntil: null })).toBe(true);
		}
	});

	it('ignores a snooze that is not a time', () => {
		for (const snoozedUntil of [String(NOW + DAY), Number.NaN, Infinity, -1]) {
			expect(reminderDue({ now: NOW, lastAt: null, interval: 'week', snoozedUntil })).toBe(true);
		}
	});
});

describe('helpers', () => {
	it('reminderInterval keeps week and month, else off', () => {
		expect(reminderInterval('week')).toBe('week');
		expect(reminderInterval('month')).toBe('month');
		expect(reminderInterval('WEEK')).toBe('off');
	});

	it('snoozeUntil is one interval ahead; nothing when off', () => {
		expect(snoozeUntil(NOW, 'week')).toBe(NOW + WEEK);
		expect(snoozeUntil(NOW, 'month')).toBe(NOW + INTERVAL_MS.month);
		expect(snoozeUntil(NOW, 'off')).toBeNull();
	});

	it('daysSinceBackup counts whole days; null without a trusted backup', () => {
		expect(daysSinceBackup(NOW, NOW - 8 * DAY - 1)).toBe(8);
		expect(daysSinceBackup(NOW, NOW + DAY)).toBe(0);
		expect(daysSinceBackup(NOW, NOW + 2 * DAY)).toBeNull();
		expect(daysSinceBackup(NOW, null)).toBeNull();
	});
});
