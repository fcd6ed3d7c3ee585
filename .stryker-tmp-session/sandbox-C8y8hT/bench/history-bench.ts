// @ts-nocheck
import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import type { ParleyTestHooks } from '../src/lib/app/test-hooks';
import { TEST_HOOKS_INIT, waitForHooks } from '../tests/e2e/parley-hooks';
import { conversationButton } from '../tests/e2e/parley-ui';
import { openOnboardedPeer } from './app-peers';
import { latencyTable } from './report';
import type { BenchResults } from './results';
import { summarize } from './stats';

const PROBE = readFileSync(new URL('./history-probe.js', import.meta.url), 'utf8');

const MESSAGES = 100_000;
const STEP_MS = 60_000;
/** Opens of the big conversation measured (each after opening a small one, so it is rebuilt). */
const OPENS = 15;
/** Older pages loaded one after another by scrolling to the top. */
const OLDER_PAGES = 20;
const RAW_RUNS = 30;
/** What ThreadState reads to open a conversation: LIVE_WINDOW (120) + 1 newest rows. */
const OPENING_ROWS = 121;
const PAGE_ROWS = 100;
/** Peer ids nobody holds: these conversations exist only in this page's IndexedDB. */
const BIG = { peer: `p${'b'.repeat(32)}`, name: 'Big history' };
const SMALL = { peer: `p${'s'.repeat(32)}`, name: 'Small chat' };

type Global = { __parley: ParleyTestHooks; __historyProbe: Record<string, (...args: unknown[]) => unknown> };

// Anonymous arrows only: tsx would wrap named functions in __name(), which the page lacks.
function probe<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
	return page.evaluate(({ method, args }) => (globalThis as unknown as Global).__historyProbe[method]!(...args), { method, args }) as Promise<T>;
}

export interface HistoryBenchResult {
	seedMs: number;
	openDom: number[];
	openFrame: number[];
	rawLatest50: number[];
	rawOpening: number[];
	olderFromScroll: number[];
	olderFromLoad: number[];
	rawOlderPage: number[];
	bubblesAfterOpen: number;
	bubblesAfterPaging: number;
}

/**
 * In one real Chromium page: seeds a 100k-message conversation, then times opening it (click →
 * newest bubble) and paging back through it, next to the raw Dexie queries behind both, run
 * in the same page in the same run.
 */
export async function measureHistory(browser: Browser, baseURL: string): Promise<HistoryBenchResult> {
	const peer = await openOnboardedPeer(browser, baseURL, 'Reader', [TEST_HOOKS_INIT, PROBE]);
	try {
		const { page } = peer;
		await waitForHooks(page);
		const seedStarted = Date.now();
		const seed = await page.evaluate(
			({ big, small, count, step }) =>
				(globalThis as unknown as Global).__parley
					.seedHistory(small.peer, 30, { step, name: small.name, start: Date.now() - 3_600_000 })
					.then(() => (globalThis as unknown as Global).__parley.seedHistory(big.peer, count, { step, name: big.name })),
			{ big: BIG, small: SMALL, count: MESSAGES, step: STEP_MS }
		);
		const seedMs = Date.now() - seedStarted;
		const newestBig = `History #${MESSAGES - 1}`;
		const newestSmall = 'History #29';
		const bigButton = conversationButton(page, BIG.name);
		const smallButton = conversationButton(page, SMALL.name);
		await bigButton.waitFor();

		const openDom: number[] = [];
		const openFrame: number[] = [];
		let bubblesAfterOpen = 0;
		for (let i = 0; i < OPENS + 1; i++) {
			await smallButton.evaluate((button, text) => (globalThis as unknown as Global).__historyProbe.open!(button, text), newestSmall);
			const timing = (await bigButton.evaluate((button, text) => (globalThis as unknown as Global).__historyProbe.open!(button, text), newestBig)) as {
				dom: number;
				frame: number;
			};
			// The first open pays for compiling and warming caches; report the steady state.
			if (i === 0) continue;
			openDom.push(timing.dom);
			openFrame.push(timing.frame);
			bubblesAfterOpen = await probe<number>(page, 'bubbleCount');
		}

		const olderFromScroll: number[] = [];
		const olderFromLoad: number[] = [];
		for (let i = 0; i < OLDER_PAGES; i++) {
			const timing = await probe<{ fromScroll: number; fromLoad: number }>(page, 'loadOlder');
			olderFromScroll.push(timing.fromScroll);
			olderFromLoad.push(timing.fromLoad);
			// Let the window settle (rows rendered above) before the next scroll.
			await probe(page, 'frames', 3);
		}
		const bubblesAfterPaging = await probe<number>(page, 'bubbleCount');

		const raw = await page.evaluate(
			({ peer, runs, latest, before, rows }) => (globalThis as unknown as Global).__parley.historyTimings(peer, { runs, latest, before, page: rows }),
			{ peer: BIG.peer, runs: RAW_RUNS, latest: [50, OPENING_ROWS], before: seed.first + (MESSAGES / 2) * STEP_MS, rows: PAGE_ROWS }
		);
		return {
			seedMs,
			openDom,
			openFrame,
			rawLatest50: raw.latest[0]!,
			rawOpening: raw.latest[1]!,
			olderFromScroll,
			olderFromLoad,
			rawOlderPage: raw.olderPage,
			bubblesAfterOpen,
			bubblesAfterPaging
		};
	} finally {
		await peer.context.close();
	}
}

/** Runs the history benchmark and prints its table. */
export async function runHistoryBench(browser: Browser, baseURL: string, results?: BenchResults): Promise<void> {
	console.log('');
	console.log(`history: ${MESSAGES} messages in one conversation, ${OPENS} opens, ${OLDER_PAGES} older pages…`);
	const r = await measureHistory(browser, baseURL);
	const openP50 = summarize(r.openDom).p50;
	const rawP50 = summarize(r.rawLatest50).p50;
	console.log(`  seeded ${MESSAGES} messages (test hook, straight into IndexedDB) in ${r.seedMs} ms`);
	console.log('');
	console.log(
		latencyTable([
			{ label: `open ${MESSAGES / 1000}k conversation: click → newest bubble in DOM`, summary: summarize(r.openDom) },
			{ label: '  … → next frame', summary: summarize(r.openFrame) },
			{ label: 'raw Dexie latestMessages(50), same page', summary: summarize(r.rawLatest50) },
			{ label: `raw Dexie latestMessages(${OPENING_ROWS}) (what opening reads)`, summary: summarize(r.rawOpening) },
			{ label: `older page (${PAGE_ROWS} rows): scroll to top → rows in, position kept`, summary: summarize(r.olderFromScroll) },
			{ label: '  load start → rows in', summary: summarize(r.olderFromLoad) },
			{ label: `raw Dexie olderPage(${PAGE_ROWS}), same page`, summary: summarize(r.rawOlderPage) }
		])
	);
	console.log('');
	console.log(`open_p50 / raw_latest50_p50 = ${rawP50 > 0 ? `${(openP50 / rawP50).toFixed(1)}×` : 'n/a'}`);
	console.log(`bubbles in the DOM: ${r.bubblesAfterOpen} after opening, ${r.bubblesAfterPaging} after ${OLDER_PAGES} older pages`);
	results?.add({ name: `history: open ${MESSAGES / 1000}k conversation, click → newest bubble, p50`, value: openP50, unit: 'ms', baseline: rawP50 });
	results?.add({
		name: `history: older page (${PAGE_ROWS} rows), scroll to top → rows in, p50`,
		value: summarize(r.olderFromScroll).p50,
		unit: 'ms',
		baseline: summarize(r.rawOlderPage).p50
	});
}
