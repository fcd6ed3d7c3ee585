import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/browser';

// Meant to run via `node tests/e2e/run-isolated.mjs playwright test`, after
// `npm run build`: the server only serves what is already in build/.
const port = Number(process.env.E2E_PORT ?? 18787);
const baseURL = `http://127.0.0.1:${port}`;

/**
 * Spec files never run two at a time: they seed 100k rows, transcribe with Whisper, move large
 * files or a whole profile (device transfer: it failed twice beside the heavy ones, session 22),
 * drive Firefox, or restart servers on a port they picked (own-server.ts, the Redis cluster) or
 * run coturn with a relay port range (turn-relay.ts).
 */
const SERIAL_SPECS = [
	'accessibility',
	'backup-cancel',
	'backup',
	'chaos-group',
	'chaos',
	'dataset-export',
	'files-group',
	'files-wire',
	'files',
	'firefox-files',
	'firefox',
	'groups',
	'history',
	'hostile-signalling-flood',
	'redis-cluster',
	'server-restart',
	'transcript-model',
	'transcripts',
	'transfer',
	'turn-firefox',
	'turn',
	'voice-group',
	'voice'
].map((name) => `**/${name}.spec.ts`);

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	// Two spec files at once: the suite mostly waits (session 19: 54 min of wall clock for 25 min
	// of CPU on 2 cores). Files that are CPU-heavy, or that restart servers on fixed ports or
	// start coturn, are the `serial` project: one of them at a time, beside at most one other.
	workers: 2,
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	// On CI a test that fails is run once more, and one that then passes is reported as flaky by
	// name (summary-reporter.ts), so it is seen and fixed, not hidden: CI machines differ ~3× in
	// speed and one timing failure in 84 browser tests otherwise throws away the whole run.
	// Locally a failure is a failure.
	retries: process.env.CI ? 1 : 0,
	timeout: 120_000,
	expect: { timeout: 15_000 },
	reporter: [['list'], ['./tests/e2e/summary-reporter.ts']],
	use: {
		baseURL,
		browserName: 'chromium',
		launchOptions: chromiumLaunchOptions,
		actionTimeout: 15_000,
		navigationTimeout: 30_000,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{ name: 'serial', testMatch: SERIAL_SPECS, workers: 1 },
		{ name: 'parallel', testIgnore: SERIAL_SPECS }
	],
	webServer: {
		command: 'npx tsx peer-server/src/main.ts',
		url: `${baseURL}/config.json`,
		// A throwaway data folder (directory, deployment id, pepper) per run. Every test peer connects
		// from 127.0.0.1, so the per-address limits (meant for one person's address) are raised
		// here; peer-server/test covers them.
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			NO_UPDATE_NOTIFIER: '1',
			DIRECTORY_FILE: join(tmpdir(), `parley-e2e-${Date.now()}`, 'directory.jsonl'),
			MAX_PEERS_PER_ADDRESS: '1000',
			REGISTRATIONS_PER_ADDRESS_PER_MINUTE: '100000'
		},
		reuseExistingServer: false,
		timeout: 60_000
	}
});
