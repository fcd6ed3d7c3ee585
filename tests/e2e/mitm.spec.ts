import { screenshot } from './fixtures';
import { send } from './chat-steps';
import { expectPending, expectSent, openPeers } from './discovery-steps';
import { startMitmProxy } from './mitm-proxy';
import type { MitmProxy } from './mitm-proxy';
import { expect, test as ownServerTest } from './own-server';
import { addContact, conversationButton, DELIVERED, readOwnContact, threadHeading, trustUi, ui } from './parley-ui';
import type { Peer } from './fixtures';
import { nextRejection } from './protocol-log';

// Every page loads the app, /config.json and PeerJS from the proxy's origin, so the
// proxy is the only signalling server the peers know.
const test = ownServerTest.extend<{ mitm: MitmProxy }>({
	mitm: async ({ ownServer }, use) => {
		const proxy = await startMitmProxy(ownServer.baseURL);
		try {
			await use(proxy);
		} finally {
			await proxy.close();
		}
	},
	baseURL: async ({ mitm }, use) => use(mitm.baseURL)
});

async function expectNothingStored(peer: Peer): Promise<void> {
	const { conversations } = ui(peer.page);
	await expect(conversations.getByRole('listitem')).toHaveCount(0);
	await expect(conversations).toContainText('No conversations yet');
	await expect(peer.page.getByText('Message request')).toHaveCount(0);
}

test("a signalling server that routes Bob's dial for Alice to Mallory is caught by the handshake", async ({ openPeer, mitm }) => {
	test.setTimeout(180_000);
	const [alice, bob, mallory] = await openPeers(openPeer, ['Alice', 'Bob', 'Mallory']);
	const aliceId = (await readOwnContact(alice.page)).id;
	const malloryId = (await readOwnContact(mallory.page)).id;
	const b = ui(bob.page);
	const secret = 'For Alice only: the door code is 4711';
	mitm.hijack({ victim: aliceId, attacker: malloryId });

	await test.step('Bob dials Alice, Mallory answers, and Bob refuses her', async () => {
		const refused = nextRejection(bob.page, 'wrong-key');
		await addContact(bob.page, aliceId);
		await refused;
		expect(mitm.rewritten.redirected, 'frames for Alice sent to Mallory').toBeGreaterThan(0);
		expect(mitm.rewritten.spoofed, "Mallory's frames passed off as Alice's").toBeGreaterThan(0);
		await expect(trustUi(bob.page).unverifiedWarning).toBeVisible();
		await expect(b.presence).not.toHaveText('online');
	});

	await test.step('his message stays pending and nothing lands on Mallory or Alice', async () => {
		const refusedAgain = nextRejection(bob.page, 'wrong-key');
		await send(bob.page, secret);
		await refusedAgain;
		await expectPending(bob.page, [secret]);
		// Bob only learns a name from a verified peer's profile frame.
		await expect(threadHeading(bob.page, 'Alice')).toBeHidden();
		await expect(threadHeading(bob.page, 'Mallory')).toBeHidden();
		await screenshot(bob.page, 'mitm-bob-refuses-mallory');
		await expectNothingStored(mallory);
		await expectNothingStored(alice);
	});

	await test.step('once the server stops lying, the same pending message reaches Alice only', async () => {
		mitm.hijack(null);
		await trustUi(bob.page).unverifiedWarning.getByRole('button', { name: 'Dismiss' }).click();
		// Selecting the conversation dials at once instead of waiting out the retry backoff.
		await conversationButton(bob.page, secret).click();
		// Alice does not tell a stranger her name (her profile goes to contacts only), so the
		// verified channel shows as the tick, not as her name in Bob's heading.
		await expect(ui(bob.page).outgoing.filter({ hasText: secret }).getByLabel(DELIVERED)).toBeVisible({ timeout: 30_000 });
		await expectSent(bob.page, secret);
		await expect(threadHeading(bob.page, 'Mallory')).toBeHidden();
		await expect(conversationButton(alice.page, 'Bob')).toContainText('Message request');
		await expect(trustUi(bob.page).unverifiedWarning).toHaveCount(0);
		await expectNothingStored(mallory);
	});
});
