import { describe, expect, it } from 'vitest';
import { formatSecondsLeft, TransferRate } from '../../../src/lib/files/transfer-rate';

describe('transfer rate', () => {
	it('has no rate before two samples, then follows a steady rate', () => {
		const rate = new TransferRate();
		expect(rate.update(0, 0)).toBe(0);
		expect(rate.secondsLeft(0, 100)).toBeNull();
		rate.update(1_000_000, 1000);
		expect(rate.bytesPerSecond).toBeCloseTo(1_000_000);
		for (let t = 2; t <= 10; t++) rate.update(t * 1_000_000, t * 1000);
		expect(rate.bytesPerSecond).toBeCloseTo(1_000_000);
		expect(rate.secondsLeft(10_000_000, 15_000_000)).toBeCloseTo(5);
	});

	it('moves towards a new rate within a few half-lives, not at once', () => {
		const rate = new TransferRate(1000);
		rate.update(0, 0);
		rate.update(1000, 1000);
		rate.update(1000 + 3000, 2000);
		expect(rate.bytesPerSecond).toBeGreaterThan(1000);
		expect(rate.bytesPerSecond).toBeLessThan(3000);
		for (let t = 3; t < 12; t++) rate.update(4000 + (t - 2) * 3000, t * 1000);
		expect(rate.bytesPerSecond).toBeGreaterThan(2990);
	});

	it('starts again when the count goes back (a transfer restarted)', () => {
		const rate = new TransferRate();
		rate.update(0, 0);
		rate.update(5000, 1000);
		const before = rate.bytesPerSecond;
		rate.update(0, 2000);
		expect(rate.bytesPerSecond).toBe(before);
		rate.update(100, 2000);
		expect(rate.bytesPerSecond).toBe(before);
	});

	it('takes the first sample as the start, whenever it comes', () => {
		const rate = new TransferRate();
		expect(rate.update(1000, 500)).toBe(0);
		expect(rate.update(2000, 1500)).toBe(1000);
	});

	it('falls while a transfer stalls', () => {
		const rate = new TransferRate();
		rate.update(0, 0);
		rate.update(5000, 1000);
		const before = rate.bytesPerSecond;
		rate.update(5000, 3000);
		expect(rate.bytesPerSecond).toBeLessThan(before);
	});
});

describe('time left for people', () => {
	it('formats time left', () => {
		expect(formatSecondsLeft(0.2)).toBe('1 s');
		expect(formatSecondsLeft(42.1)).toBe('43 s');
		expect(formatSecondsLeft(61)).toBe('2 min');
		expect(formatSecondsLeft(60)).toBe('1 min');
		expect(formatSecondsLeft(3600)).toBe('1 h');
		expect(formatSecondsLeft(3900)).toBe('1 h 5 min');
	});
});
