import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { ParleyTestHooks } from '../src/lib/app/test-hooks';
import { TEST_HOOKS_INIT, waitForHooks } from '../tests/e2e/parley-hooks';
import { newPeerContext, openOnboardedPeer } from './app-peers';
import { watchMemory, workerPeak, type IsolateMemory, type MemoryPeaks } from './cdp-memory';

// One backup through Settings → Backup and its restore through the first screen of a fresh
// profile, with what each costs: time, the page's and the worker's peak memory, long tasks.

const PEER = `p${'e'.repeat(32)}`;
export const PASSPHRASE = 'mauve otter sings at dawn 17';
const TIMEOUT_MS = 1_800_000;
/** Seeded files are sent one by one in pieces of this size (the page makes each piece's bytes). */
const FILE_PIECE_BYTES = 50_000_000;

type Global = { __parley: ParleyTestHooks };
type Watch = { peak: number; longest: number; count: number; timer: number };
export type Peak = IsolateMemory & { peak: number; first: number };
export type Sampled = { page: Peak; worker: Peak | null; rss: MemoryPeaks['rss']; samples: number };

export interface BackupRun {
	fileBytes: number;
	backupMs: number;
	restoreMs: number;
	readyMs: number;
	/** performance.memory on the page, sampled in it every 50 ms (the session 13 figure). */
	pageHeapBefore: number;
	pageHeapPeak: number;
	longestTask: number;
	longTasks: number;
	idleLongest: number;
	idleLongTasks: number;
	/** Over the DevTools protocol: the page and the backup worker while backing up, and restoring. */
	backup: Sampled;
	restore: Sampled;
}

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

const peaksOf = (peaks: MemoryPeaks) => ({ page: peaks.page, worker: workerPeak(peaks, 'backup'), rss: peaks.rss, samples: peaks.samples });

/** `messages` seeded into one conversation and `fileBytes` of own files waiting to be sent, backed up, then restored. */
export async function backupAndRestore(browser: Browser, baseURL: string, { messages, fileBytes, idleMs }: { messages: number; fileBytes: number; idleMs: number }): Promise<BackupRun> {
	const folder = await mkdtemp(join(tmpdir(), 'parley-backup-bench-'));
	const path = join(folder, 'bench.parley');
	try {
		const backedUp = await backUp(browser, baseURL, path, { messages, fileBytes, idleMs });
		return { ...backedUp, ...(await restore(browser, baseURL, path, messages)) };
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
}

/** Backs up a seeded profile into `path`; its context is closed before the restore starts, so the renderer measured then is the restoring page's alone. */
async function backUp(browser: Browser, baseURL: string, path: string, { messages, fileBytes, idleMs }: { messages: number; fileBytes: number; idleMs: number }): Promise<Omit<BackupRun, 'restoreMs' | 'readyMs' | 'restore'>> {
	const peer = await openOnboardedPeer(browser, baseURL, 'Keeper', [TEST_HOOKS_INIT]);
	try {
		const { page } = peer;
		await waitForHooks(page);
		if (messages > 0) await page.evaluate(({ peer, count }) => (globalThis as unknown as Global).__parley.seedHistory(peer, count, { name: 'Big history', realIds: true }), { peer: PEER, count: messages });
		for (let sent = 0; sent < fileBytes; sent += FILE_PIECE_BYTES) {
			const size = Math.min(FILE_PIECE_BYTES, fileBytes - sent);
			await page.evaluate(({ peer, size, name }) => (globalThis as unknown as Global).__parley.sendFile(peer, size, name), { peer: PEER, size, name: `held-${sent / FILE_PIECE_BYTES}.bin` });
			console.log(`    (${((sent + size) / 1e6).toFixed(0)} of ${(fileBytes / 1e6).toFixed(0)} MB of files held)`);
		}
		await page.getByRole('button', { name: 'Settings', exact: true }).click();
		const section = page.getByRole('region', { name: 'Backup' });
		await section.scrollIntoViewIfNeeded();
		await section.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
		await section.getByLabel('Confirm passphrase').fill(PASSPHRASE);
		const button = section.getByRole('button', { name: 'Back up now' });
		// The strength check (its worker loads zxcvbn's word lists) enables the button.
		for (const deadline = Date.now() + 60_000; !(await button.isEnabled()); await page.waitForTimeout(100)) {
			if (Date.now() > deadline) throw new Error('"Back up now" stayed disabled');
		}
		// What the page does by itself meanwhile (the search index catching up with the seeded
		// rows, the list): the same watch before the click, as the baseline.
		await watchPage(page);
		await page.waitForTimeout(idleMs);
		const idle = await readWatch(page);
		const heapBefore = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
		await watchPage(page);
		const memory = await watchMemory(page);
		const started = Date.now();
		const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT_MS }), button.click()]);
		await download.path();
		const backupMs = Date.now() - started;
		await download.saveAs(path);
		const peaks = await memory.stop();
		const saved = await section.getByRole('status').textContent();
		if (saved?.includes('could not be included')) throw new Error(`the backup left rows out: ${saved}`);
		const watch = await readWatch(page);
		return {
			fileBytes: (await stat(path)).size,
			backupMs,
			pageHeapBefore: heapBefore,
			pageHeapPeak: Math.max(watch.peak, heapBefore),
			longestTask: watch.longest,
			longTasks: watch.count,
			idleLongest: idle.longest,
			idleLongTasks: idle.count,
			backup: peaksOf(peaks)
		};
	} finally {
		await peer.context.close();
	}
}

async function restore(browser: Browser, baseURL: string, path: string, messages: number): Promise<Pick<BackupRun, 'restoreMs' | 'readyMs' | 'restore'>> {
	const context = await newPeerContext(browser, baseURL);
	try {
		await context.addInitScript({ content: TEST_HOOKS_INIT });
		const page = await context.newPage();
		await page.goto('/');
		await page.getByRole('button', { name: 'Restore from a backup' }).click();
		const form = page.getByRole('form', { name: 'Restore from a backup' });
		await form.getByLabel('Backup file').setInputFiles(path);
		await form.getByLabel('Passphrase').fill(PASSPHRASE);
		const memory = await watchMemory(page);
		const started = Date.now();
		await form.getByRole('button', { name: 'Restore' }).click();
		// The page reloads onto the restored database once the file is verified.
		await page.waitForEvent('framenavigated', { timeout: TIMEOUT_MS });
		const restoreMs = Date.now() - started;
		const peaks = await memory.stop();
		await waitForHooks(page, 300_000);
		const readyMs = Date.now() - started;
		const stats = await page.evaluate(() => (globalThis as unknown as Global).__parley.stats());
		if (stats.sent + stats.received.length < messages) throw new Error(`only ${stats.sent + stats.received.length} of ${messages} messages restored`);
		return { restoreMs, readyMs, restore: peaksOf(peaks) };
	} finally {
		await context.close();
	}
}
