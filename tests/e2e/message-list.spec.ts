import type { Page } from '@playwright/test';
import type { ParleyTestHooks } from '../../src/lib/app/test-hooks';
import { DESKTOP } from './chat-steps';
import { expect, test } from './fixtures';
import { TEST_HOOKS_INIT, waitForHooks } from './parley-hooks';
import { conversationButton, messageAction, onboard, threadHeading, ui } from './parley-ui';

// The message list as a keyboard and screen-reader user meets it: date dividers, one tab stop
// with arrow keys, "Jump to latest" only when something is below, and a reply's quote that
// brings back an original from unloaded history. History is seeded through the test hooks.

type Hooked = { __parley: ParleyTestHooks };
/** A peer id nobody holds: the conversation only exists locally. */
const PEER = `p${'r'.repeat(32)}`;
const NAME = 'Archive';
const HOUR_MS = 3_600_000;

/** A bubble by its message number; "History #5" must not match "History #50". */
function bubble(page: Page, n: number) {
	return ui(page).bubbles.filter({ has: page.locator(':scope > p', { hasText: new RegExp(`^History #${n}(\\D|$)`) }) });
}

/** The number of the focused bubble, or null when the focus is not on a bubble. */
function focusedNumber(page: Page): Promise<number | null> {
	return page.evaluate(() => {
		const item = document.activeElement;
		if (!(item instanceof HTMLLIElement)) return null;
		const match = /^History #(\d+)/.exec(item.querySelector(':scope > p')?.textContent ?? '');
		return match ? Number(match[1]) : null;
	});
}

async function openSeeded(page: Page, count: number, stepMs: number): Promise<string> {
	await page.context().addInitScript({ content: TEST_HOOKS_INIT });
	await page.setViewportSize(DESKTOP);
	await page.goto('/');
	await onboard(page, 'Alice');
	await waitForHooks(page);
	// The newest message is a minute old and must be today's: a run that starts around local
	// midnight waits until 00:02 (the labels also turn at midnight while the test reads them).
	const wait = await page.evaluate(() => {
		const now = new Date();
		const sinceMidnight = now.getTime() - new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
		const DAY = 86_400_000;
		if (sinceMidnight < 2 * 60_000) return 2 * 60_000 - sinceMidnight;
		if (sinceMidnight > DAY - 2 * 60_000) return DAY - sinceMidnight + 2 * 60_000;
		return 0;
	});
	if (wait > 0) {
		test.info().setTimeout(test.info().timeout + wait);
		await page.waitForTimeout(wait);
	}
	const seed = await page.evaluate(
		({ peer, count, step, name }) => (globalThis as unknown as Hooked).__parley.seedHistory(peer, count, { step, name, start: Date.now() - 60_000 - (count - 1) * step }),
		{ peer: PEER, count, step: stepMs, name: NAME }
	);
	await conversationButton(page, NAME).click();
	await expect(threadHeading(page, NAME)).toBeVisible();
	return seed.idPrefix;
}

test('date dividers, one tab stop with arrow keys, and Jump to latest only when something is below', async ({ openPeer }) => {
	test.setTimeout(120_000);
	const { page } = await openPeer('alice');
	const view = ui(page);
	// 400 messages an hour apart: over 16 days, the newest a minute ago.
	const COUNT = 400;
	const idPrefix = await openSeeded(page, COUNT, HOUR_MS);
	const jumpToLatest = page.getByRole('button', { name: /^Jump to latest/ });
	await expect(bubble(page, COUNT - 1)).toBeInViewport();

	await test.step('a day starts with a heading inside its first message', async () => {
		const today = view.log.getByRole('heading', { name: 'Today' });
		await expect(today).toHaveCount(1);
		// In the list item of the day's first message, above its bubble.
		const first = view.bubbles.filter({ has: page.getByRole('heading', { name: 'Today' }) });
		await expect(first).toHaveCount(1);
		const [heading, box] = await Promise.all([today.boundingBox(), first.boundingBox()]);
		expect(heading!.y + heading!.height).toBeLessThanOrEqual(box!.y);
		await expect(view.log.getByRole('heading', { name: 'Yesterday' })).toHaveCount(1);
		await expect(jumpToLatest).toHaveCount(0);
	});

	await test.step('the list is one tab stop: Shift+Tab from the composer reaches the newest message, once', async () => {
		await view.composer.focus();
		await page.keyboard.press('Shift+Tab');
		await expect(bubble(page, COUNT - 1)).toBeFocused();
		await page.keyboard.press('Shift+Tab');
		expect(await page.evaluate(() => document.activeElement?.closest('[role="log"]') ?? null)).toBeNull();
		await page.keyboard.press('Tab');
		await expect(bubble(page, COUNT - 1)).toBeFocused();
	});

	await test.step('arrow keys, Home, End, PageUp and PageDown move between messages', async () => {
		await page.keyboard.press('ArrowUp');
		await expect(bubble(page, COUNT - 2)).toBeFocused();
		await page.keyboard.press('ArrowDown');
		await expect(bubble(page, COUNT - 1)).toBeFocused();
		await page.keyboard.press('PageUp');
		const paged = await focusedNumber(page);
		expect(paged).toBeLessThan(COUNT - 2);
		await expect(bubble(page, paged!)).toBeInViewport();
		await page.keyboard.press('PageDown');
		expect(await focusedNumber(page)).toBeGreaterThan(paged!);
		await page.keyboard.press('End');
		await expect(bubble(page, COUNT - 1)).toBeFocused();
		// Tab from the focused message reaches its own actions button, then leaves the list.
		await page.keyboard.press('Tab');
		await expect(bubble(page, COUNT - 1).getByRole('button', { name: /^Actions for message/ })).toBeFocused();
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.closest('[role="log"]') ?? null)).toBeNull();
		await page.keyboard.press('Shift+Tab');
		await expect(bubble(page, COUNT - 1)).toBeFocused();
	});

	await test.step('Home reaches the oldest loaded message; going on up loads older history', async () => {
		await page.keyboard.press('Home');
		const oldestLoaded = await focusedNumber(page);
		expect(oldestLoaded).toBeGreaterThan(0);
		await expect(bubble(page, oldestLoaded!)).toBeInViewport();
		// Reaching the top loads the next page; the arrows then walk into it.
		await expect
			.poll(
				async () => {
					await page.keyboard.press('ArrowUp');
					return focusedNumber(page);
				},
				{ timeout: 20_000 }
			)
			.toBeLessThan(oldestLoaded!);
		await expect(jumpToLatest).toBeVisible();
		// Every day that starts in the rendered rows has its one heading.
		await expect(view.log.getByRole('heading', { name: /\w/ }).first()).toBeAttached();
	});

	await test.step('Jump to latest goes to the bottom and disappears there', async () => {
		await jumpToLatest.click();
		await expect(bubble(page, COUNT - 1)).toBeInViewport();
		await expect(jumpToLatest).toHaveCount(0);
	});

	await test.step('a jump to a message at the bottom shows no Jump to latest', async () => {
		const id = `${idPrefix}${String(COUNT - 2).padStart(6, '0')}`;
		await page.evaluate((message) => (globalThis as unknown as Hooked).__parley.focusMessage(message), id);
		await expect(bubble(page, COUNT - 2).and(page.locator('[data-highlight]'))).toHaveCount(1);
		await expect(bubble(page, COUNT - 1)).toBeInViewport();
		await expect(jumpToLatest).toHaveCount(0);
	});
});

test('a reply quote brings back its original from older history that is not loaded', async ({ openPeer }) => {
	test.setTimeout(120_000);
	const { page } = await openPeer('alice');
	const view = ui(page);
	const COUNT = 2_000;
	const idPrefix = await openSeeded(page, COUNT, 60_000);
	// Reply to an old message, found through the app's own jump (as a search result would).
	await page.evaluate((id) => (globalThis as unknown as Hooked).__parley.focusMessage(id), `${idPrefix}000100`);
	await expect(bubble(page, 100)).toBeInViewport();
	await messageAction(bubble(page, 100), 'Reply');
	await expect(page.getByRole('group', { name: `Replying to ${NAME}` })).toContainText('History #100');
	await view.composer.fill('about that old one');
	await page.keyboard.press('Enter');
	const reply = view.bubbles.filter({ hasText: 'about that old one' });
	await expect(reply).toBeInViewport();

	// After a reload only the newest messages are loaded: the original is not.
	await page.reload();
	await waitForHooks(page);
	await conversationButton(page, NAME).click();
	await expect(reply).toBeInViewport();
	await expect(bubble(page, 100)).toHaveCount(0);
	// The highlight lasts two seconds: watch for it from before the click, not after.
	await page.evaluate(() => {
		const seen: string[] = [];
		(globalThis as unknown as { highlighted: string[] }).highlighted = seen;
		new MutationObserver((records) => {
			for (const record of records) if (record.target instanceof Element && record.target.hasAttribute('data-highlight')) seen.push(record.target.querySelector(':scope > p')?.textContent ?? '');
		}).observe(document.body, { subtree: true, attributeFilter: ['data-highlight'] });
	});
	await reply.getByRole('button', { name: new RegExp(`^Reply to ${NAME}: History #100`) }).click();
	await expect(bubble(page, 100)).toBeInViewport();
	await expect.poll(() => page.evaluate(() => (globalThis as unknown as { highlighted: string[] }).highlighted.join('\n'))).toMatch(/^History #100\D/m);
	await expect(page.getByRole('button', { name: /^Jump to latest/ })).toBeVisible();
});
