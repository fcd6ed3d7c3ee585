import { test as base } from './fixtures';
import { firefoxMissing, launchFirefox, type FirefoxPeer } from './firefox';

// The `firefox` fixture of the Firefox specs: one Firefox ESR with a fresh profile (firefox.ts)
// beside Playwright's Chromium peers. A developer without Firefox sees the spec skipped with the
// reason; CI installs firefox-esr and must run it.

export const missing = firefoxMissing();

export const test = base.extend<{ firefox: FirefoxPeer }>({
	firefox: async ({ baseURL }, use, testInfo) => {
		if (!baseURL) throw new Error('use.baseURL must be set for the Firefox peer');
		if (missing) throw new Error(`${missing}; .ci/run installs firefox-esr, so CI must run this test`);
		const peer = await launchFirefox('fox');
		await use(peer);
		if (testInfo.status !== testInfo.expectedStatus || peer.pageErrors.length > 0) {
			await testInfo.attach('firefox-console.log', { body: peer.log.join('\n'), contentType: 'text/plain' });
		}
		await peer.close();
		if (peer.pageErrors.length > 0) throw new Error(`Uncaught page error(s) in Firefox:\n${peer.pageErrors.join('\n')}`);
	}
});

/** Skips the calling spec (with the reason) where Firefox is missing, except in CI. */
export function skipWithoutFirefox(spec: string): void {
	const reason = missing !== null && !process.env.CI ? `Firefox ESR is not installed: ${missing}` : null;
	test.skip(reason !== null, reason ?? '');
	if (reason) console.warn(`${spec} skipped: ${reason}`);
}
