import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { TEST_HOOKS_INIT, sendInParallel, waitForHooks } from '../tests/e2e/parley-hooks';
import { threadHeading } from '../tests/e2e/parley-ui';
import { connectPeers, openOnboardedPeer } from './app-peers';
import { waitForCount } from './outbox-flush';
import { startAppServer } from './server';

// What each browser thread does during a burst (not part of `npm run bench`): the same burst as
// bench/burst-heap.ts under a Chromium trace, summed per thread name and event name (each event's
// thread time, outermost events only, so nested ones are not counted twice). Written to tell which
// work runs on the renderer's ThreadPoolForeground workers (V8's concurrent GC or something else).
// Run: node tests/e2e/run-isolated.mjs tsx bench/burst-trace.ts
const MESSAGES = 1_000;
/** Messages sent before the traced burst (the bench warms up with 20; more shows the steady state). */
const WARM_MESSAGES = Number(process.env['WARM_MESSAGES'] ?? 20);
const PARALLEL_SENDS = 200;
const TOP_EVENTS = 8;
const TRACE_FILE = process.env['TRACE_FILE'] ?? 'burst-trace.json';
const CATEGORIES = ['toplevel', 'v8', ...(process.env['TRACE_COMPILE'] ? ['disabled-by-default-v8.compile'] : []), 'devtools.timeline', 'disabled-by-default-v8.gc', 'IndexedDB', 'blink', 'cc', 'gpu', 'ipc', 'mojom'];

interface TraceEvent {
	ph: string;
	name: string;
	pid: number;
	tid: number;
	ts: number;
	dur?: number;
	tdur?: number;
	args?: { name?: string; src_file?: string };
}

/**
 * A thread-pool task's name is the same for every task; where it was posted from says what it is
 * (v8/src/maglev/… is optimizing compilation, cc/raster/… is tiling, v8/src/heap/… is GC).
 */
function eventLabel(event: TraceEvent): string {
	if (event.name !== 'ThreadPool_RunTask' || !event.args?.src_file) return event.name;
	return event.args.src_file.split('/').slice(-2).join('/');
}

function summarise(events: TraceEvent[]): string[] {
	const threadName = new Map<string, string>();
	for (const event of events) if (event.ph === 'M' && event.name === 'thread_name') threadName.set(`${event.pid}/${event.tid}`, event.args?.name ?? '?');
	const perThread = new Map<string, Map<string, number>>();
	// Outermost complete events only: an event that starts inside the previous one on its thread is nested.
	const lastEnd = new Map<string, number>();
	const complete = events.filter((event) => event.ph === 'X' && event.dur !== undefined).sort((x, y) => x.ts - y.ts);
	for (const event of complete) {
		const thread = `${event.pid}/${event.tid}`;
		if (event.ts < (lastEnd.get(thread) ?? 0)) continue;
		lastEnd.set(thread, event.ts + event.dur!);
		const label = `${event.pid} ${threadName.get(thread) ?? event.tid}`;
		const by = perThread.get(label) ?? new Map<string, number>();
		const name = eventLabel(event);
		by.set(name, (by.get(name) ?? 0) + (event.tdur ?? event.dur!) / 1000);
		perThread.set(label, by);
	}
	const lines: string[] = [];
	const totals = [...perThread].map(([label, by]) => [label, by, [...by.values()].reduce((a, b) => a + b, 0)] as const).sort((x, y) => y[2] - x[2]);
	for (const [label, by, total] of totals.slice(0, 14)) {
		const top = [...by].sort((x, y) => y[1] - x[1]).slice(0, TOP_EVENTS).map(([name, ms]) => `${name} ${ms.toFixed(0)}`);
		lines.push(`${total.toFixed(0).padStart(6)} ms  ${label}: ${top.join(', ')}`);
	}
	return lines;
}

async function main(): Promise<void> {
	const server = await startAppServer();
	// JS_FLAGS, e.g. '--trace-deopt', goes to V8 (read its output with DEBUG=pw:browser).
	const jsFlags = process.env['JS_FLAGS'];
	const browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...(chromiumLaunchOptions.args ?? []), ...(jsFlags ? [`--js-flags=${jsFlags}`] : [])] });
	try {
		const a = await openOnboardedPeer(browser, server.baseURL, 'Alice', [TEST_HOOKS_INIT]);
		const b = await openOnboardedPeer(browser, server.baseURL, 'Bob', [TEST_HOOKS_INIT]);
		await connectPeers(a, b);
		await Promise.all([threadHeading(a.page, b.name).waitFor(), threadHeading(b.page, a.name).waitFor()]);
		const bId = await waitForHooks(b.page);
		await waitForHooks(a.page);
		const run = async (from: number, count: number) => {
			const texts = Array.from({ length: count }, (_, i) => `burst ${from + i}: a chat message of everyday length, about sixty chars`);
			const started = performance.now();
			await Promise.all([sendInParallel(a.page, bId, texts, PARALLEL_SENDS), waitForCount(b.page, { store: 'receiver', target: from + count })]);
			await waitForCount(a.page, { store: 'sender', pendingFor: bId, target: 0 });
			return performance.now() - started;
		};
		await run(0, WARM_MESSAGES);
		await browser.startTracing(undefined, { path: TRACE_FILE, categories: CATEGORIES });
		const ms = await run(WARM_MESSAGES, MESSAGES);
		await browser.stopTracing();
		console.log(`burst ${MESSAGES} in ${ms.toFixed(0)} ms = ${(MESSAGES / (ms / 1000)).toFixed(0)} msg/s (traced: slower than the bench)`);
		const trace = JSON.parse(readFileSync(TRACE_FILE, 'utf8')) as { traceEvents: TraceEvent[] };
		for (const line of summarise(trace.traceEvents)) console.log(line);
	} finally {
		await browser.close();
		await server.stop();
	}
}

await main();
