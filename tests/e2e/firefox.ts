import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';

// Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi. Playwright 1.65's
// `moz-firefox` channel cannot drive it: it sends BiDi commands Firefox 153 does not know
// ("emulation.setMediaFeaturesOverride: unknown command") on every new context.
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

// On a loopback-only network Firefox gathers no ICE candidates at all unless both hold: loopback
// candidates are allowed, and pages may use a microphone and camera (granting the permission
// over BiDi is not supported, so it is a pref). Either alone gathers nothing (checked on 153 ESR).
const FIREFOX_PREFS = {
	'media.peerconnection.ice.loopback': true,
	'permissions.default.microphone': 1,
	'permissions.default.camera': 1,
	// Nothing may try the (absent) network or nag on a fresh profile.
	'app.update.enabled': false,
	'browser.shell.checkDefaultBrowser': false,
	'datareporting.policy.dataSubmissionEnabled': false,
	'toolkit.telemetry.enabled': false
};

/** Why the Firefox tests cannot run here, or null when they can. */
export function firefoxMissing(): string | null {
	return existsSync(FIREFOX_PATH) ? null : `no Firefox at ${FIREFOX_PATH} (apt-get install firefox-esr, or set FIREFOX_PATH)`;
}

/** One Firefox with a fresh profile and its one page; `close` also removes the profile. */
export interface FirefoxPeer {
	name: string;
	browser: Browser;
	page: Page;
	/** Console lines and page errors, stamped, for a failed test's attachment. */
	log: string[];
	pageErrors: string[];
	close(): Promise<void>;
}

export async function launchFirefox(name: string, started = Date.now()): Promise<FirefoxPeer> {
	const profile = await mkdtemp(join(tmpdir(), 'parley-firefox-'));
	const stamp = () => `+${String(Date.now() - started).padStart(6)}ms`;
	let browser: Browser;
	try {
		browser = await puppeteer.launch({
			browser: 'firefox',
			protocol: 'webDriverBiDi',
			executablePath: FIREFOX_PATH,
			headless: true,
			userDataDir: profile,
			extraPrefsFirefox: FIREFOX_PREFS,
			// Starting Firefox takes ~15 s on a busy 2-core machine.
			timeout: 90_000
		});
	} catch (error) {
		await rm(profile, { recursive: true, force: true });
		throw error;
	}
	const page = (await browser.pages())[0] ?? (await browser.newPage());
	// The machine is shared and loaded: UI waits get the same room as Playwright's `expect`.
	page.setDefaultTimeout(30_000);
	page.setDefaultNavigationTimeout(60_000);
	const log: string[] = [];
	const pageErrors: string[] = [];
	page.on('console', (msg) => log.push(`${stamp()} [${name}] ${msg.type()}: ${msg.text()}`));
	page.on('pageerror', (error) => {
		const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
		pageErrors.push(`[${name}] ${text}`);
		log.push(`${stamp()} [${name}] pageerror: ${text}`);
	});
	return {
		name,
		browser,
		page,
		log,
		pageErrors,
		close: async () => {
			await browser.close().catch(() => {});
			await rm(profile, { recursive: true, force: true });
		}
	};
}
