import { describe, expect, it } from 'vitest';
import { formatTime } from '../../../src/lib/components/time-format';

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
