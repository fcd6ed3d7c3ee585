import { chromium, type CDPSession, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { measureE2eLatency } from './e2e-latency';
import { startAppServer } from './server';
import { summarize } from './stats';

// Where one message's time goes, per stage, on both pages (not part of `npm run bench`): the
// latency part's one-at-a-time sends with the CDP sampling profiler and the page's timing
// counters on A and B, reported per message. Function names need a build without minifying:
//   npx vite build --mode test --minify false
//   node tests/e2e/run-isolated.mjs tsx bench/latency-profile.ts
// LATENCY_PROFILE_UNDER=name: self time below that frame only, by function and place.
// LATENCY_PROFILE_CALLERS=name: that function's self time by its callers (CALLER_DEPTH frames).
const CALLER_DEPTH = 5;
const WARM_UP = 50;
const MESSAGES = Number(process.env['LATENCY_PROFILE_MESSAGES'] ?? 200);
const SAMPLING_INTERVAL_US = 50;
const TOP = 45;
// Text, not a function: tsx would wrap a named function in __name(), which the page lacks.
const SPIN = `globalThis.__latencyProfileSpin = function latencyProfileSpin() {
	const until = performance.now() + 0.1;
	while (performance.now() < until);
}`;

type Metrics = Record<string, number>;
interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
	children?: number[];
}
interface Profile {
	startTime: number;
	nodes: ProfileNode[];
	samples?: number[];
	timeDeltas?: number[];
}

async function metrics(cdp: CDPSession): Promise<Metrics> {
	const { metrics: list } = await cdp.send('Performance.getMetrics');
	return Object.fromEntries(list.map((metric) => [metric.name, metric.value]));
}

const place = (node: ProfileNode) => `${node.callFrame.functionName || '(anon)'}@${node.callFrame.url.split('/').pop() ?? ''}:${node.callFrame.lineNumber}`;

/** µs per message under each named frame (once per sample however deep it recurses). */
function perMessage(profile: Profile, messages: number): string[] {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const under = process.env['LATENCY_PROFILE_UNDER'];
	const callersOf = process.env['LATENCY_PROFILE_CALLERS'];
	const by = new Map<string, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	for (let i = 0; i < samples.length; i++) {
		const us = deltas[i + 1] ?? 0;
		const node = byId.get(samples[i]!);
		if (!node) continue;
		if (callersOf && node.callFrame.functionName === callersOf) {
			// Who calls it: the nearest frames above that are not Svelte's own scheduling.
			const chain: string[] = [];
			for (let id = parent.get(node.id); id !== undefined && chain.length < CALLER_DEPTH; id = parent.get(id)) {
				const caller = byId.get(id);
				if (caller && caller.callFrame.functionName !== callersOf) chain.push(place(caller));
			}
			const key = chain.join(' < ');
			by.set(key, (by.get(key) ?? 0) + us);
			continue;
		}
		if (callersOf) continue;
		if (under) {
			let inside = false;
			for (let id: number | undefined = node.id; id !== undefined && !inside; id = parent.get(id)) inside = byId.get(id)?.callFrame.functionName === under;
			if (inside) by.set(place(node), (by.get(place(node)) ?? 0) + us);
			continue;
		}
		const seen = new Set<string>();
		for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
			const name = byId.get(id)?.callFrame.functionName ?? '';
			if (name === '' || seen.has(name)) continue;
			seen.add(name);
			by.set(name, (by.get(name) ?? 0) + us);
		}
	}
	return [...by]
		.sort((a, b) => b[1] - a[1])
		.slice(0, TOP)
		.map(([key, us]) => `${(us / messages).toFixed(0).padStart(7)} µs  ${key}`);
}

/** The first category whose test matches a sample's stack names a stage of B's path. */
const STAGES: [string, (names: ReadonlySet<string>, leaf: string) => boolean][] = [
	['GC', (_, leaf) => leaf === '(garbage collector)'],
	['IndexedDB / Dexie', (names) => [...names].some((n) => /^(Table|Dexie|Transaction|Collection)\b|storeIncoming|bulkAdd/.test(n))],
	['decrypt (session cipher)', (names) => [...names].some((n) => /decrypt|crypto_|secretstream|aead|nonceFor/i.test(n)) || (names.has('open') && names.has('#onFrame'))],
	['validate (valibot)', (names) => [...names].some((n) => /parse|~run|~validate/i.test(n))],
	['decode (msgpack)', (names) => [...names].some((n) => /^decode|Decoder|unpack/i.test(n))],
	['Svelte flush (effects, DOM)', (names) => names.has('flush') || names.has('flush_effects') || names.has('run_micro_tasks')],
	['feed publish (non-Svelte listeners)', (names) => names.has('publish')],
	['handleMessages (rows, arrival book)', (names) => names.has('handleMessages')],
	['message event (PeerJS, session, queue)', (names) => names.has('wireTapReceived')],
	['native (program)', (_, leaf) => leaf === '(program)'],
	['idle', (_, leaf) => leaf === '(idle)']
];

/**
 * B's critical path: from the data channel's message event (the wire tap's frame on the stack)
 * to the probe's MutationObserver seeing the bubble, per arrival, by stage and by function.
 */
function arrivalSpans(profile: Profile): string[] {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	const spans: number[] = [];
	/** Per arrival: µs by stage, and the samples in order (offset, stage, place, caller chain). */
	const perArrival: Map<string, number>[] = [];
	const traces: string[][] = [];
	const stages = new Map<string, number>();
	const self = new Map<string, number>();
	let t = profile.startTime;
	let start: number | null = null;
	let idleUs = 0;
	let abandoned = 0;
	let pending: [string, string, number][] = [];
	let trace: string[] = [];
	for (let i = 0; i < samples.length; i++) {
		t += deltas[i] ?? 0;
		const us = deltas[i + 1] ?? 0;
		const leafNode = byId.get(samples[i]!);
		if (!leafNode) continue;
		const names = new Set<string>();
		for (let id: number | undefined = leafNode.id; id !== undefined; id = parent.get(id)) names.add(byId.get(id)!.callFrame.functionName);
		const leaf = leafNode.callFrame.functionName;
		if (start === null) {
			if (names.has('wireTapReceived')) {
				start = t;
				idleUs = 0;
				pending = [];
				trace = [];
			} else continue;
		}
		if (names.has('latencyProbeObserved')) {
			spans.push(t - start);
			const mine = new Map<string, number>();
			for (const [stage, fn, time] of pending) {
				stages.set(stage, (stages.get(stage) ?? 0) + time);
				mine.set(stage, (mine.get(stage) ?? 0) + time);
				self.set(fn, (self.get(fn) ?? 0) + time);
			}
			perArrival.push(mine);
			traces.push(trace);
			start = null;
			continue;
		}
		if (leaf === '(idle)') idleUs += us;
		// A frame that renders nothing (a ping, a receipt) leaves the page idle: not an arrival.
		if (idleUs > 3_000) {
			abandoned++;
			start = null;
			continue;
		}
		if (names.has('latencyProfileSpin')) continue;
		const stage = STAGES.find(([, test]) => test(names, leaf))?.[0] ?? 'other script';
		pending.push([stage, place(leafNode), us]);
		const chain: string[] = [];
		for (let id: number | undefined = leafNode.id; id !== undefined && chain.length < 8; id = parent.get(id)) {
			const name = byId.get(id)!.callFrame.functionName;
			if (name && !name.startsWith('(root')) chain.push(name);
		}
		const line = `${stage}: ${chain.join(' < ')}`;
		if (!trace.at(-1)?.endsWith(line)) trace.push(`${((t - start) / 1000).toFixed(2).padStart(6)} ms  ${line}`);
	}
	const n = spans.length;
	if (n === 0) return ['no arrival spans found'];
	const sorted = [...spans].sort((a, b) => a - b);
	const lines = [`${n} arrivals (${abandoned} spans without a bubble dropped); span p50 ${sorted[n >> 1]!.toFixed(0)} µs (includes the probe's 2 × 100 µs spin)`, 'mean µs per arrival by stage:'];
	for (const [stage, us] of [...stages].sort((a, b) => b[1] - a[1])) lines.push(`${(us / n).toFixed(0).padStart(7)} µs  ${stage}`);
	const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
	const busy = perArrival.map((m) => [...m].reduce((sum, [stage, us]) => (stage === 'idle' ? sum : sum + us), 0));
	lines.push(`sampled main-thread time on the path (not idle), per arrival: median ${median(busy).toFixed(0)} µs, mean ${(busy.reduce((a, b) => a + b, 0) / n).toFixed(0)} µs`);
	lines.push('median µs per arrival by stage (each stage on its own):');
	for (const [stage] of STAGES.concat([['other script', () => false]])) lines.push(`${median(perArrival.map((m) => m.get(stage) ?? 0)).toFixed(0).padStart(7)} µs  ${stage}`);
	const typical = spans.indexOf(sorted[n >> 1]!);
	lines.push(`the median arrival (${(spans[typical]! / 1000).toFixed(2)} ms), samples in order:`);
	lines.push(...(traces[typical] ?? []));
	lines.push('mean µs per arrival by function (self):');
	for (const [fn, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) lines.push(`${(us / n).toFixed(0).padStart(7)} µs  ${fn}`);
	return lines;
}

async function profile(page: Page): Promise<() => Promise<{ profile: Profile; before: Metrics; after: Metrics }>> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
	const before = await metrics(cdp);
	await cdp.send('Profiler.start');
	return async () => {
		const { profile } = await cdp.send('Profiler.stop');
		return { profile: profile as Profile, before, after: await metrics(cdp) };
	};
}

function report(name: string, { profile, before, after }: { profile: Profile; before: Metrics; after: Metrics }): void {
	const per = (key: string) => `${((((after[key] ?? 0) - (before[key] ?? 0)) * 1e6) / MESSAGES).toFixed(0)} µs`;
	const count = (key: string) => (((after[key] ?? 0) - (before[key] ?? 0)) / MESSAGES).toFixed(2);
	console.log(`\n== ${name}, per message: task ${per('TaskDuration')}, script ${per('ScriptDuration')}, layout ${per('LayoutDuration')} (${count('LayoutCount')}), style ${per('RecalcStyleDuration')} (${count('RecalcStyleCount')})`);
	for (const line of perMessage(profile, MESSAGES)) console.log(`  ${line}`);
	console.log(`  -- arrivals (message event → bubble in the DOM):`);
	for (const line of arrivalSpans(profile)) console.log(`  ${line}`);
}

async function main(): Promise<void> {
	const server = await startAppServer();
	const browser = await chromium.launch(chromiumLaunchOptions);
	try {
		let stops: [Awaited<ReturnType<typeof profile>>, Awaited<ReturnType<typeof profile>>] | undefined;
		let results: Awaited<ReturnType<Awaited<ReturnType<typeof profile>>>>[] = [];
		const result = await measureE2eLatency(browser, server.baseURL, {
			warmUp: WARM_UP,
			messages: MESSAGES,
			measuring: async (a, b) => {
				await Promise.all([a.evaluate(SPIN), b.evaluate(SPIN)]);
				stops = [await profile(a), await profile(b)];
				return async () => {
					results = [await stops![0](), await stops![1]()];
				};
			}
		});
		const dom = summarize(result.toDom);
		console.log(`keydown → B's DOM (profiled, so slower): p50 ${dom.p50.toFixed(2)} ms, p99 ${dom.p99.toFixed(2)} ms`);
		report('A (sender)', results[0]!);
		report('B (receiver)', results[1]!);
	} finally {
		await browser.close();
		await server.stop();
	}
}

await main();
