// @ts-nocheck
// 
// 
import type { LatencySummary } from './stats';

export interface Row {
	label: string;
	summary: LatencySummary;
}

export interface Target {
	label: string;
	actual: number;
	limit: number;
}

const ms = (value: number) => value.toFixed(3);

/** A fixed-width table; numbers right-aligned so columns compare at a glance. */
export function latencyTable(rows: readonly Row[]): string {
	const header = ['metric (ms)', 'n', 'p50', 'p99', 'mean', 'max'];
	const body = rows.map(({ label, summary: s }) => [label, String(s.n), ms(s.p50), ms(s.p99), ms(s.mean), ms(s.max)]);
	const widths = header.map((_, col) => Math.max(...[header, ...body].map((cells) => cells[col]!.length)));
	const line = (cells: readonly string[]) =>
		cells.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ');
	const rule = widths.map((w) => '-'.repeat(w)).join('  ');
	return [line(header), rule, ...body.map(line)].join('\n');
}

export function targetLines(targets: readonly Target[]): string[] {
	return targets.map(({ label, actual, limit }) => {
		const verdict = actual <= limit ? 'MET   ' : 'MISSED';
		return `${verdict} ${label} ≤ ${limit} ms (actual ${ms(actual)} ms)`;
	});
}

/** Halves every statistic: a one-way estimate from round trips on a symmetric link. */
export function halve(summary: LatencySummary): LatencySummary {
	return { ...summary, p50: summary.p50 / 2, p99: summary.p99 / 2, mean: summary.mean / 2, max: summary.max / 2 };
}
