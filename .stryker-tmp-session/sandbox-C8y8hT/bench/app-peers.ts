// @ts-nocheck
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { addContact, onboard, readOwnContact, ui } from '../tests/e2e/parley-ui';

export interface AppPeer {
	name: string;
	context: BrowserContext;
	page: Page;
}

const DESKTOP = { width: 1280, height: 800 };

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
	const context = await browser.newContext({ baseURL, viewport: DESKTOP });
	try {
		for (const content of initScripts) await context.addInitScript({ content });
		// Media permission un-hides loopback ICE candidates; see tests/e2e/browser.ts.
		await context.grantPermissions(['microphone'], { origin: new URL(baseURL).origin });
		const page = await context.newPage();
		page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
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
