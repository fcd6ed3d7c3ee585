import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import type { ParleyTestHooks } from '../src/lib/app/test-hooks';
import { TEST_HOOKS_INIT, waitForHooks } from '../tests/e2e/parley-hooks';
import { newPeerContext, openOnboardedPeer } from './app-peers';
import type { BenchResults } from './results';

// Part `backup` (issue 15): a backup of a 100k-message conversation through Settings → Backup,
// and its restore on a fresh profile through the first screen: time from click to the file
// (and to the restored app), the page's peak JS heap (sampled; the worker, which does the work,
// has its own heap and is not included), and the longest main-thread task.

const MESSAGES = 100_000;
const PEER = `p${'e'.repeat(32)}`;
const PASSPHRASE = 'mauve otter sings at dawn 17';
const TARGET_LONGEST_TASK_MS = 50;

type Global = { __parley: ParleyTestHooks };
type Watch = { peak: number; longest: number; count: number; timer: number };

async function watchPage(page: Page): Promise<void> {
	await page.evaluate(() => {
		const watch = { peak: 0, longest: 0, count: 0, timer: 0 };
		watch.timer = window.setInterval(() => (watch.peak = Math.max(watch.peak, (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)), 50);
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) {
				watch.count++;
				watch.longest = Math.max(watch.longest, entry.duration);
			}
		}).observe({ type: 'longtask' });
		(globalThis as unknown as { __backupWatch: typeof watch }).__backupWatch = watch;
	});
}

function readWatch(page: Page): Promise<Watch> {
	return page.evaluate(() => {
		const watch = (globalThis as unknown as { __backupWatch: Watch }).__backupWatch;
		clearInterval(watch.timer);
		return watch;
	});
}

export async function runBackupBench(browser: Browser, baseURL: string, results: BenchResults): Promise<void> {
	console.log('');
	console.log(`backup: ${MESSAGES} messages in one conversation, backed up and restored through the UI…`);
	const peer = await openOnboardedPeer(browser, baseURL, 'Keeper', [TEST_HOOKS_INIT]);
	let file: Buffer;
	try {
		const { page } = peer;
		await waitForHooks(page);
		await page.evaluate(({ peer, count }) => (globalThis as unknown as Global).__parley.seedHistory(peer, count, { name: 'Big history', realIds: true }), { peer: PEER, count: MESSAGES });
		await page.getByRole('button', { name: 'Settings', exact: true }).click();
		const section = page.getByRole('region', { name: 'Backup' });
		await section.scrollIntoViewIfNeeded();
		await section.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
		await section.getByLabel('Confirm passphrase').fill(PASSPHRASE);
		// What the page does by itself meanwhile (the search index catching up with the seeded
		// rows, the list): the same watch for 10 s before the click, as the baseline.
		await watchPage(page);
		await page.waitForTimeout(10_000);
		const idle = await readWatch(page);
		const heapBefore = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
		await watchPage(page);
		const started = Date.now();
		const [download] = await Promise.all([page.waitForEvent('download', { timeout: 900_000 }), section.getByRole('button', { name: 'Back up now' }).click()]);
		file = await readFile(await download.path());
		const saved = await section.getByRole('status').textContent();
		if (saved?.includes('could not be included')) throw new Error(`the backup left rows out: ${saved}`);
		const ms = Date.now() - started;
		const watch = await readWatch(page);
		console.log(`  backup: ${(file.length / 1e6).toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s; page heap ${(heapBefore / 1e6).toFixed(0)} MB before, peak ${(watch.peak / 1e6).toFixed(0)} MB; longest main-thread task ${watch.longest.toFixed(0)} ms (${watch.count} over 50 ms; ${idle.longest.toFixed(0)} ms and ${idle.count} in the 10 s before the click)`);
		results.add({ name: `backup of ${MESSAGES / 1000}k messages: click → file`, value: ms, unit: 'ms', better: 'lower', note: `Argon2id 3 × 64 MiB included; ${(file.length / 1e6).toFixed(1)} MB file` });
		results.add({ name: `backup of ${MESSAGES / 1000}k messages: page peak JS heap`, value: Math.max(watch.peak, heapBefore) / 1e6, unit: 'MB', better: 'lower', baseline: heapBefore / 1e6, note: 'sampled every 50 ms; the worker heap is not included' });
		results.add({ name: `backup of ${MESSAGES / 1000}k messages: longest main-thread task`, value: watch.longest, unit: 'ms', better: 'lower', baseline: idle.longest, target: TARGET_LONGEST_TASK_MS, note: 'baseline: the same page in the 10 s before the click' });
	} finally {
		await peer.context.close();
	}

	const context = await newPeerContext(browser, baseURL);
	try {
		await context.addInitScript({ content: TEST_HOOKS_INIT });
		const page = await context.newPage();
		await page.goto('/');
		await page.getByRole('button', { name: 'Restore from a backup' }).click();
		const form = page.getByRole('form', { name: 'Restore from a backup' });
		await form.getByLabel('Backup file').setInputFiles({ name: 'bench.parley', mimeType: 'application/octet-stream', buffer: file });
		await form.getByLabel('Passphrase').fill(PASSPHRASE);
		await watchPage(page);
		const started = Date.now();
		await form.getByRole('button', { name: 'Restore' }).click();
		// The page reloads onto the restored database once the file is verified: the watch ends with it.
		await page.waitForEvent('framenavigated', { timeout: 900_000 });
		const restoredMs = Date.now() - started;
		await waitForHooks(page, 300_000);
		const readyMs = Date.now() - started;
		const restored = await page.evaluate(async () => (await (globalThis as unknown as Global).__parley.stats()).sent + (await (globalThis as unknown as Global).__parley.stats()).received.length);
		if (restored < MESSAGES) throw new Error(`only ${restored} of ${MESSAGES} messages restored`);
		console.log(`  restore: ${(restoredMs / 1000).toFixed(1)} s to the reload, ${(readyMs / 1000).toFixed(1)} s to the app with its messenger`);
		results.add({ name: `restore of ${MESSAGES / 1000}k messages: click → reload onto the restored data`, value: restoredMs, unit: 'ms', better: 'lower', note: 'Argon2id, decrypt, schema checks, staging writes' });
	} finally {
		await context.close();
	}
}
