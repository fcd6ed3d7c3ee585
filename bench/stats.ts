/**
 * The p-th percentile (0–100) of values, interpolating linearly between the
 * two nearest ranks (the common "type 7" definition, as numpy's default), so
 * small samples still give stable p99s.
 */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) throw new Error('percentile of an empty list');
	if (!(p >= 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
	const sorted = [...values].sort((x, y) => x - y);
	const rank = (p / 100) * (sorted.length - 1);
	const lower = Math.floor(rank);
	const upper = Math.ceil(rank);
	const low = sorted[lower]!;
	const high = sorted[upper]!;
	return low + (high - low) * (rank - lower);
}

export function mean(values: readonly number[]): number {
	if (values.length === 0) throw new Error('mean of an empty list');
	return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export interface LatencySummary {
	p50: number;
	p99: number;
	mean: number;
	max: number;
	n: number;
}

export function summarize(values: readonly number[]): LatencySummary {
	return {
		p50: percentile(values, 50),
		p99: percentile(values, 99),
		mean: mean(values),
		max: values.reduce((top, v) => Math.max(top, v), -Infinity),
		n: values.length
	};
}

/**
 * The item whose key is the median (the lower middle one for an even count): a whole run, so
 * figures taken together in it (a value and its same-run baseline) stay paired.
 */
export function medianBy<Item>(items: readonly Item[], key: (item: Item) => number): Item {
	if (items.length === 0) throw new Error('median of an empty list');
	const sorted = [...items].sort((a, b) => key(a) - key(b));
	return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
