import type { Browser } from '@playwright/test';
import { measureE2eLatency } from './e2e-latency';
import type { E2eLatencyResult } from './e2e-latency';
import { halve, latencyTable } from './report';
import type { Row } from './report';
import type { BenchResults } from './results';
import { measureRawDataChannelRtt } from './rtc-baseline';
import { summarize } from './stats';

const WARM_UP = 50;
const MESSAGES = 500;
const TARGET_P50_MS = 5;
const TARGET_P99_MS = 25;
const DRIFT_WINDOW = 100;

function breakdown(result: E2eLatencyResult): Row[] {
	const rows: Row[] = [];
	if (result.wire.length > 0) {
		rows.push(
			{ label: '  A: keydown → RTCDataChannel.send', summary: summarize(result.sender) },
			{ label: '  wire: send → B message event', summary: summarize(result.wire) },
			{ label: '  B: message event → bubble painted', summary: summarize(result.receiver) }
		);
	}
	if (result.paint.length > 0) rows.push({ label: '  B: bubble in DOM → frame painted', summary: summarize(result.paint) });
	return rows;
}

/** Keydown on A → bubble painted on B, one message at a time, next to a raw data channel's one-way time. */
export async function runLatencyBench(browser: Browser, baseURL: string, results: BenchResults): Promise<void> {
	console.log(`end-to-end latency: ${WARM_UP} warm-up + ${MESSAGES} measured messages A→B, one at a time…`);
	const result = await measureE2eLatency(browser, baseURL, { warmUp: WARM_UP, messages: MESSAGES });
	const e2e = summarize(result.total);
	console.log(`raw RTCDataChannel round trips: ${MESSAGES}…`);
	const rtt = await measureRawDataChannelRtt(browser, baseURL, MESSAGES);
	const oneWay = halve(rtt);

	console.log('');
	console.log(
		latencyTable([
			{ label: 'e2e message latency (keydown → bubble painted)', summary: e2e },
			// A rising trend across one run points at costs that grow with history.
			{ label: `  first ${DRIFT_WINDOW} measured`, summary: summarize(result.total.slice(0, DRIFT_WINDOW)) },
			{ label: `  last ${DRIFT_WINDOW} measured`, summary: summarize(result.total.slice(-DRIFT_WINDOW)) },
			...(result.toDom.length > 0 ? [{ label: 'keydown → bubble in DOM (not yet painted)', summary: summarize(result.toDom) }] : []),
			...breakdown(result),
			{ label: 'raw RTCDataChannel RTT', summary: rtt },
			{ label: 'raw one-way (RTT / 2)', summary: oneWay }
		])
	);
	// The targets apply to the bubble rendered into B's thread (in the DOM), as the issue measured
	// it: the painted figure adds the wait for the next frame (up to one display refresh, 16.7 ms
	// at 60 Hz, and longer while the page is busy), which no app work can remove.
	// Coarsened clocks can round a loopback one-way time down to zero; the ratio is then left out.
	const dom = summarize(result.toDom.length > 0 ? result.toDom : result.total);
	results.add({ name: 'e2e message latency (keydown → bubble in DOM, before paint), p50', value: dom.p50, unit: 'ms', baseline: oneWay.p50, target: TARGET_P50_MS });
	results.add({ name: 'e2e message latency (keydown → bubble in DOM, before paint), p99', value: dom.p99, unit: 'ms', baseline: oneWay.p99, target: TARGET_P99_MS });
	const painted = 'report: keydown → first painted frame, which adds the wait for the next frame';
	results.add({ name: 'e2e message latency (keydown → bubble), p50', value: e2e.p50, unit: 'ms', baseline: oneWay.p50, note: painted });
	results.add({ name: 'e2e message latency (keydown → bubble), p99', value: e2e.p99, unit: 'ms', baseline: oneWay.p99, note: painted });
}
