// @ts-nocheck
// 
// 
import { summarize } from '../../bench/stats';
import { expect, test } from './fixtures';
import { closePair, connectPair, measureRoundTrips, receiveText, sendText } from './rtc-pair';

// Independent of the app UI: proves the browser flags, permissions and the
// loopback-only namespace let two headless peers talk WebRTC at all. If this
// fails, every app-level P2P test will fail for the same reason.
test('raw RTCDataChannel connects two contexts over loopback', async ({ openPeer }) => {
	const a = await openPeer('a');
	const b = await openPeer('b');
	// Served origin, not about:blank: 127.0.0.1 over http is a secure context.
	await Promise.all([a.page.goto('/config.json'), b.page.goto('/config.json')]);
	expect(await a.page.evaluate(() => window.isSecureContext)).toBe(true);

	const candidates = await connectPair(a.page, b.page);
	for (const list of [candidates.a, candidates.b]) {
		expect(list.some((c) => c.includes(' 127.0.0.1 ') || c.includes(' ::1 '))).toBe(true);
	}

	await sendText(a.page, 'hello from a');
	expect(await receiveText(b.page)).toBe('hello from a');
	await sendText(b.page, 'hello from b');
	expect(await receiveText(a.page)).toBe('hello from b');

	const stats = summarize(await measureRoundTrips(a.page, b.page, 200));
	const line = `raw RTCDataChannel RTT over ${stats.n}: p50 ${stats.p50.toFixed(3)} ms, p99 ${stats.p99.toFixed(3)} ms, mean ${stats.mean.toFixed(3)} ms`;
	console.log(line);
	test.info().annotations.push({ type: 'rtt', description: line });
	await closePair(a.page, b.page);
});
