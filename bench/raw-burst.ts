import type { Browser } from '@playwright/test';
import { closePair, connectPair, measureRoundTrips, openRtcPage } from '../tests/e2e/rtc-pair';

const STEP_TIMEOUT_MS = 10_000;
const WARM_UP = 200;

/**
 * Floor for the app's burst throughput: messages per second a bare RTCDataChannel carries A→B
 * and back (B echoes each one), A sending back to back and counting echoes. Two contexts of one
 * browser, no app code; `bytes` per message, about the size of a sealed chat frame.
 */
export async function measureRawSendEchoRate(browser: Browser, baseURL: string, messages: number, bytes = 200): Promise<number> {
	const [a, b] = await Promise.all([openRtcPage(browser, baseURL), openRtcPage(browser, baseURL)]);
	try {
		await connectPair(a.page, b.page);
		// Switches B to echo, and warms up SCTP and the JIT.
		await measureRoundTrips(a.page, b.page, WARM_UP, bytes);
		const ms = await a.page.evaluate(
			async ({ messages, bytes, timeoutMs }) => {
				const rtc = (globalThis as unknown as { __rtc: { send(text: string): void; next(ms: number): Promise<string> } }).__rtc;
				const started = performance.now();
				for (let i = 0; i < messages; i++) rtc.send(`${i}:`.padEnd(bytes, 'x'));
				for (let i = 0; i < messages; i++) await rtc.next(timeoutMs);
				return performance.now() - started;
			},
			{ messages, bytes, timeoutMs: STEP_TIMEOUT_MS }
		);
		await closePair(a.page, b.page);
		return messages / (ms / 1000);
	} finally {
		await Promise.all([a.context.close(), b.context.close()]);
	}
}
