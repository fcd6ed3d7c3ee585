import type { Browser } from '@playwright/test';
import { mb } from './cdp-memory';
import { backupAndRestore, type BackupRun, type Peak, type Sampled } from './backup-run';
import type { BenchResults } from './results';

// Part `backup` (issue 15): a backup of a 100k-message conversation through Settings → Backup,
// and its restore on a fresh profile through the first screen: time from click to the file
// (and to the restored app), peak memory of the page and of the worker that does the work, and
// the longest main-thread task. Baseline for memory: the same backup and restore of a profile
// with no history, in the same run. BENCH_BIG=1 adds 500 MB of held files to the 100k messages.
//
// Memory is a worker's or page's V8 heap plus its ArrayBuffer backing stores (WebAssembly
// memory, so Argon2id's 64 MiB, included), read over the DevTools protocol (cdp-memory.ts).
// Blob bytes are not in it: the browser keeps them outside the renderer.

const MESSAGES = 100_000;
/** BENCH_BIG=1: issue 15's 500 MB; BENCH_BACKUP_FILE_MB another size (to see whether memory follows it). */
const BIG_FILE_BYTES = Number(process.env['BENCH_BACKUP_FILE_MB'] ?? 500) * 1_000_000;
const TARGET_LONGEST_TASK_MS = 50;
/** Issue 15: "memory stays flat for multi-gigabyte backups": at most this much above the empty profile's. */
const TARGET_WORKER_GROWTH_MB = 64;
const IDLE_BEFORE_CLICK_MS = 10_000;

const growth = (sampled: Sampled) => mb(sampled.rss.renderers.peak - sampled.rss.renderers.first);
const rssText = (sampled: Sampled) =>
	`renderer RSS ${mb(sampled.rss.renderers.first).toFixed(0)} → peak ${mb(sampled.rss.renderers.peak).toFixed(0)} MB (+${growth(sampled).toFixed(0)}), browser process ${mb(sampled.rss.browser.first).toFixed(0)} → ${mb(sampled.rss.browser.peak).toFixed(0)} MB`;

const fmt = (peak: Peak | null) => (peak ? `${mb(peak.peak).toFixed(1)} MB (heap ${mb(peak.heap).toFixed(1)} + buffers ${mb(peak.buffers).toFixed(1)}; heap reserved up to ${mb(peak.committed).toFixed(0)})` : 'not seen');

function printRun(label: string, run: BackupRun): void {
	console.log(`  ${label}: backup ${(run.fileBytes / 1e6).toFixed(1)} MB in ${(run.backupMs / 1000).toFixed(1)} s; restore ${(run.restoreMs / 1000).toFixed(1)} s to the reload, ${(run.readyMs / 1000).toFixed(1)} s to the app`);
	console.log(`    backup worker peak ${fmt(run.backup.worker)}; page peak ${fmt(run.backup.page)} (${run.backup.samples} samples); ${rssText(run.backup)}`);
	console.log(`    restore worker peak ${fmt(run.restore.worker)}; page peak ${fmt(run.restore.page)} (${run.restore.samples} samples); ${rssText(run.restore)}`);
	console.log(
		`    page heap (performance.memory) ${mb(run.pageHeapBefore).toFixed(0)} MB before, peak ${mb(run.pageHeapPeak).toFixed(0)} MB; longest main-thread task ${run.longestTask.toFixed(0)} ms (${run.longTasks} over 50 ms; ${run.idleLongest.toFixed(0)} ms and ${run.idleLongTasks} before the click)`
	);
}

function addWorkerFigure(results: BenchResults, name: string, peak: Peak | null, empty: Peak | null): void {
	if (!peak) {
		console.log(`  (${name}: the worker was not seen by the sampler)`);
		return;
	}
	const baseline = empty ? mb(empty.peak) : null;
	results.add({
		name,
		value: mb(peak.peak),
		unit: 'MB',
		better: 'lower',
		baseline,
		target: baseline === null ? null : Math.round(baseline + TARGET_WORKER_GROWTH_MB),
		note: `V8 heap ${mb(peak.heap).toFixed(1)} + ArrayBuffers ${mb(peak.buffers).toFixed(1)} MB at the peak (CDP Runtime.getHeapUsage every 100 ms); baseline: the same for a profile with no history; target: baseline + ${TARGET_WORKER_GROWTH_MB} MB`
	});
}

/** The whole renderer (page, workers, WebAssembly memory): what V8's figures leave out. */
function addRendererFigure(results: BenchResults, name: string, sampled: Sampled, empty: Sampled): void {
	if (sampled.rss.renderers.peak === 0) return;
	const baseline = growth(empty);
	results.add({
		name,
		value: growth(sampled),
		unit: 'MB',
		better: 'lower',
		baseline,
		target: Math.round(baseline + TARGET_WORKER_GROWTH_MB),
		note: `renderer processes' VmRSS, peak minus the value at the click (${mb(sampled.rss.renderers.first).toFixed(0)} MB), sampled every 100 ms; baseline: the same for a profile with no history (Argon2id's 64 MiB is in both)`
	});
}

export async function runBackupBench(browser: Browser, baseURL: string, results: BenchResults): Promise<void> {
	const big = process.env['BENCH_BIG'] === '1' || process.env['BENCH_BACKUP_FILE_MB'] !== undefined;
	console.log('');
	console.log(`backup: an empty profile, then ${MESSAGES} messages in one conversation${big ? `, then the same + ${BIG_FILE_BYTES / 1e6} MB of held files` : ''}, backed up and restored through the UI…`);
	const empty = await backupAndRestore(browser, baseURL, { messages: 0, fileBytes: 0, idleMs: 2_000 });
	printRun('empty profile', empty);
	const run = await backupAndRestore(browser, baseURL, { messages: MESSAGES, fileBytes: 0, idleMs: IDLE_BEFORE_CLICK_MS });
	printRun(`${MESSAGES / 1000}k messages`, run);

	const k = `${MESSAGES / 1000}k messages`;
	results.add({ name: `backup of ${k}: click → file`, value: run.backupMs, unit: 'ms', better: 'lower', note: `Argon2id 3 × 64 MiB included; ${(run.fileBytes / 1e6).toFixed(1)} MB file` });
	results.add({ name: `backup of ${k}: page peak JS heap`, value: mb(run.pageHeapPeak), unit: 'MB', better: 'lower', baseline: mb(run.pageHeapBefore), note: 'performance.memory sampled every 50 ms; the worker heap is its own figure' });
	results.add({ name: `backup of ${k}: longest main-thread task`, value: run.longestTask, unit: 'ms', better: 'lower', baseline: run.idleLongest, target: TARGET_LONGEST_TASK_MS, note: 'baseline: the same page in the 10 s before the click' });
	addWorkerFigure(results, `backup of ${k}: worker peak memory`, run.backup.worker, empty.backup.worker);
	addRendererFigure(results, `backup of ${k}: renderer memory growth (page + workers + WebAssembly)`, run.backup, empty.backup);
	results.add({ name: `restore of ${k}: click → reload onto the restored data`, value: run.restoreMs, unit: 'ms', better: 'lower', note: 'Argon2id, decrypt, schema checks, staging writes' });
	addWorkerFigure(results, `restore of ${k}: worker peak memory`, run.restore.worker, empty.restore.worker);
	addRendererFigure(results, `restore of ${k}: renderer memory growth (page + workers + WebAssembly)`, run.restore, empty.restore);
	results.add({ name: `restore of ${k}: page peak memory`, value: mb(run.restore.page.peak), unit: 'MB', better: 'lower', baseline: mb(empty.restore.page.peak), note: 'V8 heap + ArrayBuffers of the restoring page until its reload; baseline: restoring the empty profile' });
	if (!big) return;

	const bigRun = await backupAndRestore(browser, baseURL, { messages: MESSAGES, fileBytes: BIG_FILE_BYTES, idleMs: IDLE_BEFORE_CLICK_MS });
	printRun(`${k} + ${BIG_FILE_BYTES / 1e6} MB of files`, bigRun);
	const kb = `${k} + ${BIG_FILE_BYTES / 1e6} MB of files`;
	results.add({ name: `backup of ${kb}: click → file`, value: bigRun.backupMs, unit: 'ms', better: 'lower', baseline: run.backupMs, note: `${(bigRun.fileBytes / 1e6).toFixed(1)} MB file; baseline: the 100k messages alone` });
	addWorkerFigure(results, `backup of ${kb}: worker peak memory`, bigRun.backup.worker, empty.backup.worker);
	addRendererFigure(results, `backup of ${kb}: renderer memory growth (page + workers + WebAssembly)`, bigRun.backup, empty.backup);
	results.add({ name: `restore of ${kb}: click → reload onto the restored data`, value: bigRun.restoreMs, unit: 'ms', better: 'lower', baseline: run.restoreMs, note: 'baseline: the 100k messages alone' });
	addWorkerFigure(results, `restore of ${kb}: worker peak memory`, bigRun.restore.worker, empty.restore.worker);
	addRendererFigure(results, `restore of ${kb}: renderer memory growth (page + workers + WebAssembly)`, bigRun.restore, empty.restore);
	results.add({ name: `backup of ${kb}: longest main-thread task`, value: bigRun.longestTask, unit: 'ms', better: 'lower', baseline: bigRun.idleLongest, target: TARGET_LONGEST_TASK_MS });
}
