import { chromium } from '@playwright/test';
import { runAnonymizeBench } from './anonymize-bench';
import { runBackupBench } from './backup-bench';
import { runDatasetExportBench } from './dataset-export-bench';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { runBurstHeapBench } from './burst-heap';
import { runDurabilityBench } from './durability';
import { runFileTransferBench } from './file-transfer';
import { runFirstLoadBench } from './first-load';
import { runGroupBench } from './group-burst';
import { runHistoryBench } from './history-bench';
import { runHostileFramesBench } from './hostile-frames';
import { runIdleClientsBench } from './idle-clients';
import { runLatencyBench } from './latency-section';
import { runLighthouseBench } from './lighthouse';
import { runOutboxBench } from './outbox-section';
import { BenchResults } from './results';
import { runSearchBench } from './search-bench';
import { runSearchReadyBench } from './search-ready';
import { SECTIONS, selectSections } from './selection';
import { runSpeechBench } from './speech-bench';
import { startAppServer } from './server';

// `npm run bench` builds the test build, then runs this inside the loopback-only namespace.
// Benchmarks report; only real errors make the exit code non-zero. Every figure, with its
// same-run baseline, ratio, target and verdict, ends in bench-results.json and the final table.
//
// One part or a few (the build still runs first):
//   npm run bench -- burst heap            or   BENCH_ONLY=burst,heap npm run bench
// Parts: latency (keydown → bubble painted, raw data channel), outbox (10k pending flushed),
// history, search (engine at 100k), hostile (hostile frames), burst (msg/s, both threads open),
// heap (receiver's heap 1k → 20k messages), first-load (JavaScript before first paint),
// search-ready (first hit after start over 100k), durability (strict vs relaxed commits),
// group (200-message burst in a 16-member group, Node in-memory peers, vs the same burst 1:1),
// files (a 256 MB file through the transfer engine vs a bare data channel, heap, chat latency;
// BENCH_BIG=1: 1 GB), speech (Whisper WER, real-time factor in Node and the worker, model load,
// long tasks; needs espeak-ng and sox), anonymize (the PII scrubber's lines/s in Node vs a one-regex
// pass, and its slowest adversarial input), dataset-export (a 100k-message anonymized export through the
// UI: time, page peak heap, longest main-thread task), server-idle (signalling server memory per idle
// client, ours embedded and with Redis vs the stock peer package; BENCH_IDLE_CLIENTS), backup (backup and
// restore of 100k messages through the UI: time, page and worker peak memory, longest main-thread task;
// BENCH_BIG=1: + 500 MB of held files), lighthouse (mobile, first and return visit). docs/BENCHMARKS.md says what each figure means.
// BENCH_DISK=1: app peers get on-disk profiles (own Chromium each) instead of in-memory contexts.

async function main(): Promise<void> {
	const only = selectSections(process.argv.slice(2), process.env['BENCH_ONLY']);
	const results = new BenchResults();
	const server = await startAppServer();
	const started = performance.now();
	try {
		const browser = await chromium.launch(chromiumLaunchOptions);
		try {
			console.log(`Parley benchmarks: Chromium ${browser.version()}, server ${server.baseURL}`);
			console.log(`parts: ${SECTIONS.filter((name) => only.has(name)).join(', ')}`);
			const section = async (names: readonly string[], run: () => Promise<void>) => {
				if (!names.some((name) => only.has(name as (typeof SECTIONS)[number]))) return;
				const at = performance.now();
				console.log('');
				await run();
				console.log(`(${names.join(' + ')}: ${((performance.now() - at) / 1000).toFixed(0)} s)`);
			};
			await section(['latency'], () => runLatencyBench(browser, server.baseURL, results));
			await section(['outbox'], () => runOutboxBench(browser, server.baseURL, results));
			await section(['history'], () => runHistoryBench(browser, server.baseURL, results));
			await section(['search'], () => runSearchBench(browser, server.baseURL, results));
			await section(['hostile'], () => runHostileFramesBench(results, browser));
			await section(['burst', 'heap'], () => runBurstHeapBench(browser, server.baseURL, results, { burst: only.has('burst'), heap: only.has('heap') }));
			await section(['first-load'], () => runFirstLoadBench(browser, server.baseURL, results));
			await section(['search-ready'], () => runSearchReadyBench(browser, server.baseURL, results));
			await section(['durability'], () => runDurabilityBench(server.baseURL, results));
			await section(['group'], () => runGroupBench(results));
			await section(['files'], () => runFileTransferBench(server.baseURL, results));
			await section(['speech'], () => runSpeechBench(browser, server.baseURL, results));
			await section(['anonymize'], () => runAnonymizeBench(results));
			await section(['dataset-export'], () => runDatasetExportBench(browser, server.baseURL, results));
			await section(['server-idle'], () => runIdleClientsBench(results));
			await section(['backup'], () => runBackupBench(browser, server.baseURL, results));
		} finally {
			await browser.close();
		}
		// Last, with its own Chromium: Lighthouse's simulated throttling wants a quiet machine.
		if (only.has('lighthouse')) {
			console.log('');
			await runLighthouseBench(server.baseURL, results);
		}
	} finally {
		await server.stop();
		console.log('');
		console.log(results.table());
		console.log('');
		console.log(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
		results.write();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exitCode = 1;
});
