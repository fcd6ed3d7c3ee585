import { expect, screenshot, test } from './fixtures';
import { connectAliceAndBob, openAliceAndBob, send, threadText } from './chat-steps';
import { conversationButton, ui } from './parley-ui';

// Issue 10, item 2: pending -> sent (stored on their device) -> read, and a privacy switch that
// stops sending read receipts and, as in Signal, stops showing the contact's too.

const tick = (page: import('@playwright/test').Page, text: string) =>
	ui(page).outgoing.filter({ hasText: text }).getByRole('img', { name: /^Status: / });

test('read receipts: sent, then read once the contact reads; off in Settings, neither side shows them', async ({ openPeer }) => {
	const { alice, bob } = await openAliceAndBob(openPeer);
	await connectAliceAndBob(alice, bob);

	await test.step('a message read in an open thread shows as read to its author', async () => {
		await send(alice.page, 'Did you read this?');
		await expect(threadText(bob.page, 'Did you read this?')).toBeVisible();
		await expect(tick(alice.page, 'Did you read this?')).toHaveAccessibleName('Status: Read');
		await send(bob.page, 'Yes I did');
		await expect(tick(bob.page, 'Yes I did')).toHaveAccessibleName('Status: Read');
		await screenshot(alice.page, 'receipts-read');
	});

	await test.step('not read while the contact is elsewhere: "Sent" until they open the chat', async () => {
		await bob.page.getByRole('button', { name: 'Settings', exact: true }).click();
		await send(alice.page, 'Read me later');
		await expect(tick(alice.page, 'Read me later')).toHaveAccessibleName('Status: Sent');
		await bob.page.getByRole('button', { name: 'Close settings' }).click();
		await conversationButton(bob.page, 'Alice').click();
		await expect(tick(alice.page, 'Read me later')).toHaveAccessibleName('Status: Read');
	});

	await test.step('Bob turns read receipts off: Alice sees "Sent" only, and Bob no longer sees hers', async () => {
		await bob.page.getByRole('button', { name: 'Settings', exact: true }).click();
		const receipts = bob.page.getByRole('switch', { name: 'Read receipts' });
		await expect(receipts).toBeChecked();
		await receipts.click();
		await expect(receipts).not.toBeChecked();
		await bob.page.getByRole('button', { name: 'Close settings' }).click();
		await conversationButton(bob.page, 'Alice').click();
		await send(alice.page, 'Are receipts off?');
		await expect(threadText(bob.page, 'Are receipts off?')).toBeVisible();
		await expect(tick(alice.page, 'Are receipts off?')).toHaveAccessibleName('Status: Sent');
		await expect(tick(bob.page, 'Yes I did')).toHaveAccessibleName('Status: Sent');
		// The choice survives a reload.
		await bob.page.reload();
		await conversationButton(bob.page, 'Alice').click();
		await expect(tick(bob.page, 'Yes I did')).toHaveAccessibleName('Status: Sent');
		await expect(tick(alice.page, 'Are receipts off?')).toHaveAccessibleName('Status: Sent');
	});
});
