import { describe, expect, it } from 'vitest';
import { formatListTime, formatTime } from '../../../src/lib/components/time-format';

// Bubble times are remembered per minute: the label must stay exactly what the formatter says.
const intl = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const MINUTE_MS = 60_000;

describe('a bubble time', () => {
	it('is the formatter’s label on both sides of a minute boundary', () => {
		const boundary = Date.UTC(2026, 10, 29, 21, 59);
		for (const ms of [boundary - 1, boundary, boundary + MINUTE_MS - 1, boundary + MINUTE_MS]) expect(formatTime(ms)).toBe(intl.format(ms));
		expect(formatTime(boundary - 1)).not.toBe(formatTime(boundary));
	});

	it('stays right across more minutes than are remembered, in any order', () => {
		const start = Date.UTC(2026, 0, 1, 0, 0, 30);
		const minutes = Array.from({ length: 1_000 }, (_, i) => start + ((i * 7919) % 1_000) * MINUTE_MS);
		for (const ms of [...minutes, ...minutes]) expect(formatTime(ms)).toBe(intl.format(ms));
	});
});

describe('a conversation list time', () => {
	const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

	it('is the time of day today (around local midnight too) and the date before', () => {
		const now = new Date(2026, 10, 30, 0, 0, 10).getTime();
		const earlier = [now - 20_000, now - 86_400_000, new Date(2025, 10, 30, 12).getTime()];
		for (const ms of earlier) expect(formatListTime(ms, now)).toBe(dayMonth.format(ms));
		for (const ms of [now - 10_000, now, now + 3_600_000]) expect(formatListTime(ms, now)).toBe(intl.format(ms));
	});
});
