// @ts-nocheck
// 
// 
import type { Page } from '@playwright/test';
import type { ParleyTestHooks } from '../../src/lib/app/test-hooks';
import { openApp } from './chat-steps';
import { expect, type OpenPeer, type Peer } from './fixtures';
import { enableTestHooks, waitForHooks } from './parley-hooks';
import { onboard } from './parley-ui';

// Page-side steps for the hostile-signalling specs, through the app's test hooks.
// Page functions are anonymous arrows (see parley-hooks.ts for why).

type HookedGlobal = { __parley?: ParleyTestHooks };

export interface Victim {
	peer: Peer;
	id: string;
}

export type SignallingCounts = Record<string, number>;

export function signallingCounts(page: Page): Promise<SignallingCounts> {
	return page.evaluate(() => ({ ...(globalThis as unknown as HookedGlobal).__parley!.signalling() }));
}

export function setReach(page: Page, mode: 'contacts' | 'anyone'): Promise<void> {
	return page.evaluate((mode) => (globalThis as unknown as HookedGlobal).__parley!.setReach(mode), mode);
}

export function blockByHook(page: Page, peer: string): Promise<void> {
	return page.evaluate((peer) => (globalThis as unknown as HookedGlobal).__parley!.block(peer), peer);
}

/**
 * Onboards a user with test hooks on and waits until it is registered with the PeerServer.
 * `prepare` runs on the fresh context before the app loads (e.g. to rewrite /config.json).
 */
export async function openVictim(openPeer: OpenPeer, name: string, prepare?: (peer: Peer) => Promise<void>): Promise<Victim> {
	const peer = await openPeer(name);
	await prepare?.(peer);
	await enableTestHooks(peer.context);
	await openApp(peer);
	await onboard(peer.page, name);
	const id = await waitForHooks(peer.page);
	await expect.poll(async () => (await signallingCounts(peer.page)).online, { timeout: 20_000 }).toBe(1);
	return { peer, id };
}

/** A real data-channel offer from this browser, so only the policy can stop an answer. */
export function browserOfferSdp(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const pc = new RTCPeerConnection();
		pc.createDataChannel('probe');
		const offer = await pc.createOffer();
		pc.close();
		return offer.sdp ?? '';
	});
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
