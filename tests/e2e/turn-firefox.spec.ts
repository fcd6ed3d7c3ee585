import type { Page } from '@playwright/test';
import type { Page as FoxPage } from 'puppeteer-core';
import { expect } from './fixtures';
import { openApp, send, threadText } from './chat-steps';
import { skipWithoutFirefox, test as base } from './firefox-fixture';
import * as fox from './firefox-steps';
import { addContact, onboard, readOwnContact, threadHeading, ui } from './parley-ui';
import { HIDE_IP, readSelectedPairs, recordingScript, recordPeerConnections, selectedPairs, TURN_SECRET, withRelay, type SelectedPair } from './turn-relay';

// turn.spec.ts with a Firefox ESR peer: Firefox's ICE agent (another TURN client, another
// getStats shape) relays through the same coturn with relay-only on both sides.

skipWithoutFirefox('turn-firefox.spec.ts');

const test = base.extend<{ serverSecret: string; relay: { baseURL: string } }>({
	// What the PeerServer signs credentials with; coturn always has TURN_SECRET.
	serverSecret: [TURN_SECRET, { option: true }],
	relay: async ({ serverSecret }, use, testInfo) => withRelay(serverSecret, testInfo, use),
	baseURL: async ({ relay }, use) => use(relay.baseURL)
});

async function hideMyIp(page: Page): Promise<void> {
	await ui(page).openSettings.click();
	const toggle = ui(page).settings.getByRole('switch', { name: HIDE_IP });
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
	await ui(page).closeSettings.click();
}

async function foxHidesIp(page: FoxPage): Promise<void> {
	await (await page.waitForSelector('::-p-aria(Settings[role="button"])'))!.click();
	const toggle = `[role="switch"][aria-label="${HIDE_IP}"]`;
	await (await page.waitForSelector(toggle))!.click();
	await page.waitForSelector(`${toggle}[aria-checked="true"]`);
	await (await page.waitForSelector('::-p-aria(Close settings[role="button"])'))!.click();
}

test('relay-only in Firefox and Chromium: they chat both ways through coturn over relay candidate pairs', async ({ openPeer, firefox, baseURL }) => {
	test.setTimeout(300_000);
	const alice = await openPeer('alice');
	await recordPeerConnections(alice.context);
	const fx = firefox.page;
	await fx.evaluateOnNewDocument(recordingScript);

	await test.step('onboard in both browsers and hide both IP addresses', async () => {
		await Promise.all([openApp(alice), fox.openApp(fx, baseURL!)]);
		await Promise.all([onboard(alice.page, 'Alice'), fox.onboard(fx, 'Fox')]);
		await hideMyIp(alice.page);
		await foxHidesIp(fx);
	});

	await test.step('add each other and chat both ways', async () => {
		const aliceContact = await readOwnContact(alice.page);
		const foxContact = await fox.readOwnContact(fx);
		await fox.addContact(fx, aliceContact.id);
		await addContact(alice.page, foxContact.link);
		await expect(threadHeading(alice.page, 'Fox')).toBeVisible();
		await expect(ui(alice.page).presence).toHaveText('online');
		await expect.poll(() => fox.readPresence(fx)).toBe('online');
		await fox.send(fx, 'Relayed from Firefox');
		await expect(threadText(alice.page, 'Relayed from Firefox')).toBeVisible();
		await send(alice.page, 'Relayed from Chromium');
		await expect.poll(async () => (await fox.readBubbles(fx)).some((bubble) => bubble.text.includes('Relayed from Chromium'))).toBe(true);
	});

	await test.step('both sides run over relay candidate pairs', async () => {
		const chromium = await selectedPairs(alice.page);
		const firefoxPairs = (await fx.evaluate(readSelectedPairs)) as SelectedPair[];
		for (const pairs of [chromium, firefoxPairs]) {
			expect(pairs.length).toBeGreaterThan(0);
			for (const pair of pairs) expect(pair).toEqual({ policy: 'relay', local: 'relay', remote: 'relay' });
		}
	});
});

test.describe('a PeerServer whose secret is not coturn’s', () => {
	test.use({ serverSecret: 'not-the-secret-coturn-was-given' });

	// turn.spec.ts's wrong-secret case with Firefox dialling. Firefox 153 ESR gives both signs the
	// app watches for (seen once by logging its events): an icecandidateerror with code 401, then a
	// relay-only gathering that completes with no candidate. Firefox 140 ESR gives no error event,
	// and an end-of-candidates event (an empty candidate line) before its gathering completes.
	test('relay-only in Firefox says the relay refused this device, instead of hanging', async ({ openPeer, firefox, baseURL }) => {
		test.setTimeout(240_000);
		const alice = await openPeer('alice');
		const fx = firefox.page;
		await Promise.all([openApp(alice), fox.openApp(fx, baseURL!)]);
		await Promise.all([onboard(alice.page, 'Alice'), fox.onboard(fx, 'Fox')]);
		await foxHidesIp(fx);
		await fox.addContact(fx, (await readOwnContact(alice.page)).id);
		const banner = await fx.waitForSelector('::-p-aria(Relay problem[role="alert"])', { timeout: 60_000 });
		expect(await banner!.evaluate((node) => (node as HTMLElement).innerText)).toContain('Can’t connect: the relay server refused this device.');
		expect(await fox.readPresence(fx)).not.toBe('online');
	});
});
