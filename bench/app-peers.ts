import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { addContact, onboard, readOwnContact, ui } from '../tests/e2e/parley-ui';

export interface AppPeer {
	name: string;
	context: BrowserContext;
	page: Page;
}

const DESKTOP = { width: 1280, height: 800 };

/**
 * Playwright's contexts keep IndexedDB in memory, where a strict commit costs no more than a
 * relaxed one (bench/durability.ts). BENCH_DISK=1 gives each peer its own Chromium with an
 * on-disk profile instead, so the app's figures include what flushing to disk costs.
 */
const ON_DISK = process.env['BENCH_DISK'] === '1';

export async function newPeerContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
	if (!ON_DISK) return browser.newContext({ baseURL, viewport: DESKTOP });
	const profile = await mkdtemp(join(tmpdir(), 'parley-bench-peer-'));
	const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, baseURL, viewport: DESKTOP });
	// Chromium may still be writing the profile as it exits: retry, and never fail the run over it.
	context.on('close', () => void rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(() => undefined));
	return context;
}

/**
 * A fresh profile (own IndexedDB) on the app, onboarded as `name`.
 * `initScripts` run in every page before the app's own code.
 */
export async function openOnboardedPeer(
	browser: Browser,
	baseURL: string,
	name: string,
	initScripts: readonly string[] = []
): Promise<AppPeer> {
	const context = await newPeerContext(browser, baseURL);
	try {
		for (const content of initScripts) await context.addInitScript({ content });
		// Media permission un-hides loopback ICE candidates; see tests/e2e/browser.ts.
		await context.grantPermissions(['microphone'], { origin: new URL(baseURL).origin });
		const page = await context.newPage();
		page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}${process.env.BENCH_STACKS ? `\n${error.stack}` : ""}`));
		await page.goto('/');
		await onboard(page, name);
		return { name, context, page };
	} catch (error) {
		await context.close();
		throw error;
	}
}

/** Each adds the other by id, as two people swapping ids would; both end up online. */
export async function connectPeers(a: AppPeer, b: AppPeer): Promise<void> {
	const aContact = await readOwnContact(a.page);
	const bContact = await readOwnContact(b.page);
	await addContact(a.page, bContact.id, b.name);
	await addContact(b.page, aContact.id, a.name);
	await Promise.all([a, b].map((peer) => ui(peer.page).presence.filter({ hasText: /^online$/ }).waitFor()));
}
