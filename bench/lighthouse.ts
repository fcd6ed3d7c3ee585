import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/browser';
import type { BenchResults } from './results';

// Lighthouse 12.2.3 (pinned: 13.x needs Node 22) with its default config: mobile form factor,
// simulated throttling, performance category only. The first run resets storage as a first
// visitor has none; the return visit runs in the same profile with storage and cache kept.
const TARGET_SCORE = 90;
const START_TIMEOUT_MS = 30_000;
const METRICS = [
	{ audit: 'first-contentful-paint', label: 'FCP', unit: 'ms' },
	{ audit: 'largest-contentful-paint', label: 'LCP', unit: 'ms' },
	{ audit: 'total-blocking-time', label: 'TBT', unit: 'ms' },
	{ audit: 'cumulative-layout-shift', label: 'CLS', unit: '' }
] as const;

interface Visit {
	score: number;
	metrics: Record<(typeof METRICS)[number]['label'], number>;
}

/** A Chromium of our own with a DevTools port, as Lighthouse drives it over CDP. */
async function launchChrome(): Promise<{ port: number; stop(): Promise<void> }> {
	const profile = await mkdtemp(join(tmpdir(), 'parley-bench-lighthouse-'));
	const chrome = spawn(process.env.CHROME_PATH ?? CHROMIUM_PATH, [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
		stdio: ['ignore', 'ignore', 'pipe']
	});
	const exited = once(chrome, 'exit');
	const stop = async () => {
		if (chrome.exitCode === null && chrome.signalCode === null) {
			chrome.kill('SIGTERM');
			await exited;
		}
		await rm(profile, { recursive: true, force: true });
	};
	try {
		const port = await new Promise<number>((resolve, reject) => {
			let output = '';
			chrome.stderr.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
				if (match) resolve(Number(match[1]));
			});
			void exited.then(() => reject(new Error(`Chromium exited before its DevTools port was known:\n${output}`)));
			setTimeout(() => reject(new Error(`no DevTools port after ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS).unref();
		});
		return { port, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

async function visit(url: string, port: number, keepStorage: boolean): Promise<Visit> {
	const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], disableStorageReset: keepStorage });
	if (!result) throw new Error('Lighthouse returned no result');
	const { lhr } = result;
	if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
	const score = lhr.categories['performance']?.score;
	if (score == null) throw new Error('Lighthouse gave no performance score');
	const metrics = {} as Visit['metrics'];
	for (const { audit, label } of METRICS) {
		const value = lhr.audits[audit]?.numericValue;
		if (value === undefined) throw new Error(`Lighthouse audit ${audit} has no value`);
		metrics[label] = value;
	}
	return { score: score * 100, metrics };
}

const show = (value: number, unit: string) => (unit === 'ms' ? `${value.toFixed(0)} ms` : value.toFixed(3));

/** Lighthouse mobile performance on a first and a return visit, with its four metrics. */
export async function runLighthouseBench(baseURL: string, results: BenchResults): Promise<void> {
	console.log('Lighthouse 12.2.3, mobile preset (simulated throttling): first visit, then return visit in the same profile…');
	const chrome = await launchChrome();
	try {
		const url = `${baseURL}/`;
		for (const [label, keepStorage] of [
			['first visit', false],
			['return visit', true]
		] as const) {
			const run = await visit(url, chrome.port, keepStorage);
			console.log(`  ${label}: performance ${run.score.toFixed(0)}; ${METRICS.map((m) => `${m.label} ${show(run.metrics[m.label], m.unit)}`).join(', ')}`);
			results.add({ name: `Lighthouse mobile performance, ${label}`, value: run.score, unit: 'score', target: TARGET_SCORE, better: 'higher' });
			for (const metric of METRICS) {
				results.add({ name: `Lighthouse mobile, ${label}: ${metric.label}`, value: run.metrics[metric.label], unit: metric.unit });
			}
		}
	} finally {
		await chrome.stop();
	}
}
