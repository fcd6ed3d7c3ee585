import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import type { BenchResults } from './results';
import { summarize } from './stats';

const BATCH_ROWS = [1, 50];
const RUNS = 40;
const WARM_UP = 5;

/**
 * What flushing to disk costs: one inbound batch of receiver-shaped rows committed with
 * `durability: 'strict'` (the commit waits for the disk) against `'relaxed'` (it does not), on
 * a raw IndexedDB store in the same page, alternating so load drifts hit both alike.
 * Needs an on-disk profile: Playwright's usual contexts keep IndexedDB in memory, where the
 * two cost the same.
 */
async function measureCommits(baseURL: string, rows: number): Promise<{ strict: number[]; relaxed: number[] }> {
	const profile = await mkdtemp(join(tmpdir(), 'parley-bench-durability-'));
	const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions });
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(`${baseURL}/config.json`);
		// tsx (esbuild keepNames) wraps the page function's named locals in __name(), which only
		// Node has; a no-op stand-in, sent as a string so tsx leaves it alone.
		await page.evaluate('globalThis.__name = (target) => target');
		return await page.evaluate(
			async ({ rows, runs, warmUp }) => {
				const db = await new Promise<IDBDatabase>((resolve, reject) => {
					const open = indexedDB.open(`bench-durability-${crypto.randomUUID()}`, 1);
					open.onupgradeneeded = () => {
						const store = open.result.createObjectStore('receiver', { keyPath: 'id' });
						store.createIndex('[conversationId+time]', ['conversationId', 'time']);
						store.createIndex('[peerId+seq]', ['peerId', 'seq'], { unique: true });
					};
					open.onsuccess = () => resolve(open.result);
					open.onerror = () => reject(open.error ?? new Error('open failed'));
				});
				let seq = 0;
				const commit = async (durability: 'strict' | 'relaxed') => {
					const started = performance.now();
					await new Promise<void>((resolve, reject) => {
						const tx = db.transaction('receiver', 'readwrite', { durability });
						const store = tx.objectStore('receiver');
						for (let i = 0; i < rows; i++) {
							seq += 1;
							const time = Date.now();
							store.put({ id: crypto.randomUUID(), conversationId: 'peer', peerId: 'peer', seq, text: `inbound message ${seq} of everyday length`, authoredAt: time, time, unread: 1 });
						}
						tx.oncomplete = () => resolve();
						tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
					});
					return performance.now() - started;
				};
				const times = { strict: [] as number[], relaxed: [] as number[] };
				for (let i = 0; i < warmUp + runs; i++) {
					const strict = await commit('strict');
					const relaxed = await commit('relaxed');
					if (i < warmUp) continue;
					times.strict.push(strict);
					times.relaxed.push(relaxed);
				}
				const name = db.name;
				db.close();
				indexedDB.deleteDatabase(name);
				return times;
			},
			{ rows, runs: RUNS, warmUp: WARM_UP }
		);
	} finally {
		await context.close();
		await rm(profile, { recursive: true, force: true });
	}
}

/** Strict against relaxed commits of an inbound batch: a report, no target. */
export async function runDurabilityBench(baseURL: string, results: BenchResults): Promise<void> {
	console.log(`durability: strict vs relaxed IndexedDB commits of an inbound batch, on-disk profile, ${RUNS} each…`);
	for (const rows of BATCH_ROWS) {
		const { strict, relaxed } = await measureCommits(baseURL, rows);
		const s = summarize(strict);
		const r = summarize(relaxed);
		console.log(
			`  batch of ${rows}: strict p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms; relaxed p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`
		);
		results.add({ name: `durability: strict commit of an inbound batch of ${rows}, p50 (baseline relaxed)`, value: s.p50, unit: 'ms', baseline: r.p50 });
	}
}
