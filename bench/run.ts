import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { measureE2eLatency } from './e2e-latency';
import type { E2eLatencyResult } from './e2e-latency';
import { halve, latencyTable, targetLines } from './report';
import type { Row } from './report';
import { measureRawDataChannelRtt } from './rtc-baseline';
import { startAppServer } from './server';
import { summarize } from './stats';

// Run via `npm run bench`: build first, then this inside the loopback-only
// namespace. Benchmarks report; only real errors make the exit code non-zero.
const WARM_UP = 50;
const MESSAGES = 500;
const TARGET_P50_MS = 5;
const TARGET_P99_MS = 25;
const DRIFT_WINDOW = 100;

function breakdown(result: E2eLatencyResult): Row[] {
	if (result.wire.length === 0) return [];
	return [
		{ label: '  A: keydown → RTCDataChannel.send', summary: summarize(result.sender) },
		{ label: '  wire: send → B message event', summary: summarize(result.wire) },
		{ label: '  B: message event → bubble', summary: summarize(result.receiver) }
	];
}

async function main(): Promise<void> {
	const server = await startAppServer();
	try {
		const browser = await chromium.launch(chromiumLaunchOptions);
		try {
			console.log(`Parley benchmarks: Chromium ${browser.version()}, server ${server.baseURL}`);
			console.log(`end-to-end latency: ${WARM_UP} warm-up + ${MESSAGES} measured messages A→B, one at a time…`);
			const result = await measureE2eLatency(browser, server.baseURL, { warmUp: WARM_UP, messages: MESSAGES });
			const e2e = summarize(result.total);
			console.log(`raw RTCDataChannel round trips: ${MESSAGES}…`);
			const rtt = await measureRawDataChannelRtt(browser, server.baseURL, MESSAGES);
			const oneWay = halve(rtt);

			console.log('');
			console.log(
				latencyTable([
					{ label: 'e2e message latency (keydown → bubble)', summary: e2e },
					// A rising trend across one run points at costs that grow with history.
					{ label: `  first ${DRIFT_WINDOW} measured`, summary: summarize(result.total.slice(0, DRIFT_WINDOW)) },
					{ label: `  last ${DRIFT_WINDOW} measured`, summary: summarize(result.total.slice(-DRIFT_WINDOW)) },
					...breakdown(result),
					{ label: 'raw RTCDataChannel RTT', summary: rtt },
					{ label: 'raw one-way (RTT / 2)', summary: oneWay }
				])
			);
			console.log('');
			// Coarsened clocks can round a loopback one-way time down to zero.
			const ratio = oneWay.p50 > 0 ? `${(e2e.p50 / oneWay.p50).toFixed(1)}×` : 'n/a (raw one-way p50 rounds to 0)';
			console.log(`e2e_p50 / raw_one_way_p50 = ${ratio}`);
			for (const line of targetLines([
				{ label: 'e2e p50', actual: e2e.p50, limit: TARGET_P50_MS },
				{ label: 'e2e p99', actual: e2e.p99, limit: TARGET_P99_MS }
			])) {
				console.log(line);
			}
		} finally {
			await browser.close();
		}
	} finally {
		await server.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exitCode = 1;
});
