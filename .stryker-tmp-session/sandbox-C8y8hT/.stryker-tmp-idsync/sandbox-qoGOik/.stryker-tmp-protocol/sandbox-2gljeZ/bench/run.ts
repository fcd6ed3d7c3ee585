// @ts-nocheck
// 
// 
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { measureE2eLatency } from './e2e-latency';
import { runHistoryBench } from './history-bench';
import { runHostileFramesBench } from './hostile-frames';
import { runSearchBench } from './search-bench';
import type { E2eLatencyResult } from './e2e-latency';
import { measureOutboxFlush } from './outbox-flush';
import type { OutboxFlushResult } from './outbox-flush';
import { halve, latencyTable, targetLines } from './report';
import type { Row } from './report';
import { BenchResults } from './results';
import { measureRawDataChannelRtt } from './rtc-baseline';
import { startAppServer } from './server';
import { summarize } from './stats';

// Run via `npm run bench`: build first, then this inside the loopback-only
// namespace. Benchmarks report; only real errors make the exit code non-zero.
const WARM_UP = 50;
const MESSAGES = 500;
const TARGET_P50_MS = 5;
const TARGET_P99_MS = 25;
const DRIFT_WINDOW = 100;
const OUTBOX_MESSAGES = 10_000;
// With both threads open every write also re-renders the thread, so the same count would take
// far too long; a smaller run shows what the open thread costs.
const OUTBOX_MESSAGES_OPEN_THREADS = 1_000;
const TARGET_OUTBOX_FLUSH_MS = 5_000;

function breakdown(result: E2eLatencyResult): Row[] {
	if (result.wire.length === 0) return [];
	return [
		{ label: '  A: keydown → RTCDataChannel.send', summary: summarize(result.sender) },
		{ label: '  wire: send → B message event', summary: summarize(result.wire) },
		{ label: '  B: message event → bubble', summary: summarize(result.receiver) }
	];
}

function outboxLines(result: OutboxFlushResult, openResult: OutboxFlushResult): string[] {
	const ratio = result.rawBulkWriteMs > 0 ? `${(result.flushMs / result.rawBulkWriteMs).toFixed(1)}×` : 'n/a';
	const perMessage = (r: OutboxFlushResult, ms: number) => `${ms.toFixed(0)} ms (${(ms / r.messages).toFixed(2)} ms/message)`;
	return [
		`outbox flush, ${result.messages} messages, no thread open (B visible → A none pending, B stored all): ${perMessage(result, result.flushMs)}`,
		`  A's ${result.messages} sends while B was invisible (stored as pending): ${perMessage(result, result.writeMs)}`,
		`  one stats() call on B holding ${result.messages} messages: ${result.statsMs.toFixed(0)} ms`,
		`raw IndexedDB bulk write, ${result.messages} rows in one transaction: ${result.rawBulkWriteMs.toFixed(0)} ms`,
		`outbox_flush / raw_bulk_write = ${ratio}`,
		`outbox flush, ${openResult.messages} messages, both threads open: ${perMessage(openResult, openResult.flushMs)}`,
		`  A's ${openResult.messages} sends with the thread open: ${perMessage(openResult, openResult.writeMs)}`,
		...targetLines([{ label: `outbox flush of ${result.messages}`, actual: result.flushMs, limit: TARGET_OUTBOX_FLUSH_MS }])
	];
}

async function main(): Promise<void> {
	const results = new BenchResults();
	const server = await startAppServer();
	try {
		const browser = await chromium.launch(chromiumLaunchOptions);
		try {
			console.log(`Parley benchmarks: Chromium ${browser.version()}, server ${server.baseURL}`);
			console.log(`end-to-end latency: ${WARM_UP} warm-up + ${MESSAGES} measured messages A→B, one at a time…`);
			const result = await measureE2eLatency(browser, server.baseURL, { warmUp: WARM_UP, messages: MESSAGES });
			const e2e = summarize(result.total);
			console.log(`raw RTCDataChannel round trips: ${MESSAGES}…`);
			const rtt = await measureRawDataChannelRtt(browser, server.baseURL, MESSAGES);
			const oneWay = halve(rtt);

			console.log('');
			console.log(
				latencyTable([
					{ label: 'e2e message latency (keydown → bubble)', summary: e2e },
					// A rising trend across one run points at costs that grow with history.
					{ label: `  first ${DRIFT_WINDOW} measured`, summary: summarize(result.total.slice(0, DRIFT_WINDOW)) },
					{ label: `  last ${DRIFT_WINDOW} measured`, summary: summarize(result.total.slice(-DRIFT_WINDOW)) },
					...breakdown(result),
					{ label: 'raw RTCDataChannel RTT', summary: rtt },
					{ label: 'raw one-way (RTT / 2)', summary: oneWay }
				])
			);
			console.log('');
			// Coarsened clocks can round a loopback one-way time down to zero.
			const ratio = oneWay.p50 > 0 ? `${(e2e.p50 / oneWay.p50).toFixed(1)}×` : 'n/a (raw one-way p50 rounds to 0)';
			console.log(`e2e_p50 / raw_one_way_p50 = ${ratio}`);
			for (const line of targetLines([
				{ label: 'e2e p50', actual: e2e.p50, limit: TARGET_P50_MS },
				{ label: 'e2e p99', actual: e2e.p99, limit: TARGET_P99_MS }
			])) {
				console.log(line);
			}
			results.add({ name: 'e2e message latency (keydown → bubble), p50', value: e2e.p50, unit: 'ms', baseline: oneWay.p50, target: TARGET_P50_MS });
			results.add({ name: 'e2e message latency (keydown → bubble), p99', value: e2e.p99, unit: 'ms', baseline: oneWay.p99, target: TARGET_P99_MS });

			console.log('');
			console.log(`outbox flush: ${OUTBOX_MESSAGES} messages written while B is invisible, then B comes online…`);
			const flush = await measureOutboxFlush(browser, server.baseURL, OUTBOX_MESSAGES, { openThreads: false });
			console.log(`outbox flush: ${OUTBOX_MESSAGES_OPEN_THREADS} messages, the same with both threads open…`);
			const flushOpen = await measureOutboxFlush(browser, server.baseURL, OUTBOX_MESSAGES_OPEN_THREADS, { openThreads: true });
			console.log('');
			for (const line of outboxLines(flush, flushOpen)) console.log(line);
			results.add({
				name: `outbox flush of ${flush.messages} messages, no thread open`,
				value: flush.flushMs,
				unit: 'ms',
				baseline: flush.rawBulkWriteMs,
				target: TARGET_OUTBOX_FLUSH_MS
			});
			results.add({ name: `outbox flush of ${flushOpen.messages} messages, both threads open`, value: flushOpen.flushMs, unit: 'ms' });
			await runHistoryBench(browser, server.baseURL, results);
			await runSearchBench(browser, server.baseURL, results);
			await runHostileFramesBench(results, browser);
		} finally {
			await browser.close();
		}
	} finally {
		await server.stop();
		results.write();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exitCode = 1;
});
