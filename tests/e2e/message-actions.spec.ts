import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { PHONE, DESKTOP, connectAliceAndBob, openAliceAndBob, send } from './chat-steps';
import { enableTestHooks, setInvisible, waitForHooks } from './parley-hooks';
import { messageAction, ui } from './parley-ui';

// Message actions as a person uses them, between two browsers: reply (and jump to the
// original), copy, delete for me, delete for everyone (live and while the other side is
// offline), by mouse and by keyboard only; links and right-to-left text in bubbles.

// By the bubble's own text, not a quote of it in a reply.
const bubble = (page: Page, text: string) => ui(page).bubbles.filter({ has: page.locator(':scope > p[dir="auto"]', { hasText: text }) });
const tombstones = (page: Page) => ui(page).bubbles.filter({ hasText: 'This message was deleted' });
const actionsButton = (of: Locator) => of.getByRole('button', { name: /^Actions for / });

async function shoot(page: Page, name: string): Promise<void> {
	await screenshot(page, `${name}-light`);
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
	await screenshot(page, `${name}-dark`);
	await page.emulateMedia({ colorScheme: 'light' });
	await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
}

test('reply, copy, delete for me and delete for everyone, by mouse and keyboard, live and offline', async ({ openPeer }) => {
	const { alice, bob } = await openAliceAndBob(openPeer);
	for (const peer of [alice, bob]) {
		await enableTestHooks(peer.context);
		await peer.page.reload();
	}
	await Promise.all([waitForHooks(alice.page), waitForHooks(bob.page)]);
	await connectAliceAndBob(alice, bob);

	// Links are real links (to other sites, without an opener); right-to-left text lays out right to left.
	await send(alice.page, 'lunch at noon? menu: https://example.com/menu.');
	await send(alice.page, 'שלום, מה שלומך?');
	const link = bob.page.getByRole('link', { name: 'https://example.com/menu' });
	await expect(link).toHaveAttribute('href', 'https://example.com/menu');
	await expect(link).toHaveAttribute('target', '_blank');
	await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
	await expect(bubble(bob.page, 'שלום').locator('p[dir="auto"]')).toHaveCount(1);
	expect(await bubble(bob.page, 'שלום').locator('p[dir="auto"]').evaluate((p) => getComputedStyle(p).direction)).toBe('rtl');

	// Keyboard only: Bob focuses the actions button, opens the menu, walks it with the arrow keys,
	// leaves with Escape (focus back on the button), opens it again with Shift+F10 and replies.
	const lunch = bubble(bob.page, 'lunch at noon?');
	await actionsButton(lunch).focus();
	await bob.page.keyboard.press('Enter');
	const menu = bob.page.getByRole('menu');
	await expect(menu.getByRole('menuitem', { name: 'Reply' })).toBeFocused();
	await bob.page.keyboard.press('ArrowDown');
	await expect(menu.getByRole('menuitem', { name: 'Copy text' })).toBeFocused();
	await bob.page.keyboard.press('End');
	await expect(menu.getByRole('menuitem', { name: 'Delete for me' })).toBeFocused();
	await expect(menu.getByRole('menuitem', { name: 'Delete for everyone' })).toHaveCount(0);
	await bob.page.keyboard.press('Escape');
	await expect(menu).toHaveCount(0);
	await expect(actionsButton(lunch)).toBeFocused();
	await bob.page.keyboard.press('Shift+F10');
	await expect(menu.getByRole('menuitem', { name: 'Reply' })).toBeFocused();
	await bob.page.keyboard.press('Enter');
	await expect(bob.page.getByRole('group', { name: 'Replying to Alice' })).toContainText('lunch at noon?');
	await expect(ui(bob.page).composer).toBeFocused();
	await bob.page.keyboard.type('yes, noon works');
	await bob.page.keyboard.press('Enter');
	await expect(bob.page.getByRole('group', { name: 'Replying to Alice' })).toHaveCount(0);

	// Both sides quote their own copy of the original; Alice's quote jumps to it and highlights it.
	await expect(bubble(bob.page, 'yes, noon works').getByRole('button', { name: /^Reply to Alice: lunch at noon\?/ })).toBeVisible();
	const quoteAtAlice = bubble(alice.page, 'yes, noon works').getByRole('button', { name: /^Reply to You: lunch at noon\?/ });
	await expect(quoteAtAlice).toBeVisible();
	await quoteAtAlice.click();
	await expect(bubble(alice.page, 'lunch at noon?').and(alice.page.locator('[data-highlight]'))).toHaveCount(1);

	// Reply by mouse, then cancel it from the preview: nothing quoted is sent.
	await messageAction(bubble(alice.page, 'yes, noon works'), 'Reply');
	await expect(alice.page.getByRole('group', { name: 'Replying to Bob' })).toBeVisible();
	await alice.page.getByRole('button', { name: 'Cancel reply' }).click();
	await expect(alice.page.getByRole('group', { name: 'Replying to Bob' })).toHaveCount(0);

	// Copy text puts the message on the clipboard.
	await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(alice.page.url()).origin });
	await messageAction(bubble(alice.page, 'שלום'), 'Copy text');
	await expect.poll(() => alice.page.evaluate(() => navigator.clipboard.readText())).toBe('שלום, מה שלומך?');

	// The menu of one's own message, on screen for the screenshots (light, dark, phone).
	await send(alice.page, 'wrong chat, sorry');
	await expect(bubble(bob.page, 'wrong chat, sorry')).toBeVisible();
	const wrong = bubble(alice.page, 'wrong chat, sorry');
	await wrong.hover();
	await actionsButton(wrong).click();
	await expect(alice.page.getByRole('menuitem', { name: 'Delete for everyone' })).toBeVisible();
	await shoot(alice.page, 'message-menu');
	await alice.page.keyboard.press('Escape');

	// Delete for everyone, live: confirmed in a dialog; both sides keep only the tombstone.
	await messageAction(wrong, 'Delete for everyone');
	const dialog = alice.page.getByRole('dialog', { name: 'Delete for everyone?' });
	await expect(dialog).toContainText('A modified app on their side could have kept a copy');
	await dialog.getByRole('button', { name: 'Delete for everyone' }).click();
	await expect(bubble(alice.page, 'wrong chat, sorry')).toHaveCount(0);
	await expect(bubble(bob.page, 'wrong chat, sorry')).toHaveCount(0);
	await expect(tombstones(alice.page)).toHaveCount(1);
	await expect(tombstones(bob.page)).toHaveCount(1);
	await expect(actionsButton(tombstones(bob.page))).toHaveAttribute('aria-label', 'Actions for deleted message');

	// Delete for everyone while Bob is offline: it waits in Alice's outbox and wins when he is back,
	// both for a message he has and for one that never reached him.
	await send(alice.page, 'a secret he saw');
	await expect(bubble(bob.page, 'a secret he saw')).toBeVisible();
	await setInvisible(bob.page, true);
	await send(alice.page, 'a secret he never saw');
	for (const text of ['a secret he saw', 'a secret he never saw']) {
		await messageAction(bubble(alice.page, text), 'Delete for everyone');
		await alice.page.getByRole('dialog', { name: 'Delete for everyone?' }).getByRole('button', { name: 'Delete for everyone' }).click();
		await expect(bubble(alice.page, text)).toHaveCount(0);
	}
	await expect(tombstones(alice.page)).toHaveCount(3);
	await setInvisible(bob.page, false);
	// Bob dials his contacts when he comes back. If that dial fails under load he retries it within
	// seconds, and his knock brings Alice's own retry forward (PROTOCOL §7a): no waiting for her
	// backoff, which is far along by now.
	await expect(tombstones(bob.page)).toHaveCount(3, { timeout: 15_000 });
	await expect(bubble(bob.page, 'a secret he')).toHaveCount(0);
	// Gone from the stored rows too, on both sides.
	for (const page of [alice.page, bob.page]) expect(await storedText(page)).not.toMatch(/secret he|wrong chat/);

	// Delete for me: gone from Bob's device only; his reply now says the original is not available.
	await messageAction(bubble(bob.page, 'lunch at noon?'), 'Delete for me');
	await expect(bubble(bob.page, 'lunch at noon?')).toHaveCount(0);
	await expect(bubble(bob.page, 'yes, noon works')).toContainText('Original message not available');
	await expect(bubble(alice.page, 'lunch at noon?')).toBeVisible();

	await shoot(bob.page, 'message-reply-and-deleted');
	await bob.page.setViewportSize(PHONE);
	await screenshot(bob.page, 'message-reply-and-deleted-phone');
	// On touch, a long press on the bubble opens the menu.
	const yes = bubble(bob.page, 'yes, noon works');
	await yes.dispatchEvent('pointerdown', { pointerType: 'touch', clientX: 10, clientY: 10, isPrimary: true });
	await expect(bob.page.getByRole('menuitem', { name: 'Reply' })).toBeVisible();
	await yes.dispatchEvent('pointerup', { pointerType: 'touch', clientX: 10, clientY: 10, isPrimary: true });
	await screenshot(bob.page, 'message-menu-phone');
	await bob.page.keyboard.press('Escape');
	await expect(bob.page.getByRole('menu')).toHaveCount(0);
	// "." on the focused message opens it too.
	await yes.focus();
	await bob.page.keyboard.press('.');
	await expect(bob.page.getByRole('menuitem', { name: 'Reply' })).toBeFocused();
	await bob.page.keyboard.press('Escape');
	await bob.page.setViewportSize(DESKTOP);
});

/** Every text stored in the message and version tables, read straight from IndexedDB. */
function storedText(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('parley');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const all = (store: string) =>
			new Promise<unknown[]>((resolve, reject) => {
				const request = db.transaction(store, 'readonly').objectStore(store).getAll();
				request.onsuccess = () => resolve(request.result as unknown[]);
				request.onerror = () => reject(request.error);
			});
		const rows = await Promise.all(['sender', 'receiver', 'edits', 'editHistory'].map(all));
		db.close();
		return JSON.stringify(rows);
	});
}
