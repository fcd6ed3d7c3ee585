import type { Browser, CDPSession, Page } from '@playwright/test';
import { TEST_HOOKS_INIT, sendInParallel, waitForHooks } from '../tests/e2e/parley-hooks';
import { threadHeading } from '../tests/e2e/parley-ui';
import { connectPeers, openOnboardedPeer } from './app-peers';
import { waitForCount } from './outbox-flush';
import { cpuUsed, sampleBrowserCpu, type CpuUsed } from './process-cpu';
import { measureRawSendEchoRate } from './raw-burst';
import type { BenchResults } from './results';

// Burst throughput and the receiver's heap, both with BOTH threads open (the worst case for
// rendering): one pair of peers, A sends through the same Messenger the composer uses.
const WARM_UP = 20;
const BURST_MESSAGES = 1_000;
const RAW_MESSAGES = 5_000;
const PARALLEL_SENDS = 200;
const TARGET_MESSAGES_PER_S = 1_000;
/** The heap is sampled at HEAP_FROM received messages, then every HEAP_STEP up to HEAP_TO. */
const HEAP_FROM = 1_000;
const HEAP_TO = 20_000;
const HEAP_STEP = 1_000;
/** Beyond this the growth is extrapolated from the messages reached, so the bench stays bounded. */
const HEAP_BUDGET_MS = 90_000;
const TARGET_HEAP_GROWTH_MB = 10;
const MB = 1024 * 1024;

export interface BurstHeapSelection {
	burst: boolean;
	heap: boolean;
}

/** Sends `count` messages A→B and waits until B stored them all and A has none pending: ms. */
async function burst(a: Page, b: Page, bId: string, from: number, count: number, receivedBefore: number): Promise<number> {
	const texts = Array.from({ length: count }, (_, i) => `burst ${from + i}: a chat message of everyday length, about sixty chars`);
	const started = performance.now();
	await Promise.all([sendInParallel(a, bId, texts, PARALLEL_SENDS), waitForCount(b, { store: 'receiver', target: receivedBefore + count })]);
	await waitForCount(a, { store: 'sender', pendingFor: bId, target: 0 });
	return performance.now() - started;
}

/** Total CPU and the busiest threads (both pages' renderers together, GPU, browser), for A/B runs. */
function describeCpu(cpu: CpuUsed): string {
	const top = cpu.byThread.slice(0, 6).map(([label, ms]) => `${label} ${(ms / 1000).toFixed(2)} s`);
	return `${(cpu.totalMs / 1000).toFixed(2)} s (${top.join(', ')})`;
}

/** Used JS heap of the page's main thread after two full collections (CDP, no page flag needed), in bytes. */
async function heapAfterGc(cdp: CDPSession): Promise<number> {
	await cdp.send('HeapProfiler.collectGarbage');
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	return usedSize;
}

function countRows(page: Page): Promise<number> {
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('parley');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error ?? new Error('open failed'));
		});
		try {
			return await new Promise<number>((resolve, reject) => {
				const request = db.transaction('receiver', 'readonly').objectStore('receiver').count();
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error ?? new Error('count failed'));
			});
		} finally {
			db.close();
		}
	});
}

/**
 * `burst`: A→B messages per second, stored on B and acked back to A, against a raw data
 * channel's send+echo rate. `heap`: B's JS heap after forced GC, from HEAP_FROM to HEAP_TO
 * messages received with the thread open.
 */
export async function runBurstHeapBench(browser: Browser, baseURL: string, results: BenchResults, only: BurstHeapSelection): Promise<void> {
	let rawRate = 0;
	if (only.burst) {
		console.log(`raw RTCDataChannel send+echo: ${RAW_MESSAGES} messages back to back…`);
		rawRate = await measureRawSendEchoRate(browser, baseURL, RAW_MESSAGES);
	}
	console.log(`burst: ${BURST_MESSAGES} messages A→B, both threads open${only.heap ? `, then B's heap up to ${HEAP_TO} messages` : ''}…`);
	const a = await openOnboardedPeer(browser, baseURL, 'Alice', [TEST_HOOKS_INIT]);
	try {
		const b = await openOnboardedPeer(browser, baseURL, 'Bob', [TEST_HOOKS_INIT]);
		try {
			await connectPeers(a, b);
			await Promise.all([threadHeading(a.page, b.name).waitFor(), threadHeading(b.page, a.name).waitFor()]);
			const bId = await waitForHooks(b.page);
			await waitForHooks(a.page);
			let received = await countRows(b.page);
			await burst(a.page, b.page, bId, 0, WARM_UP, received);
			received += WARM_UP;
			const cpuBefore = sampleBrowserCpu();
			const burstMs = await burst(a.page, b.page, bId, WARM_UP, BURST_MESSAGES, received);
			const cpu = cpuUsed(cpuBefore, sampleBrowserCpu());
			received += BURST_MESSAGES;
			const rate = BURST_MESSAGES / (burstMs / 1000);
			if (only.burst) {
				console.log(`  burst: ${BURST_MESSAGES} in ${burstMs.toFixed(0)} ms = ${rate.toFixed(0)} msg/s; raw send+echo ${rawRate.toFixed(0)} msg/s`);
				if (cpu) console.log(`  browser CPU during the burst: ${describeCpu(cpu)}`);
				results.add({
					name: `burst A→B, ${BURST_MESSAGES} messages stored and acked, both threads open`,
					value: rate,
					unit: 'msg/s',
					baseline: rawRate,
					target: TARGET_MESSAGES_PER_S,
					better: 'higher'
				});
			}
			if (only.heap) await measureHeap(a.page, b.page, bId, received, results);
		} finally {
			await b.context.close();
		}
	} finally {
		await a.context.close();
	}
}

async function measureHeap(a: Page, b: Page, bId: string, receivedSoFar: number, results: BenchResults): Promise<void> {
	let received = receivedSoFar;
	if (received < HEAP_FROM) {
		await burst(a, b, bId, received, HEAP_FROM - received, received);
		received = HEAP_FROM;
	}
	const cdp = await b.context().newCDPSession(b);
	const start = received;
	const heapAtStart = await heapAfterGc(cdp);
	const samples = [`${(start / 1000).toFixed(0)}k: ${(heapAtStart / MB).toFixed(1)} MB`];
	const started = performance.now();
	let lastStepMs = 0;
	let heap = heapAtStart;
	// Stops early when the next step would overrun the budget; today's app delivers far below target.
	while (received < HEAP_TO && performance.now() - started + lastStepMs <= HEAP_BUDGET_MS) {
		const step = Math.min(HEAP_STEP, HEAP_TO - received);
		lastStepMs = await burst(a, b, bId, received, step, received);
		received += step;
		heap = await heapAfterGc(cdp);
		samples.push(`${(received / 1000).toFixed(0)}k: ${(heap / MB).toFixed(1)} MB`);
	}
	await cdp.detach();
	const measuredGrowth = heap - heapAtStart;
	const span = received - start;
	const growth = span > 0 ? (measuredGrowth * (HEAP_TO - HEAP_FROM)) / span : 0;
	const extrapolated = received < HEAP_TO;
	console.log(`  B's JS heap after GC (thread open): ${samples.join(', ')}`);
	console.log(
		`  growth ${(measuredGrowth / MB).toFixed(1)} MB over ${span} messages (${(measuredGrowth / Math.max(span, 1) / 1024).toFixed(2)} KB/message)` +
			(extrapolated ? `; only ${received} reached within ${HEAP_BUDGET_MS / 1000} s, so ${HEAP_FROM / 1000}k → ${HEAP_TO / 1000}k is extrapolated linearly: ${(growth / MB).toFixed(1)} MB` : '')
	);
	results.add({
		name: `receiving page's JS heap growth, thread open, ${HEAP_FROM / 1000}k → ${HEAP_TO / 1000}k messages`,
		value: growth / MB,
		unit: 'MB',
		baseline: heapAtStart / MB,
		target: TARGET_HEAP_GROWTH_MB,
		...(extrapolated ? { note: `extrapolated linearly from ${HEAP_FROM} → ${received} messages (time budget)` } : {})
	});
}
