import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { cpuUsed, sampleBrowserCpu } from './process-cpu';
import { startAppServer } from './server';

// Storing received 4 MiB pieces in Chromium, the receiver's way now (a Blob per piece and an
// IndexedDB put) against a dedicated worker writing them into the Origin Private File System
// through a sync access handle (issue 12, BENCHMARKS "Files, storage (session 15)"); "alloc" is
// only making the pieces, which both pay. CPU of all the browser's processes from /proc: the
// Blob's cost lands in the browser process's IO thread and thread pool, not the page.
//   node tests/e2e/run-isolated.mjs tsx bench/file-store-ab.ts [pieces=64] [rounds=5]

const PROBE = fileURLToPath(new URL('./file-store-probe.ts', import.meta.url));
const STEPS = (process.env['BENCH_STEPS']?.split(',') ?? ['alloc', 'rows', 'idb', 'opfs', 'opfs-pre', 'opfs-norows']) as readonly string[];

async function main(): Promise<void> {
	const pieces = Number(process.argv[2] ?? '64');
	const rounds = Number(process.argv[3] ?? '5');
	const bundle = await build({ entryPoints: [PROBE], bundle: true, format: 'iife', globalName: '__storeProbe', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
	const server = await startAppServer();
	// A browser context of Playwright's is off the record (like incognito): Chromium keeps its
	// IndexedDB and OPFS in memory there, and OPFS writes go through the browser process. Users
	// have a profile on disk: BENCH_PROFILE=1 measures that.
	const profile = process.env['BENCH_PROFILE'] === '1' ? await mkdtemp(join(tmpdir(), 'parley-store-ab-')) : null;
	const browser = profile === null ? await chromium.launch(chromiumLaunchOptions) : null;
	const context = profile === null ? await browser!.newContext({ baseURL: server.baseURL }) : await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, baseURL: server.baseURL });
	try {
		// A page of the app's origin: OPFS needs a secure context (about:blank is not one).
		const page = await context.newPage();
		await page.goto('/config.json');
		await page.evaluate(`${bundle.outputFiles[0]!.text};globalThis.__storeProbe = __storeProbe;`);
		await page.evaluate('globalThis.__storeProbe.prepare()');
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const cpu = new Map<string, number[]>(STEPS.map((name) => [name, []]));
		const topThreads = new Map<string, string[]>();
		const main = new Map<string, number[]>(STEPS.map((name) => [name, []]));
		for (let round = 0; round < rounds; round++) {
			for (const name of STEPS) {
				const from = sampleBrowserCpu();
				await page.evaluate(`globalThis.__storeProbe.step(${JSON.stringify(name)}, ${pieces})`);
				// The browser finishes storing Blobs after the transaction completes: wait for it.
				await new Promise((resolve) => setTimeout(resolve, 1500));
				const used = cpuUsed(from, sampleBrowserCpu());
				cpu.get(name)!.push(used?.totalMs ?? NaN);
				topThreads.set(name, (used?.byThread ?? []).slice(0, 6).map(([label, ms]) => `${label} ${ms}`));
				main.get(name)!.push(new Map(used?.byThread ?? []).get('renderer main') ?? NaN);
			}
		}
		const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
		console.log(`CPU per ${pieces} pieces of 4 MiB (${pieces * 4} MB), median of ${rounds}, 1.5 s idle included: all browser threads / the page's main thread`);
		for (const name of STEPS) console.log(`  ${name} threads: ${topThreads.get(name)!.join(', ')}`);
		for (const name of STEPS) console.log(`  ${name}: ${median(cpu.get(name)!).toFixed(0)} / ${median(main.get(name)!).toFixed(0)} ms (all: ${cpu.get(name)!.map((v) => v.toFixed(0)).join(', ')})`);
		console.log(`${profile === null ? 'off the record' : 'profile on disk'}, load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
	} finally {
		await context.close();
		await browser?.close();
		if (profile !== null) await rm(profile, { recursive: true, force: true });
		await server.stop();
	}
}

await main();
