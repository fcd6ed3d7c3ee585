import { describe, expect, it } from 'vitest';
import { medianBy } from '../../../bench/stats';

describe('medianBy', () => {
	const run = (flushMs: number, rawMs: number) => ({ flushMs, rawMs });
	const ratio = (r: { flushMs: number; rawMs: number }) => r.flushMs / r.rawMs;

	it('picks the whole run with the median ratio, so its value and baseline stay paired', () => {
		const runs = [run(1800, 570), run(1500, 600), run(2400, 600)];
		expect(medianBy(runs, ratio)).toBe(runs[0]);
	});

	it('takes the lower middle run of an even count, and refuses an empty list', () => {
		expect(medianBy([run(4, 1), run(2, 1), run(3, 1), run(1, 1)], ratio)).toEqual(run(2, 1));
		expect(() => medianBy([], ratio)).toThrow('empty');
	});
});
