// @ts-nocheck
// 
// 
import type { Browser } from '@playwright/test';
import { closePair, connectPair, measureRoundTrips, openRtcPage } from '../tests/e2e/rtc-pair';
import { summarize } from './stats';
import type { LatencySummary } from './stats';

const WARM_UP = 50;

/**
 * Floor for the app's own message latency: small-message round trips over a
 * bare RTCDataChannel between two contexts of one browser, no app code.
 * Pages are not cross-origin isolated, so performance.now() is coarsened to
 * 0.1 ms: sub-millisecond results come in 0.1 ms steps.
 */
export async function measureRawDataChannelRtt(browser: Browser, baseURL: string, n: number): Promise<LatencySummary> {
	if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, got ${n}`);
	const [a, b] = await Promise.all([openRtcPage(browser, baseURL), openRtcPage(browser, baseURL)]);
	try {
		await connectPair(a.page, b.page);
		// Warm-up absorbs SCTP slow start and JIT so they do not skew p99.
		await measureRoundTrips(a.page, b.page, WARM_UP);
		const times = await measureRoundTrips(a.page, b.page, n);
		await closePair(a.page, b.page);
		return summarize(times);
	} finally {
		await Promise.all([a.context.close(), b.context.close()]);
	}
}
