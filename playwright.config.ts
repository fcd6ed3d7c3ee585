import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/browser';

// Meant to run via `node tests/e2e/run-isolated.mjs playwright test`, after
// `npm run build`: the server only serves what is already in build/.
const port = Number(process.env.E2E_PORT ?? 18787);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	// Peers are several browser contexts each; parallel workers on a 2-core
	// machine would mostly measure CPU contention.
	workers: 1,
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
