import { describe, expect, it } from 'vitest';
import { hostShare, quietRounds, stealMsOf } from '../../../bench/host-steal';

describe('stealMsOf', () => {
	it('reads the steal column of the all-CPU line, in ms', () => {
		const stat = 'cpu  2703418 678238 1139526 11793158 11784 0 29355 188995 0 0\ncpu0 1 2 3 4 5 6 7 99 0 0\n';
		expect(stealMsOf(stat)).toBe(1_889_950);
	});

	it('says nothing for text that is not /proc/stat or has no steal column', () => {
		expect(stealMsOf('intr 1 2 3 4 5 6 7 8 9')).toBeNull();
		expect(stealMsOf('cpu 1 2 3 4 5 6 7')).toBeNull();
		expect(stealMsOf('cpu 1 2 3 4 5 6 7 x 0 0')).toBeNull();
	});
});

describe('hostShare', () => {
	it('is the stolen time over the CPUs’ time of the run', () => {
		expect(hostShare(1_000, 4_000, 30_000, 2)).toBeCloseTo(0.05);
	});

	it('is null without both readings or a run to divide by', () => {
		expect(hostShare(null, 4_000, 30_000, 2)).toBeNull();
		expect(hostShare(1_000, null, 30_000, 2)).toBeNull();
		expect(hostShare(1_000, 4_000, 0, 2)).toBeNull();
		expect(hostShare(1_000, 4_000, 30_000, 0)).toBeNull();
	});
});

describe('quietRounds', () => {
	const round = (ratio: number, host: number | null) => ({ ratio, host });

	it('counts only rounds the host left under the limit', () => {
		const rounds = [round(0.93, 0.2), round(0.81, 0.01), round(0.88, 0.049), round(1.2, 0.05)];
		expect(quietRounds(rounds, 0.05)).toEqual({ counted: [rounds[1], rounds[2]], quiet: true });
	});

	it('falls back to every round, and says so, when none was quiet or none could be measured', () => {
		const busy = [round(0.7, 0.3), round(1.2, 0.2)];
		expect(quietRounds(busy, 0.05)).toEqual({ counted: busy, quiet: false });
		const unmeasured = [round(0.9, null)];
		expect(quietRounds(unmeasured, 0.05)).toEqual({ counted: unmeasured, quiet: false });
	});
});
