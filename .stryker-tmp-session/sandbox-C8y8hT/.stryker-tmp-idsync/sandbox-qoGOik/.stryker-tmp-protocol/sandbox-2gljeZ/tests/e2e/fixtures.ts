// @ts-nocheck
// 
// 
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';

export { expect };

/** One chat participant: an isolated browser profile with its own page. */
export interface Peer {
	name: string;
	context: BrowserContext;
	page: Page;
}

export type OpenPeer = (name: string) => Promise<Peer>;

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

export const test = base.extend<{ openPeer: OpenPeer }>({
	openPeer: async ({ browser, baseURL }, use, testInfo) => {
		if (!baseURL) throw new Error('use.baseURL must be set for openPeer');
		const origin = new URL(baseURL).origin;
		const started = Date.now();
		const peers: Peer[] = [];
		const log: string[] = [];
		const pageErrors: string[] = [];
		const stamp = () => `+${String(Date.now() - started).padStart(6)}ms`;

		await use(async (name) => {
			// A separate context per peer: separate IndexedDB, storage and
			// PeerJS identity, as if on different machines.
			const context = await browser.newContext({ baseURL });
			// Media permission is what lets Chromium expose loopback ICE host
			// candidates instead of mDNS names that cannot resolve here.
			await context.grantPermissions(['microphone'], { origin });
			// Context-level events also cover popups and reloaded pages.
			context.on('console', (msg) => log.push(`${stamp()} [${name}] ${msg.type()}: ${msg.text()}`));
			context.on('weberror', (err) => {
				const text = err.error().stack ?? err.error().message;
				pageErrors.push(`[${name}] ${text}`);
				log.push(`${stamp()} [${name}] pageerror: ${text}`);
			});
			const page = await context.newPage();
			const peer = { name, context, page };
			peers.push(peer);
			return peer;
		});

		const failed = testInfo.status !== testInfo.expectedStatus || pageErrors.length > 0;
		if (failed && log.length > 0) {
			await testInfo.attach('console.log', { body: log.join('\n'), contentType: 'text/plain' });
		}
		await Promise.all(peers.map((peer) => peer.context.close()));
		if (pageErrors.length > 0) {
			throw new Error(`Uncaught page error(s):\n${pageErrors.join('\n')}`);
		}
	}
});

/** Saves tests/e2e/screenshots/<name>.png (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
	await mkdir(SCREENSHOT_DIR, { recursive: true });
	await page.screenshot({ path, fullPage: true });
	return path;
}
