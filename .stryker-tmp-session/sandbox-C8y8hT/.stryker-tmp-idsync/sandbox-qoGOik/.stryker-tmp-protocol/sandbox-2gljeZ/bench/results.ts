// @ts-nocheck
// 
// 
import { writeFileSync } from 'node:fs';

/** One figure of `npm run bench`, as written to bench-results.json. Lower is better for all of them. */
export interface Figure {
	name: string;
	value: number;
	unit: string;
	/** The reference measured in the same run (raw transport, raw IndexedDB, a library default…), or null. */
	baseline: number | null;
	/** value / baseline. */
	ratio: number | null;
	target: number | null;
	met: boolean | null;
}

export const RESULTS_FILE = 'bench-results.json';

export class BenchResults {
	readonly figures: Figure[] = [];

	add(input: { name: string; value: number; unit: string; baseline?: number | null; target?: number | null }): void {
		const baseline = input.baseline ?? null;
		const target = input.target ?? null;
		this.figures.push({
			name: input.name,
			value: round(input.value),
			unit: input.unit,
			baseline: baseline === null ? null : round(baseline),
			ratio: baseline ? round(input.value / baseline) : null,
			target,
			met: target === null ? null : input.value <= target
		});
	}

	/** Written at the end, and after a failure too, so the figures measured so far are kept. */
	write(path = RESULTS_FILE): void {
		writeFileSync(path, `${JSON.stringify(this.figures, null, '\t')}\n`);
		console.log(`${this.figures.length} figures written to ${path}`);
	}
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
