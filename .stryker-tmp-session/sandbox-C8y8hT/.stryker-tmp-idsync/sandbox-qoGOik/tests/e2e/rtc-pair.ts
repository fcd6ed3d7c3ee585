// @ts-nocheck
// 
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';

// Node-side half of a raw RTCPeerConnection pair between two pages; the test
// process itself is the signalling channel. Page side: rtc-harness.js.
const HARNESS = readFileSync(new URL('./rtc-harness.js', import.meta.url), 'utf8');
const STEP_TIMEOUT_MS = 10_000;

type Method =
	| 'createOffer'
	| 'acceptOffer'
	| 'acceptAnswer'
	| 'gatheredCandidates'
	| 'addCandidates'
	| 'waitOpen'
	| 'send'
	| 'next'
	| 'setEcho'
	| 'pingPong'
	| 'close';

// One anonymous arrow for every call: nothing named for a transpiler to wrap.
async function call<T>(page: Page, method: Method, ...args: unknown[]): Promise<T> {
	return page.evaluate(
		({ method, args }) => {
			const rtc = (globalThis as unknown as { __rtc: Record<string, (...a: unknown[]) => unknown> }).__rtc;
			return rtc[method]!(...args);
		},
		{ method, args }
	) as Promise<T>;
}

/** A page on the served origin (secure context) with media permission. */
export async function openRtcPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ baseURL });
	await context.grantPermissions(['microphone'], { origin: new URL(baseURL).origin });
	const page = await context.newPage();
	await page.goto('/config.json');
	return { context, page };
}

/**
 * Connects a (offerer) and b (answerer) with one ordered data channel and
 * returns each side's ICE candidate strings.
 */
export async function connectPair(a: Page, b: Page): Promise<{ a: string[]; b: string[] }> {
	await Promise.all([a.evaluate(HARNESS), b.evaluate(HARNESS)]);
	const offer = await call<RTCSessionDescriptionInit>(a, 'createOffer');
	const answer = await call<RTCSessionDescriptionInit>(b, 'acceptOffer', offer);
	await call(a, 'acceptAnswer', answer);
	const [fromA, fromB] = await Promise.all([
		call<RTCIceCandidateInit[]>(a, 'gatheredCandidates', STEP_TIMEOUT_MS),
		call<RTCIceCandidateInit[]>(b, 'gatheredCandidates', STEP_TIMEOUT_MS)
	]);
	if (fromA.length === 0 || fromB.length === 0) {
		throw new Error(
			'No ICE candidates gathered: Chromium needs --allow-loopback-in-peer-connection ' +
				'and a microphone/camera permission on the page to offer loopback candidates.'
		);
	}
	await Promise.all([call(a, 'addCandidates', fromB), call(b, 'addCandidates', fromA)]);
	await Promise.all([call(a, 'waitOpen', STEP_TIMEOUT_MS), call(b, 'waitOpen', STEP_TIMEOUT_MS)]);
	const text = (list: RTCIceCandidateInit[]) => list.map((c) => c.candidate ?? '');
	return { a: text(fromA), b: text(fromB) };
}

export async function sendText(page: Page, text: string): Promise<void> {
	await call(page, 'send', text);
}

export async function receiveText(page: Page, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
	return call<string>(page, 'next', timeoutMs);
}

/** Round trips a→b→a in ms, measured in a's page; b echoes from now on. */
export async function measureRoundTrips(a: Page, b: Page, count: number, size = 32): Promise<number[]> {
	await call(b, 'setEcho', true);
	return call<number[]>(a, 'pingPong', count, size, STEP_TIMEOUT_MS);
}

export async function closePair(a: Page, b: Page): Promise<void> {
	await Promise.all([call(a, 'close'), call(b, 'close')]);
}
