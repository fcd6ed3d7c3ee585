import { chromium, type CDPSession, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { TEST_HOOKS_INIT, sendInParallel, waitForHooks } from '../tests/e2e/parley-hooks';
import { threadHeading } from '../tests/e2e/parley-ui';
import { connectPeers, openOnboardedPeer } from './app-peers';
import { waitForCount } from './outbox-flush';
import { startAppServer } from './server';

// Where a burst's main-thread time goes on each side (not part of `npm run bench`): the same
// burst as bench/burst-heap.ts, with the CDP sampling profiler and the page's own timing
// counters on both pages. Run: node tests/e2e/run-isolated.mjs tsx bench/burst-profile.ts
const MESSAGES = 1_000;
const PARALLEL_SENDS = 200;
const TOP_FUNCTIONS = 25;
const SAMPLING_INTERVAL_US = 200;

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
	const { metrics: list } = await cdp.send('Performance.getMetrics');
	return Object.fromEntries(list.map((metric) => [metric.name, metric.value]));
}

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
	children?: number[];
}

const CALLER_DEPTH = 6;
const COUNTS = (process.env['PROFILE_COUNTS'] ?? '').split(',').filter(Boolean);
const CALLERS_OF = (process.env['PROFILE_CALLERS'] ?? 'put,add,cloneNode,setItem').split(',');

/** Time under each named function (counted once per sample however deep it recurses). */
function inclusive(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }): string[] {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const by = new Map<string, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	const under = process.env['PROFILE_UNDER'];
	for (let i = 0; i < samples.length; i++) {
		if (under) {
			// Self time of what runs below `under` only, by function and file.
			let inside = false;
			for (let id: number | undefined = samples[i]; id !== undefined && !inside; id = parent.get(id)) inside = byId.get(id)?.callFrame.functionName === under;
			const node = byId.get(samples[i]!);
			if (!inside || !node) continue;
			const key = `${node.callFrame.functionName || '(anon)'}@${node.callFrame.url.split('/').pop() ?? ''}:${node.callFrame.lineNumber}:${node.callFrame.columnNumber}`;
			by.set(key, (by.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
			continue;
		}
		const seen = new Set<string>();
		for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
			const frame = byId.get(id)?.callFrame;
			const short = frame?.functionName ?? '';
			// Minified names repeat across files (Svelte's `flush`, the packer's `flush`): keep the place.
			const name = `${short}@${(frame?.url.split('/').pop() ?? '').slice(0, 8)}:${frame?.lineNumber ?? -1}:${frame?.columnNumber ?? -1}`;
			if (short.length < 4 || seen.has(name)) continue;
			seen.add(name);
			by.set(name, (by.get(name) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
		}
	}
	return [...by].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([key, ms]) => `${ms.toFixed(0).padStart(6)} ${key}`);
}

/** Self time of the named (native) functions by the chain of callers above them. */
function callers(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }): string[] {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const name = (node: ProfileNode) => `${node.callFrame.functionName || '(anon)'}@${(node.callFrame.url.split('/').pop() ?? '').slice(0, 8)}:${node.callFrame.lineNumber}`;
	const by = new Map<string, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	for (let i = 0; i < samples.length; i++) {
		const node = byId.get(samples[i]!);
		if (!node || !CALLERS_OF.includes(node.callFrame.functionName)) continue;
		const chain = [node.callFrame.functionName];
		for (let up = parent.get(node.id), depth = 0; up !== undefined && depth < CALLER_DEPTH; up = parent.get(up), depth++) chain.push(name(byId.get(up)!));
		const key = chain.join(' < ');
		by.set(key, (by.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
	}
	return [...by].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([key, ms]) => `${ms.toFixed(1).padStart(7)} ms  ${key}`);
}

function topSelf(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }): string[] {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const self = new Map<string, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	for (let i = 0; i < samples.length; i++) {
		const node = byId.get(samples[i]!);
		if (!node) continue;
		const { functionName, url, lineNumber, columnNumber } = node.callFrame;
		const file = url.split('/').pop() ?? '';
		const key = `${functionName || '(anonymous)'} ${file}:${lineNumber}:${columnNumber}`;
		self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
	}
	const total = [...self.values()].reduce((a, b) => a + b, 0);
	return [`total sampled ${total.toFixed(0)} ms`, ...[...self].sort((a, b) => b[1] - a[1]).slice(0, TOP_FUNCTIONS).map(([key, ms]) => `${ms.toFixed(1).padStart(7)} ms  ${key}`)];
}

async function profiled(page: Page): Promise<{ cdp: CDPSession; before: Metrics }> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
	const before = await metrics(cdp);
	// PROFILE_COUNTS=publish,sendAck: how often the named functions ran (precise coverage).
	if (COUNTS.length > 0) await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
	await cdp.send('Profiler.start');
	return { cdp, before };
}

async function report(name: string, { cdp, before }: { cdp: CDPSession; before: Metrics }): Promise<void> {
	const { profile } = await cdp.send('Profiler.stop');
	if (COUNTS.length > 0) {
		const { result } = await cdp.send('Profiler.takePreciseCoverage');
		const counts = new Map<string, number>();
		for (const script of result) {
			for (const fn of script.functions) {
				if (!COUNTS.includes(fn.functionName)) continue;
				const key = `${fn.functionName}@${script.url.split('/').pop() ?? ''}:${fn.ranges[0]?.startOffset ?? 0}`;
				counts.set(key, (counts.get(key) ?? 0) + (fn.ranges[0]?.count ?? 0));
			}
		}
		console.log(`\n== ${name} calls: ${[...counts].map(([key, count]) => `${key} ${count}`).join(', ')}`);
	}
	const after = await metrics(cdp);
	const delta = (key: string) => ((after[key] ?? 0) - (before[key] ?? 0)) * 1000;
	console.log(`\n== ${name}: task ${delta('TaskDuration').toFixed(0)} ms, script ${delta('ScriptDuration').toFixed(0)} ms, layout ${delta('LayoutDuration').toFixed(0)} ms (${(after['LayoutCount']! - before['LayoutCount']!).toFixed(0)}), style ${delta('RecalcStyleDuration').toFixed(0)} ms (${(after['RecalcStyleCount']! - before['RecalcStyleCount']!).toFixed(0)})`);
	for (const line of topSelf(profile as never)) console.log(`  ${line}`);
	console.log('  inclusive (ms) by named frame:');
	for (const line of inclusive(profile as never)) console.log(`  ${line}`);
	console.log('  callers:');
	for (const line of callers(profile as never)) console.log(`  ${line}`);
}

async function main(): Promise<void> {
	const server = await startAppServer();
	const browser = await chromium.launch(chromiumLaunchOptions);
	try {
		const a = await openOnboardedPeer(browser, server.baseURL, 'Alice', [TEST_HOOKS_INIT]);
		const b = await openOnboardedPeer(browser, server.baseURL, 'Bob', [TEST_HOOKS_INIT]);
		await connectPeers(a, b);
		await Promise.all([threadHeading(a.page, b.name).waitFor(), threadHeading(b.page, a.name).waitFor()]);
		const bId = await waitForHooks(b.page);
		await waitForHooks(a.page);
		const run = async (from: number, count: number) => {
			const texts = Array.from({ length: count }, (_, i) => `burst ${from + i}: a chat message of everyday length, about sixty chars`);
			const started = performance.now();
			await Promise.all([sendInParallel(a.page, bId, texts, PARALLEL_SENDS), waitForCount(b.page, { store: 'receiver', target: from + count })]);
			await waitForCount(a.page, { store: 'sender', pendingFor: bId, target: 0 });
			return performance.now() - started;
		};
		await run(0, 20);
		const [pa, pb] = [await profiled(a.page), await profiled(b.page)];
		const ms = await run(20, MESSAGES);
		console.log(`burst ${MESSAGES} in ${ms.toFixed(0)} ms = ${(MESSAGES / (ms / 1000)).toFixed(0)} msg/s`);
		await report('A (sender)', pa);
		await report('B (receiver)', pb);
	} finally {
		await browser.close();
		await server.stop();
	}
}

await main();
