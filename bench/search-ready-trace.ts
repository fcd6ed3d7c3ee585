import { readFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { TEST_HOOKS_INIT, waitForHooks } from '../tests/e2e/parley-hooks';
import { openOnboardedPeer } from './app-peers';
import { ANSWER_PROBE, describe, startAndSearch, waitForSavedIndex } from './search-ready';
import { startAppServer } from './server';

// A profiling aid for the search-ready figure, not a bench part: seeds 100k messages once, lets
// the app save its index, restarts RUNS times (the last one traced) and prints the page's and
// the worker's tasks between navigation and the first hit.
// Run: npm run build:test && node tests/e2e/run-isolated.mjs tsx bench/search-ready-trace.ts
const MESSAGES = 100_000;
const RUNS = Number(process.env['RUNS'] ?? 3);
const TRACE_FILE = process.env['TRACE_FILE'] ?? '/tmp/search-ready-trace.json';
const MIN_TASK_MS = Number(process.env['MIN_TASK_MS'] ?? 4);

interface TraceEvent {
	name: string;
	cat: string;
	ph: string;
	ts: number;
	dur?: number;
	pid: number;
	tid: number;
	args?: { name?: string; data?: { url?: string; functionName?: string; type?: string; timerId?: number } };
}

const DETAIL = new Set(['FunctionCall', 'EvaluateScript', 'v8.compile', 'v8.compileModule', 'Layout', 'UpdateLayoutTree', 'Paint', 'ParseHTML', 'TimerFire', 'EventDispatch', 'FireAnimationFrame', 'GCEvent', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'BlinkGC.AtomicPhase', 'v8.run', 'HandlePostMessage', 'RunMicrotasks', 'FunctionCall', 'ResourceReceivedData', 'PrePaint', 'Commit']);

function label(event: TraceEvent): string {
	const data = event.args?.data;
	const where = data?.url ? ` ${data.url.replace(/^.*\//, '')}` : '';
	const fn = data?.functionName ? ` ${data.functionName}` : '';
	const type = data?.type ? ` ${data.type}` : '';
	return `${event.name}${type}${fn}${where}`;
}

async function analyse(file: string, navigationTs: number, untilMs: number): Promise<void> {
	const { traceEvents } = JSON.parse(await readFile(file, 'utf8')) as { traceEvents: TraceEvent[] };
	const names = new Map<string, string>();
	for (const event of traceEvents) if (event.ph === 'M' && event.name === 'thread_name') names.set(`${event.pid}:${event.tid}`, event.args?.name ?? '?');
	const threads = [...names.entries()].filter(([, name]) => name === 'CrRendererMain' || name.startsWith('DedicatedWorker'));
	const at = (ts: number) => (ts - navigationTs) / 1000;
	for (const [key, name] of threads) {
		const events = traceEvents.filter((event) => `${event.pid}:${event.tid}` === key && event.ph === 'X' && at(event.ts) >= -5 && at(event.ts) <= untilMs);
		if (events.length === 0) continue;
		console.log(`\n== ${name} (${key})`);
		const tasks = events.filter((event) => event.name === 'ThreadControllerImpl::RunTask' || event.name === 'RunTask');
		let busy = 0;
		for (const task of tasks) {
			const ms = (task.dur ?? 0) / 1000;
			busy += ms;
			if (ms < MIN_TASK_MS) continue;
			const end = task.ts + (task.dur ?? 0);
			const inside = events
				.filter((event) => DETAIL.has(event.name) && event.ts >= task.ts && event.ts <= end && (event.dur ?? 0) / 1000 >= 1)
				.sort((a, b) => a.ts - b.ts)
				.slice(0, 8)
				.map((event) => `${label(event)} ${((event.dur ?? 0) / 1000).toFixed(1)}`);
			console.log(`${at(task.ts).toFixed(0).padStart(5)} ms +${ms.toFixed(1).padStart(6)}  ${inside.join(' | ')}`);
		}
		console.log(`busy ${busy.toFixed(0)} ms in tasks up to ${untilMs.toFixed(0)} ms`);
	}
	const marks = traceEvents.filter((event) => event.cat.includes('blink.user_timing') && event.name.startsWith('parley'));
	for (const mark of marks) console.log(`mark ${mark.name} at ${at(mark.ts).toFixed(0)} ms`);
}

async function main(): Promise<void> {
	const server = await startAppServer();
	const browser = await chromium.launch(chromiumLaunchOptions);
	try {
		const peer = await openOnboardedPeer(browser, server.baseURL, 'Searcher', [TEST_HOOKS_INIT, ANSWER_PROBE]);
		await waitForHooks(peer.page);
		await peer.page.evaluate(
			({ count }) => (globalThis as unknown as { __parley: { seedHistory(p: string, n: number, o: object): Promise<unknown> } }).__parley.seedHistory(`p${'b'.repeat(32)}`, count, { name: 'History' }),
			{ count: MESSAGES }
		);
		console.log(describe('not yet indexed', await startAndSearch(peer.page)));
		if (!(await waitForSavedIndex(peer.page, MESSAGES))) throw new Error('no saved index');
		for (let run = 1; run <= RUNS; run++) {
			const traced = run === RUNS && process.env['TRACE'] !== '0';
			if (traced) await browser.startTracing(peer.page, { path: TRACE_FILE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel', 'v8', 'v8.execute'] });
			const timing = await startAndSearch(peer.page);
			console.log(describe(`restart ${run}`, timing));
			if (!traced) continue;
			await browser.stopTracing();
			const answering = timing.marks.find((mark) => mark.name === 'parley:search-answering');
			const { traceEvents } = JSON.parse(await readFile(TRACE_FILE, 'utf8')) as { traceEvents: TraceEvent[] };
			const markEvent = traceEvents.filter((event) => event.name === 'parley:search-answering').at(-1);
			if (!answering || !markEvent) throw new Error('no answering mark to align the trace');
			await analyse(TRACE_FILE, markEvent.ts - answering.ms * 1000, timing.answerMs + 20);
		}
		await peer.context.close();
	} finally {
		await browser.close();
		await server.stop();
	}
}

await main();
