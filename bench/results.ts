import { writeFileSync } from 'node:fs';

/** One figure of `npm run bench`, as written to bench-results.json. */
export interface Figure {
	name: string;
	value: number;
	unit: string;
	/** The reference measured in the same run (raw transport, raw IndexedDB, a library default…), or null. */
	baseline: number | null;
	/** value / baseline. */
	ratio: number | null;
	/** In the value's unit; for a target given as a multiple of the baseline, that multiple times this run's baseline. */
	target: number | null;
	/** How the target reads, e.g. "≤ 5 ms" or "≤ 3 × baseline"; null without a target. */
	rule: string | null;
	/** Whether a smaller value is better (latencies, sizes) or a larger one (throughput, scores). */
	better: 'lower' | 'higher';
	met: boolean | null;
	/** How this run measured it when that differs from the name, e.g. an extrapolation. */
	note?: string;
}

export interface FigureInput {
	name: string;
	value: number;
	unit: string;
	baseline?: number | null;
	/** An absolute target, in the value's unit. */
	target?: number | null;
	/** A target relative to the baseline: met when value ≤ targetRatio × baseline (or ≥ for `better: 'higher'`). */
	targetRatio?: number;
	better?: 'lower' | 'higher';
	note?: string;
}

export const RESULTS_FILE = 'bench-results.json';

export class BenchResults {
	readonly figures: Figure[] = [];

	add(input: FigureInput): Figure {
		const baseline = input.baseline ?? null;
		const better = input.better ?? 'lower';
		const relation = better === 'lower' ? '≤' : '≥';
		let target = input.target ?? null;
		let rule = target === null ? null : `${relation} ${target} ${input.unit}`;
		if (input.targetRatio !== undefined) {
			target = baseline === null ? null : input.targetRatio * baseline;
			rule = `${relation} ${input.targetRatio} × baseline`;
		}
		const figure: Figure = {
			name: input.name,
			value: round(input.value),
			unit: input.unit,
			baseline: baseline === null ? null : round(baseline),
			ratio: baseline ? round(input.value / baseline) : null,
			target: target === null ? null : round(target),
			rule,
			better,
			met: target === null ? null : better === 'lower' ? input.value <= target : input.value >= target,
			...(input.note === undefined ? {} : { note: input.note })
		};
		this.figures.push(figure);
		return figure;
	}

	/** Written at the end, and after a failure too, so the figures measured so far are kept. */
	write(path = RESULTS_FILE): void {
		writeFileSync(path, `${JSON.stringify(this.figures, null, '\t')}\n`);
		console.log(`${this.figures.length} figures written to ${path}`);
	}

	/** Every figure of the run in one table: value, same-run baseline, ratio, target, verdict. */
	table(): string {
		const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'met'];
		const number = (value: number | null, unit = '') => (value === null ? '—' : `${format(value)}${unit ? ` ${unit}` : ''}`);
		const rows = this.figures.map((f) => [
			f.name,
			number(f.value, f.unit),
			number(f.baseline, f.unit),
			f.ratio === null ? '—' : `${format(f.ratio)}×`,
			f.rule === null ? '—' : f.rule.includes('baseline') ? `${f.rule} = ${number(f.target, f.unit)}` : f.rule,
			f.met === null ? '' : f.met ? 'MET' : 'MISSED'
		]);
		const widths = header.map((_, col) => Math.max(...[header, ...rows].map((cells) => cells[col]!.length)));
		const line = (cells: readonly string[]) => cells.map((cell, col) => (col === 0 || col === 4 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ');
		return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
	}
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** Three significant digits at most, no exponent: 0.123, 12.3, 1234. */
function format(value: number): string {
	if (value === 0 || Math.abs(value) >= 100) return value.toFixed(0);
	return String(Number(value.toPrecision(3)));
}
