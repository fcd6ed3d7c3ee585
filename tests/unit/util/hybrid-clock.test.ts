import { describe, expect, it } from 'vitest';
import { CLOCK_CATCH_UP_RATE, CLOCK_JUMP_MS, HybridClock, monotonicClock } from '../../../src/lib/util/monotonic-clock';

const HOUR_MS = 3_600_000;

/** A wall clock the test sets by hand. */
function wallAt(start: number) {
	const wall = { ms: start, now: () => wall.ms };
	return wall;
}

describe('HybridClock', () => {
	it('resumes above the newest stored time when the wall clock went back between two starts', () => {
		const wall = wallAt(10 * HOUR_MS);
		const before = new HybridClock(wall.now);
		const stored = [before.now(), before.now()];
		wall.ms -= 2 * HOUR_MS;
		const after = new HybridClock(wall.now, Math.max(...stored));
		const next = after.now();
		expect(next).toBeGreaterThan(Math.max(...stored));
		// And it goes on at (close to) the wall's pace, not by ticks: deadlines measured with it still pass.
		wall.ms += 10_000;
		expect(after.now() - next).toBeGreaterThanOrEqual(10_000 * (1 - CLOCK_CATCH_UP_RATE) - 0.01);
	});

	it('follows the wall clock when the stored floor is in the past', () => {
		const wall = wallAt(5 * HOUR_MS);
		const clock = new HybridClock(wall.now, HOUR_MS);
		expect(clock.now()).toBe(5 * HOUR_MS);
		wall.ms += 250;
		expect(clock.now()).toBe(5 * HOUR_MS + 250);
	});

	it('never repeats a reading within one millisecond', () => {
		const clock = new HybridClock(() => 1_000);
		const readings = Array.from({ length: 100 }, () => clock.now());
		for (let i = 1; i < readings.length; i++) expect(readings[i]!).toBeGreaterThan(readings[i - 1]!);
		expect(readings.at(-1)! - 1_000).toBeLessThan(1);
	});

	it('absorbs a backward jump while running and keeps measuring durations', () => {
		const wall = wallAt(HOUR_MS);
		const clock = new HybridClock(wall.now);
		const before = clock.now();
		wall.ms -= HOUR_MS / 2;
		const jumped = clock.now();
		expect(jumped).toBeGreaterThan(before);
		wall.ms += 5_000;
		expect(clock.now() - jumped).toBeGreaterThanOrEqual(5_000 * (1 - CLOCK_CATCH_UP_RATE) - 0.01);
	});

	it('creeps by ticks over a step back smaller than a jump (same-millisecond noise)', () => {
		const wall = wallAt(HOUR_MS);
		const clock = new HybridClock(wall.now);
		const before = clock.now();
		wall.ms -= CLOCK_JUMP_MS / 2;
		expect(clock.now() - before).toBeLessThan(0.01);
	});

	it('meets the wall clock again after running ahead of it', () => {
		const wall = wallAt(HOUR_MS);
		const clock = new HybridClock(wall.now, HOUR_MS + 60_000);
		for (let i = 0; i < 200; i++) {
			wall.ms += 10_000;
			clock.now();
		}
		wall.ms += 10_000;
		expect(clock.now()).toBe(wall.ms);
	});

	it('comes after a time another tab stored, even far ahead of its own wall clock', () => {
		const wall = wallAt(HOUR_MS);
		const clock = new HybridClock(wall.now);
		clock.now();
		clock.observe(3 * HOUR_MS);
		expect(clock.now()).toBeGreaterThan(3 * HOUR_MS);
		clock.observe(Number.NaN);
		clock.observe(0);
		expect(clock.now()).toBeGreaterThan(3 * HOUR_MS);
	});

	it('monotonicClock: an in-memory clock that never goes back', () => {
		const wall = wallAt(2_000);
		const now = monotonicClock(wall.now);
		const first = now();
		wall.ms = 1_000;
		expect(now()).toBeGreaterThan(first);
	});
});
