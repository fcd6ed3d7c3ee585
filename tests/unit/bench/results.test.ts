import { describe, expect, it } from 'vitest';
import { BenchResults } from '../../../bench/results';
import { selectSections, SECTIONS } from '../../../bench/selection';

describe('bench figures', () => {
	it('judges an absolute target: lower is better unless said otherwise', () => {
		const results = new BenchResults();
		expect(results.add({ name: 'latency', value: 6, unit: 'ms', baseline: 2, target: 5 })).toMatchObject({ ratio: 3, target: 5, rule: '≤ 5 ms', better: 'lower', met: false });
		expect(results.add({ name: 'latency', value: 5, unit: 'ms', target: 5 }).met).toBe(true);
	});

	it('judges a higher-is-better target the other way round', () => {
		const results = new BenchResults();
		expect(results.add({ name: 'burst', value: 999, unit: 'msg/s', target: 1000, better: 'higher' })).toMatchObject({ rule: '≥ 1000 msg/s', met: false });
		expect(results.add({ name: 'burst', value: 1000, unit: 'msg/s', target: 1000, better: 'higher' }).met).toBe(true);
	});

	it('turns a target relative to the baseline into this run’s absolute target', () => {
		const results = new BenchResults();
		const flush = results.add({ name: 'flush', value: 3_100, unit: 'ms', baseline: 1_000, targetRatio: 3 });
		expect(flush).toMatchObject({ target: 3_000, rule: '≤ 3 × baseline', ratio: 3.1, met: false });
		expect(results.add({ name: 'flush', value: 2_900, unit: 'ms', baseline: 1_000, targetRatio: 3 }).met).toBe(true);
		// No baseline measured: nothing to judge against.
		expect(results.add({ name: 'flush', value: 2_900, unit: 'ms', targetRatio: 3 })).toMatchObject({ target: null, met: null });
	});

	it('leaves report-only figures unjudged and prints every figure in the table', () => {
		const results = new BenchResults();
		results.add({ name: 'strict commit', value: 9.9, unit: 'ms', baseline: 3.7 });
		results.add({ name: 'heap growth', value: 31.1, unit: 'MB', target: 10, note: 'extrapolated' });
		expect(results.figures[0]).toMatchObject({ target: null, rule: null, met: null });
		expect(results.figures[1]!.note).toBe('extrapolated');
		const table = results.table();
		expect(table).toContain('strict commit');
		expect(table).toMatch(/heap growth.*31\.1 MB.*≤ 10 MB\s+MISSED/);
	});
});

describe('bench parts', () => {
	it('runs everything unless arguments or BENCH_ONLY name parts', () => {
		expect([...selectSections([], undefined)]).toEqual([...SECTIONS]);
		expect([...selectSections([], ' ')]).toEqual([...SECTIONS]);
	});

	it('takes parts from arguments first, then from BENCH_ONLY, comma or space separated', () => {
		expect([...selectSections(['burst', 'heap'], 'lighthouse')]).toEqual(['burst', 'heap']);
		expect([...selectSections(['burst,heap'], undefined)]).toEqual(['burst', 'heap']);
		expect([...selectSections([], 'first-load, lighthouse')]).toEqual(['first-load', 'lighthouse']);
	});

	it('refuses an unknown part instead of measuring nothing', () => {
		expect(() => selectSections(['bursts'], undefined)).toThrow(/unknown bench section\(s\): bursts/);
	});
});
