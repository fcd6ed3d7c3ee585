import type { Page } from '@playwright/test';
import { connectAliceAndBob, openAliceAndBob, send, threadText } from './chat-steps';
import { expect, screenshot, test as base } from './fixtures';
import { addContact, readOwnContact, ui } from './parley-ui';
import { HIDE_IP, recordPeerConnections, selectedPairs, TURN_SECRET, withRelay } from './turn-relay';

// Issue 16, TURN: coturn on loopback with a shared secret, a PeerServer that hands out
// short-lived credentials for it, and "Hide my IP address" (relay-only ICE) in both browsers.

const test = base.extend<{ serverSecret: string; relay: { baseURL: string } }>({
	// What the PeerServer signs credentials with; coturn always has TURN_SECRET.
	serverSecret: [TURN_SECRET, { option: true }],
	relay: async ({ serverSecret }, use, testInfo) => withRelay(serverSecret, testInfo, use),
	baseURL: async ({ relay }, use) => use(relay.baseURL)
});

async function hideMyIp(page: Page): Promise<void> {
	await ui(page).openSettings.click();
	const privacy = ui(page).settings.getByRole('region', { name: 'Privacy', exact: true });
	const toggle = privacy.getByRole('switch', { name: HIDE_IP });
	await expect(toggle).toHaveAttribute('aria-checked', 'false');
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
	await ui(page).closeSettings.click();
}

test('relay-only: two browsers chat both ways through coturn, and the selected candidate pairs are relay ones', async ({ openPeer }) => {
	const { alice, bob } = await openAliceAndBob(async (name) => {
		const peer = await openPeer(name);
		await recordPeerConnections(peer.context);
		return peer;
	});

	await test.step('both hide their IP address', async () => {
		await hideMyIp(alice.page);
		await hideMyIp(bob.page);
		// A reload keeps the choice (it is saved, not only held in memory).
		await alice.page.reload();
		await ui(alice.page).openSettings.click();
		await expect(ui(alice.page).settings.getByRole('switch', { name: HIDE_IP })).toHaveAttribute('aria-checked', 'true');
		await ui(alice.page).closeSettings.click();
	});

	await test.step('they connect and chat both ways', async () => {
		await connectAliceAndBob(alice, bob);
		await send(alice.page, 'Hello Bob, via the relay');
		await expect(threadText(bob.page, 'Hello Bob, via the relay')).toBeVisible();
		await send(bob.page, 'Hi Alice, relayed too');
		await expect(threadText(alice.page, 'Hi Alice, relayed too')).toBeVisible();
	});

	await test.step('every connected peer connection is relay-only and runs over a relay pair', async () => {
		for (const page of [alice.page, bob.page]) {
			const pairs = await selectedPairs(page);
			expect(pairs.length).toBeGreaterThan(0);
			for (const pair of pairs) expect(pair).toEqual({ policy: 'relay', local: 'relay', remote: 'relay' });
		}
		await expect(alice.page.getByRole('alert', { name: 'Relay problem' })).toHaveCount(0);
	});
});

test.describe('a PeerServer whose secret is not coturn’s', () => {
	test.use({ serverSecret: 'not-the-secret-coturn-was-given' });

	test('relay-only says the relay refused this device, instead of hanging', async ({ openPeer }) => {
		const { alice, bob } = await openAliceAndBob(openPeer);
		await hideMyIp(alice.page);
		const bobContact = await readOwnContact(bob.page);
		await addContact(alice.page, bobContact.link);

		const banner = alice.page.getByRole('alert', { name: 'Relay problem' });
		await expect(banner).toContainText('Can’t connect: the relay server refused this device.');
		await expect(ui(alice.page).presence).not.toHaveText('online');
		await ui(alice.page).openSettings.click();
		await expect(ui(alice.page).settings.getByText('Can’t connect: the relay server refused this device.')).toBeVisible();
		await screenshot(alice.page, 'turn-relay-refused');
	});
});
