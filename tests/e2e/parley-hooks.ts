import type { BrowserContext, Page } from '@playwright/test';
import type { ParleyTestHooks } from '../../src/lib/app/test-hooks';

// Drives the app's test hooks (window.__parley, see src/lib/app/test-hooks.ts)
// from Node. Assertion-free, like parley-ui.ts, so the benchmarks can use it.
// Page functions are anonymous arrows without named locals: tsx (bench) would
// wrap named ones in __name(), which the page does not have.

export type HookStats = Awaited<ReturnType<ParleyTestHooks['stats']>>;
export type ReceivedMessage = HookStats['received'][number];

type HookedGlobal = { __parley?: ParleyTestHooks };

/**
 * Init script that turns the hooks on; must run before the app starts. A page opened later in
 * the same context starts at about:blank, which has no localStorage: skipped there.
 */
export const TEST_HOOKS_INIT = "if (location.protocol !== 'about:') localStorage.setItem('parley-test-hooks', '1');";

export async function enableTestHooks(context: BrowserContext): Promise<void> {
	await context.addInitScript({ content: TEST_HOOKS_INIT });
}

/** Waits until the app (re)installed its hooks, i.e. the messenger is started; returns the peer id. */
export async function waitForHooks(page: Page, timeout = 30_000): Promise<string> {
	const handle = await page.waitForFunction(() => (globalThis as unknown as HookedGlobal).__parley?.peerId, undefined, { timeout });
	return (await handle.jsonValue()) as string;
}

export function addContactByHook(page: Page, peer: string): Promise<void> {
	return page.evaluate((peer) => (globalThis as unknown as HookedGlobal).__parley!.addContact(peer), peer);
}

export function setInvisible(page: Page, invisible: boolean): Promise<void> {
	return page.evaluate((invisible) => (globalThis as unknown as HookedGlobal).__parley!.setInvisible(invisible), invisible);
}

export type DeliveryDebug = Awaited<ReturnType<ParleyTestHooks['deliveryDebug']>>;

/** Who this page still owes group copies to, and how it sees their channels (a stalled drain's report). */
export function deliveryDebug(page: Page): Promise<DeliveryDebug> {
	return page.evaluate(() => (globalThis as unknown as HookedGlobal).__parley!.deliveryDebug());
}

export function readStats(page: Page): Promise<HookStats> {
	return page.evaluate(() => (globalThis as unknown as HookedGlobal).__parley!.stats());
}

/**
 * Sends each list in order (one `send` awaited before the next), the lists to
 * different peers concurrently. Resolves once every message is stored as
 * pending or sent, exactly as after the composer's Enter.
 */
export function sendInOrder(page: Page, batches: { peer: string; texts: string[] }[]): Promise<void> {
	return page.evaluate(async (batches) => {
		const hooks = (globalThis as unknown as HookedGlobal).__parley!;
		await Promise.all(
			batches.map(async ({ peer, texts }) => {
				for (const text of texts) await hooks.send(peer, text);
			})
		);
	}, batches);
}

/** Sends `texts` to `peer` with up to `parallel` sends in flight; order is not kept. */
export function sendInParallel(page: Page, peer: string, texts: string[], parallel: number): Promise<void> {
	return page.evaluate(
		async ({ peer, texts, parallel }) => {
			const hooks = (globalThis as unknown as HookedGlobal).__parley!;
			for (let start = 0; start < texts.length; start += parallel) {
				await Promise.all(texts.slice(start, start + parallel).map((text) => hooks.send(peer, text)));
			}
		},
		{ peer, texts, parallel }
	);
}

export function createGroupByHook(page: Page, name: string, members: string[]): Promise<string> {
	return page.evaluate(({ name, members }) => (globalThis as unknown as HookedGlobal).__parley!.createGroup(name, members), { name, members });
}

export function groupsByHook(page: Page): Promise<string[]> {
	return page.evaluate(() => (globalThis as unknown as HookedGlobal).__parley!.groups());
}
