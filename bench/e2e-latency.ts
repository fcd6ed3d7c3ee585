import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { ui } from '../tests/e2e/parley-ui';
import { connectPeers, openOnboardedPeer } from './app-peers';

const PROBE = readFileSync(new URL('./latency-probe.js', import.meta.url), 'utf8');
const WIRE_TAP = readFileSync(new URL('./wire-tap.js', import.meta.url), 'utf8');
const ARRIVAL_TIMEOUT_MS = 10_000;

export interface E2eLatencyOptions {
	warmUp: number;
	messages: number;
	/** Called after the warm-up with both pages; what it returns runs after the measured messages (a profiler's stop). */
	measuring?: (a: Page, b: Page) => Promise<() => Promise<void>>;
}

/**
 * Per message, in ms, from A's Enter keydown to the painted frame showing the bubble on B.
 * `sender`, `wire` and `receiver` split the same span at A's RTCDataChannel.send and B's
 * message event; they only hold messages where both could be matched (other frames, e.g.
 * keepalives, can blur that). `paint`: from the bubble entering B's DOM to that frame painted.
 */
export interface E2eLatencyResult {
	total: number[];
	sender: number[];
	wire: number[];
	receiver: number[];
	paint: number[];
	/** Keydown → bubble in B's DOM (not yet painted): what the figure measured before issue 9. */
	toDom: number[];
}

type Global = Record<string, Record<string, (...a: unknown[]) => unknown>>;

// Anonymous arrows only: tsx would wrap named functions in __name(), which
// the page does not have.
async function call<T>(page: Page, target: '__latencyProbe' | '__wireTap', method: string, ...args: unknown[]): Promise<T> {
	return page.evaluate(
		({ target, method, args }) => (globalThis as unknown as Global)[target]![method]!(...args),
		{ target, method, args }
	) as Promise<T>;
}

/**
 * Sends messages A→B one at a time through the real UI: from the Enter
 * keydown in A's composer until the frame showing the bubble in B's log is painted. One at a
 * time measures latency, not throughput.
 */
export async function measureE2eLatency(browser: Browser, baseURL: string, options: E2eLatencyOptions): Promise<E2eLatencyResult> {
	const a = await openOnboardedPeer(browser, baseURL, 'Alice', [WIRE_TAP]);
	try {
		const b = await openOnboardedPeer(browser, baseURL, 'Bob', [WIRE_TAP]);
		try {
			await connectPeers(a, b);
			// An empty thread has no log element yet; the first message creates it.
			const [first] = tokens('first', 1);
			await ui(a.page).composer.fill(first!);
			await ui(a.page).composer.press('Enter');
			await ui(b.page).log.filter({ hasText: first }).waitFor();

			await Promise.all([a.page.evaluate(PROBE), b.page.evaluate(PROBE)]);
			await ui(a.page).composer.evaluate((box) => (globalThis as unknown as Global)['__latencyProbe']!['armSender']!(box));
			await ui(b.page).log.evaluate((log) => (globalThis as unknown as Global)['__latencyProbe']!['armReceiver']!(log));
			// Warm-up absorbs JIT, IndexedDB first-open costs and SCTP slow start.
			await sendAll(a.page, b.page, tokens('w', options.warmUp));
			const measured = tokens('m', options.messages);
			const done = await options.measuring?.(a.page, b.page);
			await sendAll(a.page, b.page, measured);
			await done?.();
			return await collect(a.page, b.page, measured);
		} finally {
			await b.context.close();
		}
	} finally {
		await a.context.close();
	}
}

function tokens(kind: string, count: number): string[] {
	const run = Math.random().toString(36).slice(2, 8);
	return Array.from({ length: count }, (_, i) => `bench-${i}-${kind}${run}`);
}

async function sendAll(a: Page, b: Page, texts: readonly string[]): Promise<void> {
	const { composer } = ui(a);
	for (const text of texts) {
		await composer.fill(text);
		await composer.press('Enter');
		await call(b, '__latencyProbe', 'waitSeen', text, ARRIVAL_TIMEOUT_MS);
	}
}

async function collect(a: Page, b: Page, texts: readonly string[]): Promise<E2eLatencyResult> {
	const sent = await call<(number | null)[]>(a, '__latencyProbe', 'sentTimes', texts);
	const seen = await call<(number | null)[]>(b, '__latencyProbe', 'seenTimes', texts);
	const inDom = await call<(number | null)[]>(b, '__latencyProbe', 'domTimes', texts);
	const wireOut = await call<number[]>(a, '__wireTap', 'sends');
	const wireIn = await call<number[]>(b, '__wireTap', 'receives');
	const firstWithin = (stamps: readonly number[], from: number, to: number) => stamps.find((t) => t >= from && t <= to);
	const result: E2eLatencyResult = { total: [], sender: [], wire: [], receiver: [], paint: [], toDom: [] };
	texts.forEach((text, i) => {
		const t0 = sent[i];
		const t1 = seen[i];
		if (t0 == null || t1 == null) throw new Error(`no ${t0 == null ? 'send' : 'arrival'} time for ${text}`);
		result.total.push(t1 - t0);
		const dom = inDom[i];
		if (dom != null) {
			result.paint.push(t1 - dom);
			result.toDom.push(dom - t0);
		}
		const out = firstWithin(wireOut, t0, t1);
		const arrived = out === undefined ? undefined : firstWithin(wireIn, out, t1);
		if (out === undefined || arrived === undefined) return;
		result.sender.push(out - t0);
		result.wire.push(arrived - out);
		result.receiver.push(t1 - arrived);
	});
	return result;
}
