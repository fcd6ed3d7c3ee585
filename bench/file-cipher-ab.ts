import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { cpuUsed, sampleBrowserCpu } from './process-cpu';
import { startAppServer } from './server';

// The per-chunk CPU of sealing (sender) and opening + hashing (receiver) 64 KiB chunks in
// Chromium: session 13's way (libsodium's wrapper functions), in place (FileCipher now), and
// WebCrypto's AES-256-GCM (a cipher change, for comparison), alternately in one page. Each step's
// CPU is read from /proc for all of the browser's threads (WebCrypto runs off the page's
// thread), so the load on the machine stretches the wall time but not much the CPU.
//   node tests/e2e/run-isolated.mjs tsx bench/file-cipher-ab.ts [chunks=4096] [rounds=5]

const PROBE = fileURLToPath(new URL('./file-cipher-probe.ts', import.meta.url));
const STEPS = (process.env['BENCH_STEPS']?.split(',') ?? ['seal-lent', 'seal-aes', 'seal-gcm', 'open-new', 'open-aes', 'open-gcm', 'hash']) as readonly string[];

async function main(): Promise<void> {
	const chunks = Number(process.argv[2] ?? '4096');
	const rounds = Number(process.argv[3] ?? '5');
	const bundle = await build({ entryPoints: [PROBE], bundle: true, format: 'iife', globalName: '__cipherProbe', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
	const server = await startAppServer();
	const browser = await chromium.launch(chromiumLaunchOptions);
	try {
		// A page of the app's origin: WebCrypto needs a secure context (about:blank is not one).
		const page = await browser.newPage({ baseURL: server.baseURL });
		await page.goto('/config.json');
		await page.evaluate(`${bundle.outputFiles[0]!.text};globalThis.__cipherProbe = __cipherProbe;`);
		await page.evaluate('globalThis.__cipherProbe.prepare()');
		const cpu = new Map<string, number[]>(STEPS.map((name) => [name, []]));
		const main = new Map<string, number[]>(STEPS.map((name) => [name, []]));
		const wall = new Map<string, number[]>(STEPS.map((name) => [name, []]));
		for (let round = 0; round < rounds; round++) {
			for (const name of STEPS) {
				const from = sampleBrowserCpu();
				wall.get(name)!.push(Number(await page.evaluate(`globalThis.__cipherProbe.step(${JSON.stringify(name)}, ${chunks})`)));
				const used = cpuUsed(from, sampleBrowserCpu());
				cpu.get(name)!.push(used?.totalMs ?? NaN);
				main.get(name)!.push(new Map(used?.byThread ?? []).get('renderer main') ?? NaN);
			}
		}
		const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
		console.log(`CPU per ${chunks} chunks of 64 KiB (${(chunks / 16).toFixed(0)} MB), median of ${rounds}: all browser threads / the page's main thread`);
		for (const name of STEPS) console.log(`  ${name}: ${median(cpu.get(name)!).toFixed(0)} / ${median(main.get(name)!).toFixed(0)} ms; wall ${median(wall.get(name)!).toFixed(0)} ms (all: ${cpu.get(name)!.map((v) => v.toFixed(0)).join(', ')})`);
		console.log(`load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
	} finally {
		await browser.close();
		await server.stop();
	}
}

await main();
