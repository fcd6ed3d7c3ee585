import type { Browser } from '@playwright/test';
import type { BenchResults } from './results';

const TARGET_JS_BEFORE_PAINT_KB = 150;
const PAINT_TIMEOUT_MS = 30_000;
const IDLE_TIMEOUT_MS = 10_000;
const KB = 1024;

interface ScriptLoad {
	url: string;
	/** Bytes on the wire: headers plus the (possibly compressed) body. */
	transfer: number;
	/** The body as the page uses it, uncompressed. */
	decoded: number;
	/** Requested before the first contentful paint, so it competed with it for the wire. */
	beforePaint: boolean;
	encoding: string;
}

/**
 * A first visit in a fresh profile (empty HTTP cache, no service worker): every JavaScript
 * response the page requested before its first contentful paint, with its size on the wire
 * (brotli or gzip if the server sends them) and uncompressed. Read from the page's own
 * resource timing, which counts module preloads and dynamic imports alike.
 */
export async function measureFirstLoad(browser: Browser, baseURL: string): Promise<{ scripts: ScriptLoad[]; fcpMs: number }> {
	const context = await browser.newContext({ baseURL });
	try {
		const page = await context.newPage();
		const encodings = new Map<string, string>();
		page.on('response', (response) => encodings.set(response.url(), response.headers()['content-encoding'] ?? 'identity'));
		const landing = await page.goto('/', { waitUntil: 'load' });
		// What the browser offered decides what the server may send (browsers may keep brotli to HTTPS).
		const offered = (await landing?.request().allHeaders())?.['accept-encoding'] ?? '?';
		console.log(`  Accept-Encoding sent: ${offered}`);
		const fcp = await page.evaluate(
			(timeoutMs) =>
				new Promise<number>((resolve, reject) => {
					const timer = setTimeout(() => reject(new Error('no first-contentful-paint')), timeoutMs);
					new PerformanceObserver((list, observer) => {
						const paint = list.getEntriesByName('first-contentful-paint')[0];
						if (!paint) return;
						observer.disconnect();
						clearTimeout(timer);
						resolve(paint.startTime);
					}).observe({ type: 'paint', buffered: true });
				}),
			PAINT_TIMEOUT_MS
		);
		// Lazy chunks (e.g. a crypto build wanted only later) count in the whole-visit total.
		await page.waitForLoadState('networkidle', { timeout: IDLE_TIMEOUT_MS }).catch(() => undefined);
		const entries = await page.evaluate(() =>
			(performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((entry) => ({
				url: entry.name,
				start: entry.startTime,
				transfer: entry.transferSize,
				decoded: entry.decodedBodySize,
				type: entry.initiatorType
			}))
		);
		const timing = { fcp, entries };
		const navigation = await page.evaluate(() => {
			const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
			return entry ? { transfer: entry.transferSize, decoded: entry.decodedBodySize } : null;
		});
		const scripts: ScriptLoad[] = timing.entries
			.filter((entry) => /\.m?js(\?|$)/.test(new URL(entry.url).pathname) || entry.type === 'script')
			.map((entry) => ({
				url: new URL(entry.url).pathname,
				transfer: entry.transfer,
				decoded: entry.decoded,
				beforePaint: entry.start < timing.fcp,
				encoding: encodings.get(entry.url) ?? '?'
			}));
		if (navigation) console.log(`  document: ${(navigation.transfer / KB).toFixed(1)} KB on the wire, ${(navigation.decoded / KB).toFixed(1)} KB uncompressed`);
		return { scripts, fcpMs: timing.fcp };
	} finally {
		await context.close();
	}
}

/** JavaScript over the wire before first paint, against its uncompressed size. */
export async function runFirstLoadBench(browser: Browser, baseURL: string, results: BenchResults): Promise<void> {
	console.log('first load: JavaScript requested before the first contentful paint, fresh profile…');
	const { scripts, fcpMs } = await measureFirstLoad(browser, baseURL);
	const sum = (list: readonly ScriptLoad[], key: 'transfer' | 'decoded') => list.reduce((total, script) => total + script[key], 0);
	const early = scripts.filter((script) => script.beforePaint);
	for (const script of scripts) {
		console.log(
			`  ${script.beforePaint ? 'before' : 'after '} paint  ${(script.transfer / KB).toFixed(1).padStart(7)} KB wire  ${(script.decoded / KB).toFixed(1).padStart(7)} KB raw  ${script.encoding.padEnd(8)} ${script.url}`
		);
	}
	console.log(
		`  first contentful paint at ${fcpMs.toFixed(0)} ms; JavaScript before it: ${early.length} files, ${(sum(early, 'transfer') / KB).toFixed(1)} KB on the wire ` +
			`(${(sum(early, 'decoded') / KB).toFixed(1)} KB uncompressed); all JavaScript of the visit: ${(sum(scripts, 'transfer') / KB).toFixed(1)} KB on the wire`
	);
	results.add({
		name: 'first load: JavaScript over the wire before first paint',
		value: sum(early, 'transfer') / KB,
		unit: 'KB',
		baseline: sum(early, 'decoded') / KB,
		target: TARGET_JS_BEFORE_PAINT_KB
	});
	results.add({ name: 'first load: all JavaScript over the wire, whole first visit', value: sum(scripts, 'transfer') / KB, unit: 'KB', baseline: sum(scripts, 'decoded') / KB });
}
