import type { Browser } from '@playwright/test';
import type { ParleyTestHooks } from '../src/lib/app/test-hooks';
import { TEST_HOOKS_INIT, waitForHooks } from '../tests/e2e/parley-hooks';
import { openOnboardedPeer } from './app-peers';
import type { BenchResults } from './results';

// Part `dataset-export` (issue 14): the anonymized export of a 100k-message conversation in a real
// Chromium page, through the UI (Settings → Research data → Preview): time from click to preview,
// the page's peak JS heap while it runs (sampled; the worker's heap is its own and not included),
// and the longest main-thread task (does the UI freeze?). The author agreed, so every message is
// scrubbed. Seeded texts are short ("History #N"); real chat lines are longer.

const MESSAGES = 100_000;
const PEER = `p${'d'.repeat(32)}`;
const TARGET_LONGEST_TASK_MS = 200;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel', 'v8', 'v8.execute', 'disabled-by-default-v8.gc', 'blink.gc', 'disabled-by-default-v8.cpu_profiler'];

type Global = { __parley: ParleyTestHooks };

/** `tracePath`: record a Chrome trace of the export there (bench/dataset-export-trace.ts). */
export async function runDatasetExportBench(browser: Browser, baseURL: string, results: BenchResults, options: { tracePath?: string } = {}): Promise<void> {
	console.log('');
	console.log(`dataset-export: ${MESSAGES} messages in one conversation, exported through the UI…`);
	const peer = await openOnboardedPeer(browser, baseURL, 'Exporter', [TEST_HOOKS_INIT]);
	try {
		const { page } = peer;
		await waitForHooks(page);
		await page.evaluate(({ peer, count }) => (globalThis as unknown as Global).__parley.seedHistory(peer, count, { name: 'Big history' }), { peer: PEER, count: MESSAGES });
		// The author agreed: set on the stored row as their profile would.
		await page.evaluate(async (peer) => {
			const open = indexedDB.open('parley');
			const db = await new Promise<IDBDatabase>((resolve, reject) => ((open.onsuccess = () => resolve(open.result)), (open.onerror = () => reject(open.error))));
			const store = db.transaction('users', 'readwrite').objectStore('users');
			await new Promise<void>((resolve, reject) => {
				const get = store.get(peer);
				get.onsuccess = () => {
					const put = store.put({ ...get.result, researchConsent: true });
					put.onsuccess = () => resolve();
					put.onerror = () => reject(put.error);
				};
			});
			db.close();
		}, PEER);
		await page.getByRole('button', { name: 'Settings', exact: true }).click();
		const section = page.getByRole('region', { name: 'Research data' });
		await section.scrollIntoViewIfNeeded();
		await page.evaluate(() => {
			const watch = { peak: 0, longest: 0, longestAt: 0, count: 0, timer: 0, clickedAt: 0 };
			// No named function here: tsx would wrap it in __name(), which the page lacks.
			watch.timer = window.setInterval(() => (watch.peak = Math.max(watch.peak, (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)), 50);
			new PerformanceObserver((list) => {
				for (const entry of list.getEntries()) {
					watch.count++;
					if (entry.duration > watch.longest) {
						watch.longest = entry.duration;
						watch.longestAt = entry.startTime;
					}
				}
			}).observe({ type: 'longtask' });
			(globalThis as unknown as { __exportWatch: typeof watch }).__exportWatch = watch;
		});
		const heapBefore = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
		const started = Date.now();
		await page.evaluate(() => ((globalThis as unknown as { __exportWatch: { clickedAt: number } }).__exportWatch.clickedAt = performance.now()));
		if (options.tracePath) await browser.startTracing(page, { path: options.tracePath, categories: TRACE_CATEGORIES });
		await page.evaluate(() => performance.mark('parley:export-click'));
		await section.getByRole('button', { name: 'Preview' }).click();
		await section.getByRole('region', { name: 'Preview' }).waitFor({ timeout: 900_000 });
		const ms = Date.now() - started;
		if (options.tracePath) await browser.stopTracing();
		const watch = await page.evaluate(() => {
			const watch = (globalThis as unknown as { __exportWatch: { peak: number; longest: number; longestAt: number; count: number; timer: number; clickedAt: number } }).__exportWatch;
			clearInterval(watch.timer);
			return watch;
		});
		const peakMb = Math.max(watch.peak, heapBefore) / 1e6;
		console.log(`  ${MESSAGES} messages exported in ${(ms / 1000).toFixed(1)} s (${((MESSAGES / ms) * 1000).toFixed(0)} messages/s); page heap ${(heapBefore / 1e6).toFixed(0)} MB before, peak ${peakMb.toFixed(0)} MB; longest main-thread task ${watch.longest.toFixed(0)} ms at ${((watch.longestAt - watch.clickedAt) / 1000).toFixed(1)} s after the click, ${watch.count} tasks over 50 ms`);
		results.add({ name: `dataset export of ${MESSAGES / 1000}k messages: click → preview`, value: ms, unit: 'ms', better: 'lower', note: 'one conversation, every author agreed, NLP names on; short seeded texts' });
		results.add({ name: `dataset export of ${MESSAGES / 1000}k messages: page peak JS heap`, value: peakMb, unit: 'MB', better: 'lower', baseline: heapBefore / 1e6, note: 'sampled every 50 ms; baseline: before the click; the worker heap is not included' });
		results.add({ name: `dataset export of ${MESSAGES / 1000}k messages: longest main-thread task`, value: watch.longest, unit: 'ms', better: 'lower', target: TARGET_LONGEST_TASK_MS, note: 'PerformanceObserver longtask during the export' });
	} finally {
		await peer.context.close();
	}
}
