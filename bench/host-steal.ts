import { readFileSync } from 'node:fs';

// On a shared VM the hypervisor runs other guests on our CPUs while ours want them: Linux counts
// that time as `steal`. A wall-clock bench moves with it, whatever the code does (BENCHMARKS
// "Files (session 26)": 0.1–24.5 s of it in one 30-second run on two CPUs).

/** /proc/stat counts in clock ticks; Linux reports 100 per second (USER_HZ). */
const MS_PER_TICK = 10;

/** Steal in ms, summed over CPUs, from the text of /proc/stat; null when it does not say. */
export function stealMsOf(procStat: string): number | null {
	const first = procStat.split('\n', 1)[0]!.trim().split(/\s+/);
	// cpu user nice system idle iowait irq softirq steal …
	if (first[0] !== 'cpu' || first.length < 9) return null;
	const ticks = Number(first[8]);
	return Number.isSafeInteger(ticks) && ticks >= 0 ? ticks * MS_PER_TICK : null;
}

/** Steal in ms so far on this machine; null off Linux. */
export function stolenMs(): number | null {
	try {
		return stealMsOf(readFileSync('/proc/stat', 'utf8'));
	} catch {
		return null;
	}
}

/** Of `cpus` CPUs' time over `ms`, the share the host took, from two `stolenMs()` readings; null without both. */
export function hostShare(from: number | null, to: number | null, ms: number, cpus: number): number | null {
	if (from === null || to === null || !(ms > 0) || !(cpus > 0)) return null;
	return Math.max(0, to - from) / (ms * cpus);
}

/**
 * The rounds a figure is taken from: those whose host share (the largest of its runs') is
 * under `limit`; when none is (or none could be measured), all of them, and `quiet` says so.
 */
export function quietRounds<T extends { host: number | null }>(rounds: readonly T[], limit: number): { counted: T[]; quiet: boolean } {
	const quiet = rounds.filter((round) => round.host !== null && round.host < limit);
	return quiet.length > 0 ? { counted: quiet, quiet: true } : { counted: [...rounds], quiet: false };
}
