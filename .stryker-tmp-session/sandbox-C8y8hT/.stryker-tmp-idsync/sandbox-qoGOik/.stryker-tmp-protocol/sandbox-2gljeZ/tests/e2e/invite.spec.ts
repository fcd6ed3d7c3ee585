// @ts-nocheck
// 
// 
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import type { OpenPeer } from './fixtures';
import { openAliceAndBob } from './chat-steps';
import { readOwnContact, threadHeading, ui } from './parley-ui';

async function inviteScenario(openPeer: OpenPeer) {
	const { alice, bob } = await openAliceAndBob(openPeer);
	return { alice, link: (await readOwnContact(bob.page)).link };
}

async function acceptInvite(page: Page): Promise<void> {
	const dialog = page.getByRole('dialog', { name: 'Add Bob?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Add contact' }).click();
	await expect(dialog).toBeHidden();
	await expect(threadHeading(page, 'Bob')).toBeVisible();
	await expect(ui(page).presence).toHaveText('online');
}

test('opening a contact link asks before adding the contact', async ({ openPeer }) => {
	const { alice, link } = await inviteScenario(openPeer);
	// As if the link were clicked elsewhere: a fresh load of the app.
	await alice.page.goto('about:blank');
	await alice.page.goto(link);
	await expect(alice.page.getByRole('dialog', { name: 'Add Bob?' })).toBeVisible();
	await screenshot(alice.page, 'invite-dialog');
	await acceptInvite(alice.page);
});

test('a contact link opened in a tab that already runs the app asks too', async ({ openPeer }) => {
	// Same-document navigation: only the hashchange listener can notice it.
	const { alice, link } = await inviteScenario(openPeer);
	await alice.page.goto(link);
	await acceptInvite(alice.page);
});
