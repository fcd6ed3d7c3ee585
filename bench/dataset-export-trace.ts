import { readFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { runDatasetExportBench } from './dataset-export-bench';
import { BenchResults } from './results';
import { startAppServer } from './server';

// A profiling aid for the dataset-export figure, not a bench part: runs it once with a Chrome
// trace and prints each main-thread task of the page longer than MIN_TASK_MS, with what ran in it
// (script by file and function, GC, message handling, layout), timed from the click on Preview.
// Run: npm run build:test && node tests/e2e/run-isolated.mjs tsx bench/dataset-export-trace.ts
const TRACE_FILE = process.env['TRACE_FILE'] ?? '/tmp/dataset-export-trace.json';
const MIN_TASK_MS = Number(process.env['MIN_TASK_MS'] ?? 50);
const MIN_DETAIL_MS = 2;

interface TraceEvent {
	name: string;
	cat: string;
	ph: string;
	ts: number;
	dur?: number;
	pid: number;
	tid: number;
	args?: { name?: string; data?: { url?: string; functionName?: string; type?: string } };
}

const DETAIL = /^(FunctionCall|EvaluateScript|v8\.compile|Layout|UpdateLayoutTree|Paint|PrePaint|TimerFire|EventDispatch|FireAnimationFrame|MajorGC|MinorGC|V8\.GC_\w+|BlinkGC\.\w+|HandlePostMessage|RunMicrotasks|v8\.run|ParseHTML|Commit|V8\.GCFinalizeMC|V8\.GCScavenger|IndexedDB\w*)$/;

function label(event: TraceEvent): string {
	const data = event.args?.data;
	return [event.name, data?.type, data?.functionName, data?.url?.replace(/^.*\//, '')].filter(Boolean).join(' ');
}

async function main(): Promise<void> {
	const server = await startAppServer();
	const browser = await chromium.launch(chromiumLaunchOptions);
	try {
		await runDatasetExportBench(browser, server.baseURL, new BenchResults(), { tracePath: TRACE_FILE });
	} finally {
		await browser.close();
		await server.stop();
	}
	const { traceEvents } = JSON.parse(await readFile(TRACE_FILE, 'utf8')) as { traceEvents: TraceEvent[] };
	const click = traceEvents.find((event) => event.name === 'parley:export-click');
	if (!click) throw new Error('no click mark in the trace');
	const names = new Map<string, string>();
	for (const event of traceEvents) if (event.ph === 'M' && event.name === 'thread_name') names.set(`${event.pid}:${event.tid}`, event.args?.name ?? '?');
	const main = `${click.pid}:${click.tid}`;
	const events = traceEvents.filter((event) => `${event.pid}:${event.tid}` === main && event.ph === 'X' && event.ts >= click.ts);
	// Chromium nests a RunTask in each ThreadControllerImpl::RunTask: count one of them.
	const taskName = events.some((event) => event.name === 'ThreadControllerImpl::RunTask') ? 'ThreadControllerImpl::RunTask' : 'RunTask';
	const tasks = events.filter((event) => event.name === taskName && (event.dur ?? 0) / 1000 >= MIN_TASK_MS);
	console.log(`\n${names.get(main) ?? main}: ${tasks.length} tasks of ${MIN_TASK_MS} ms or more after the click`);
	for (const task of tasks) {
		const end = task.ts + (task.dur ?? 0);
		const inside = events
			.filter((event) => DETAIL.test(event.name) && event.ts >= task.ts && event.ts <= end && (event.dur ?? 0) / 1000 >= MIN_DETAIL_MS)
			.sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
			.slice(0, 10)
			.map((event) => `${label(event)} ${((event.dur ?? 0) / 1000).toFixed(1)}`);
		console.log(`${((task.ts - click.ts) / 1e6).toFixed(2).padStart(6)} s +${((task.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms  ${inside.join(' | ')}`);
	}
}

await main();
