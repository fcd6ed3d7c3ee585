// @ts-nocheck
// 
// 
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from '@playwright/test';
import { build } from 'esbuild';
import { measureHostileFrames, type KindTiming } from './hostile-frames-probe';
import { BenchResults } from './results';

// Worst main-thread time per inbound frame for each hostile frame kind (finding 4 of issue 8:
// "no inbound frame costs more than ~1 ms"). The same probe runs in Chromium (bundled from the
// app's source, so the same decoder, schema and libsodium build) and in Node; the baseline is a
// normal small message frame through the same path in the same run.

const TARGET_MS = 1;
const PROBE = fileURLToPath(new URL('./hostile-frames-probe.ts', import.meta.url));

type Measured = Awaited<ReturnType<typeof measureHostileFrames>>;

/** The probe as one script for a page: it sets globalThis.__hostileProbe. */
async function probeBundle(): Promise<string> {
	const result = await build({
		entryPoints: [PROBE],
		bundle: true,
		format: 'iife',
		globalName: '__hostileProbe',
		platform: 'browser',
		target: 'es2022',
		write: false,
		logLevel: 'silent'
	});
	const file = result.outputFiles[0];
	if (!file) throw new Error('esbuild produced no bundle');
	return file.text;
}

async function measureInChromium(browser: Browser): Promise<Measured> {
	const script = await probeBundle();
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		await page.setContent('<!doctype html><title>hostile frames</title>');
		await page.addScriptTag({ content: script });
		// A string, not a function: tsx would wrap a function's named locals in __name().
		return (await page.evaluate('globalThis.__hostileProbe.measureHostileFrames()')) as Measured;
	} finally {
		await context.close();
	}
}

function table(where: string, measured: Measured): string {
	const rows = [measured.baseline, ...measured.kinds].map((k: KindTiming) => [
		k.label,
		String(k.bytes),
		k.worstMs.toFixed(3),
		k.medianMs.toFixed(3),
		k.worstMs <= TARGET_MS ? 'MET' : 'MISSED',
		k.outcome
	]);
	const header = [`inbound frame, ${where} (ms per frame)`, 'bytes', 'worst', 'median', `≤ ${TARGET_MS} ms`, 'victim did'];
	const widths = header.map((_, col) => Math.max(...[header, ...rows].map((cells) => cells[col]!.length)));
	const line = (cells: readonly string[]) => cells.map((cell, col) => (col === 0 || col === 5 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ');
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function record(results: BenchResults, where: string, measured: Measured): void {
	for (const kind of measured.kinds) {
		results.add({
			name: `hostile frame (${where}): ${kind.label}: worst main-thread time per frame (session receive: decrypt + decode + validate + hand-off)`,
			value: kind.worstMs,
			unit: `ms per frame (${where})`,
			baseline: measured.baseline.worstMs,
			target: TARGET_MS
		});
	}
}

/** The hostile-frame section of `npm run bench`; without a browser, Node only. */
export async function runHostileFramesBench(results: BenchResults, browser?: Browser): Promise<void> {
	console.log('');
	console.log('hostile frames: worst main-thread time per inbound frame, by kind…');
	if (browser) {
		const chromium = await measureInChromium(browser);
		console.log(table(`Chromium ${browser.version()}`, chromium));
		record(results, 'Chromium', chromium);
		console.log('');
	}
	const node = await measureHostileFrames();
	console.log(table(`Node ${process.version}`, node));
	record(results, 'Node', node);
	console.log('(worst over 8 distinct frames per kind, each the best of 3 timings; baseline = the same figure for a normal small message)');
}

// `npx tsx bench/hostile-frames.ts`: the Node part alone, no build or browser needed.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	runHostileFramesBench(new BenchResults()).catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}
