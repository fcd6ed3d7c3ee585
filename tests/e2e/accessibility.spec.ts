import { audit, report, type Finding } from './axe-audit';
import { expect, test } from './fixtures';
import { DESKTOP, PHONE, connectAliceAndBob, openAliceAndBob, openApp, send, threadText } from './chat-steps';
import { conversationButton, messageAction, onboard, readOwnContact, safetyNumberUi, threadAction, threadHeading, trustUi, ui } from './parley-ui';

// Issue 10: axe-core on every screen, light and dark, desktop and phone: zero critical and zero
// serious findings. Each screen is checked in both colour schemes (the app follows the system
// theme by default); every finding of every screen is collected, so one run lists them all.

// Many screens, each analysed twice: longer than one chat test, bounded all the same.
test.describe.configure({ timeout: 300_000 });

test('every desktop screen, light and dark: no critical or serious axe findings', async ({ openPeer }) => {
	const findings: Finding[] = [];
	const alice = await openPeer('alice');
	await openApp(alice);
	await audit(alice.page, 'onboarding', findings);

	const bob = await openPeer('bob');
	await openApp(bob);
	await Promise.all([onboard(alice.page, 'Alice'), onboard(bob.page, 'Bob')]);
	await audit(alice.page, 'empty-main', findings);

	await ui(alice.page).newChat.click();
	await expect(ui(alice.page).contactInput).toBeVisible();
	await audit(alice.page, 'new-chat', findings);
	await ui(alice.page).newChat.click();

	await ui(alice.page).openSettings.click();
	await expect(ui(alice.page).settings).toBeVisible();
	await audit(alice.page, 'settings', findings);
	await ui(alice.page).closeSettings.click();

	// Alice adds Bob by id: Bob sees a message request first.
	const bobContact = await readOwnContact(bob.page);
	const aliceContact = await readOwnContact(alice.page);
	await alice.page.getByLabel('Contact id or link').isVisible().then(async (open) => {
		if (!open) await ui(alice.page).newChat.click();
	});
	await ui(alice.page).contactInput.fill(bobContact.link);
	await ui(alice.page).addContact.click();
	await expect(threadHeading(alice.page, 'Bob')).toBeVisible();
	await send(alice.page, 'Hello Bob, this is Alice');
	await expect(conversationButton(bob.page, 'Alice')).toBeVisible();
	await conversationButton(bob.page, 'Alice').click();
	await expect(trustUi(bob.page).request).toBeVisible();
	await audit(bob.page, 'message-request', findings);
	await trustUi(bob.page).acceptRequest.click();
	await expect(trustUi(bob.page).request).toBeHidden();

	await send(bob.page, 'Hi Alice! Arabic reads right to left: مرحبا بك');
	await send(alice.page, 'A longer message that wraps over more than one line in the thread, so that the bubble layout is checked with real text in it.');
	// Enough to make the message list scroll (a scroll region must be reachable by keyboard).
	for (let i = 1; i <= 24; i++) await send(alice.page, `Filler message ${i}`);
	await expect(ui(bob.page).incoming).toHaveCount(26);
	await audit(bob.page, 'thread', findings);

	await test.step('the first Tab reaches a skip link to the composer', async () => {
		// Start sequential navigation at the top of the page, as a fresh load would.
		await bob.page.evaluate(() => {
			const start = document.createElement('span');
			start.tabIndex = -1;
			document.body.prepend(start);
			start.focus();
			start.remove();
		});
		await bob.page.keyboard.press('Tab');
		await expect(bob.page.getByRole('link', { name: 'Skip to message composer' })).toBeFocused();
		await bob.page.keyboard.press('Enter');
		await expect(ui(bob.page).composer).toBeFocused();
	});

	await test.step('message actions: menu, reply preview and quote, a message deleted for everyone', async () => {
		const filler = ui(bob.page).incoming.filter({ hasText: 'Filler message 24' });
		await messageAction(filler, 'Reply');
		await expect(bob.page.getByRole('group', { name: 'Replying to Alice' })).toBeVisible();
		await audit(bob.page, 'reply-preview', findings);
		await send(bob.page, 'Replying to the last filler');
		const own = ui(bob.page).outgoing.filter({ hasText: 'Replying to the last filler' });
		await own.hover();
		await own.getByRole('button', { name: /^Actions for / }).click();
		await expect(bob.page.getByRole('menu')).toBeVisible();
		await audit(bob.page, 'message-menu', findings);
		await bob.page.getByRole('menuitem', { name: 'Delete for everyone' }).click();
		const dialog = bob.page.getByRole('dialog', { name: 'Delete for everyone?' });
		await audit(bob.page, 'delete-for-everyone', findings);
		await dialog.getByRole('button', { name: 'Delete for everyone' }).click();
		await expect(bob.page.getByText('This message was deleted').first()).toBeVisible();
		await audit(bob.page, 'deleted-message', findings);
	});

	await bob.page.getByRole('button', { name: 'Conversation actions' }).click();
	await audit(bob.page, 'thread-menu', findings);
	await bob.page.keyboard.press('Escape');

	await threadAction(bob.page, 'Safety number');
	await expect(safetyNumberUi(bob.page, 'Alice').dialog).toBeVisible();
	await audit(bob.page, 'safety-number', findings);
	await safetyNumberUi(bob.page, 'Alice').done.click();

	const search = bob.page.getByRole('searchbox', { name: 'Search messages' });
	await search.fill('Alice');
	await expect(bob.page.getByRole('region', { name: 'Search results' })).toBeVisible();
	await audit(bob.page, 'search-results', findings);
	await search.fill('');

	// The contact goes away: pending ticks and the offline header.
	await alice.context.close();
	await expect(ui(bob.page).presence).not.toHaveText('online');
	await send(bob.page, 'Are you still there?');
	await audit(bob.page, 'contact-offline', findings);

	expect(aliceContact.id).toBeTruthy();
	expect(findings, report(findings)).toEqual([]);
});

test('every phone screen, light and dark: no critical or serious axe findings', async ({ openPeer }) => {
	const findings: Finding[] = [];
	const { alice, bob } = await openAliceAndBob(openPeer);
	await connectAliceAndBob(alice, bob);
	await send(alice.page, 'Hello from Alice on a phone');
	await expect(threadText(bob.page, 'Hello from Alice on a phone')).toBeVisible();
	const page = bob.page;
	await page.setViewportSize(PHONE);
	await audit(page, 'phone-thread', findings);

	await page.getByRole('button', { name: 'Back to conversations' }).click();
	await expect(ui(page).conversations).toBeVisible();
	await audit(page, 'phone-list', findings);

	await ui(page).newChat.click();
	await audit(page, 'phone-new-chat', findings);
	await ui(page).newChat.click();

	await ui(page).openSettings.click();
	await expect(ui(page).settings).toBeVisible();
	await audit(page, 'phone-settings', findings);
	await page.setViewportSize(DESKTOP);

	expect(findings, report(findings)).toEqual([]);
});
