import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { PHONE, connectAliceAndBob, openAliceAndBob, openApp, send, threadText } from './chat-steps';
import { conversationButton, handleUi, onboard, threadHeading, ui } from './parley-ui';

// Settings (issue 10, item 3): one place, reached from the header on a desktop and on a phone,
// in place of the thread; closing returns focus to what opened it.

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function settingsUi(page: Page) {
	const settings = ui(page).settings;
	const section = (name: string) => settings.getByRole('region', { name, exact: true });
	return {
		settings,
		heading: settings.getByRole('heading', { level: 2, name: 'Settings' }),
		profile: section('Profile'),
		contact: section('Your contact'),
		appearance: section('Appearance'),
		voice: section('Voice messages'),
		privacy: section('Privacy'),
		storage: section('Storage'),
		about: section('About'),
		displayName: settings.getByLabel('Display name'),
		saveName: settings.getByRole('button', { name: 'Save name' }),
		theme: (name: 'System' | 'Light' | 'Dark') => settings.getByRole('group', { name: 'Theme' }).getByRole('radio', { name })
	};
}

const themeOf = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme);

/**
 * Light and dark screenshots through the theme setting itself, with `section` at the top of the
 * settings pane (it scrolls on its own, so a page screenshot shows one screenful of it).
 */
async function bothThemes(page: Page, name: string, section: Locator): Promise<void> {
	const view = settingsUi(page);
	for (const theme of ['Light', 'Dark'] as const) {
		await view.theme(theme).check();
		await section.evaluate((element) => element.scrollIntoView({ block: 'start' }));
		await screenshot(page, `${name}-${theme.toLowerCase()}`);
	}
	await view.theme('System').check();
}

test('Settings from the header: profile sent to contacts, contact details, theme, storage, version; Escape returns focus', async ({
	openPeer
}) => {
	const { alice, bob } = await openAliceAndBob(openPeer);
	await connectAliceAndBob(alice, bob);
	await send(bob.page, 'Hello from Bob');
	await expect(ui(alice.page).incoming).toHaveText([/Hello from Bob/]);
	const page = alice.page;
	const view = settingsUi(page);

	await test.step('opens in place of the thread, focus on its heading', async () => {
		await ui(page).openSettings.focus();
		await page.keyboard.press('Enter');
		await expect(view.heading).toBeFocused();
		await expect(threadHeading(page, 'Bob')).toBeHidden();
		await expect(ui(page).conversations).toBeVisible();
		for (const section of [view.profile, view.contact, view.appearance, view.privacy, view.storage, view.about]) await expect(section).toBeVisible();
		await expect(view.settings.getByRole('heading', { level: 3 })).toHaveText(['Profile', 'Your contact', 'Appearance', 'Notifications', 'Voice messages', 'Privacy', 'Research data', 'Storage', 'Backup', 'Transfer', 'About']);
	});

	await test.step('shows the id, link, QR code and handle form', async () => {
		await expect(ui(page).ownId).toHaveValue(/^p[a-z2-7]{32}$/);
		await expect(ui(page).ownLink).toHaveValue(/#add=p[a-z2-7]{32}&name=Alice$/);
		await expect(view.contact.getByRole('img', { name: 'Contact link QR code' })).toBeVisible();
		await expect(handleUi(page).input).toBeVisible();
		await expect(view.privacy.getByRole('switch', { name: 'Invisible mode' })).toHaveAttribute('aria-checked', 'false');
		await expect(view.privacy.getByRole('radio', { name: 'Anyone (as message requests)' })).toBeChecked();
	});

	await test.step('shows storage used and what is stored, and the version', async () => {
		await expect(view.storage).toContainText(/Used on this device\s*\d+(\.\d)? (B|kB|MB|GB)/);
		await expect(view.storage).toContainText('1 message with 1 person');
		await expect(view.about).toContainText(`version ${version}`);
		await bothThemes(page, 'settings-01-desktop', view.profile);
		await bothThemes(page, 'settings-02-desktop-end', view.privacy);
	});

	await test.step('voice messages: the longest recording is chosen there and kept', async () => {
		const longest = view.voice.getByLabel('Longest voice message to record');
		await expect(longest).toHaveValue('300000');
		await longest.selectOption({ label: '2:00' });
		await page.reload();
		await ui(page).connection.waitFor();
		await ui(page).openSettings.click();
		await expect(view.voice.getByLabel('Longest voice message to record')).toHaveValue('120000');
		await expect(view.storage.getByLabel('Longest voice message to record')).toHaveCount(0);
	});

	await test.step('theme: dark, kept across a reload; system follows the device', async () => {
		await view.theme('Dark').check();
		expect(await themeOf(page)).toBe('dark');
		await page.reload();
		await ui(page).connection.waitFor();
		expect(await themeOf(page)).toBe('dark');
		await ui(page).openSettings.click();
		await expect(view.theme('Dark')).toBeChecked();
		await view.theme('System').check();
		await page.emulateMedia({ colorScheme: 'dark' });
		await expect.poll(() => themeOf(page)).toBe('dark');
		await page.emulateMedia({ colorScheme: 'light' });
		await expect.poll(() => themeOf(page)).toBe('light');
	});

	await test.step('choosing a conversation closes it', async () => {
		await conversationButton(page, 'Bob').click();
		await expect(view.settings).toBeHidden();
		await expect(threadHeading(page, 'Bob')).toBeVisible();
		await ui(page).openSettings.click();
		await expect(view.heading).toBeFocused();
	});

	await test.step('a new display name reaches the contact while connected', async () => {
		await conversationButton(bob.page, 'Alice').click();
		await expect(threadHeading(bob.page, 'Alice')).toBeVisible();
		await expect(view.saveName).toBeDisabled();
		await view.displayName.fill('Alice Liddell');
		await view.saveName.click();
		await expect(view.profile.getByRole('status')).toHaveText('Saved and sent to your contacts.');
		await expect(threadHeading(bob.page, 'Alice Liddell')).toBeVisible();
		await expect(conversationButton(bob.page, 'Alice Liddell')).toBeVisible();
		await expect(ui(page).ownLink).toHaveValue(/&name=Alice\+Liddell$/);
		await expect(page.getByRole('complementary').getByText('Alice Liddell', { exact: true })).toBeVisible();
	});

	await test.step('Escape closes it, brings the thread back and returns focus to the Settings button', async () => {
		await view.displayName.focus();
		await page.keyboard.press('Escape');
		await expect(view.settings).toBeHidden();
		await expect(threadHeading(page, 'Bob')).toBeVisible();
		await expect(ui(page).openSettings).toBeFocused();
	});

	await test.step('"Share my contact" opens it at "Your contact"', async () => {
		await ui(page).shareToggle.click();
		await expect(view.contact.getByRole('heading', { name: 'Your contact' })).toBeFocused();
		await expect(ui(page).ownId).toBeInViewport();
		await ui(page).closeSettings.click();
		await expect(ui(page).shareToggle).toBeFocused();
	});
});

test('on a phone Settings is a screen of its own with a back button', async ({ openPeer }) => {
	const peer = await openPeer('alice');
	await openApp(peer);
	await onboard(peer.page, 'Alice');
	const page = peer.page;
	const view = settingsUi(page);
	await page.setViewportSize(PHONE);
	await expect(threadText(page, 'Select a conversation')).toBeHidden();

	await ui(page).openSettings.click();
	await expect(view.heading).toBeFocused();
	await expect(ui(page).conversations).toBeHidden();
	await expect(ui(page).openSettings).toBeHidden();
	await expect(view.storage).toContainText('0 messages with 0 people');
	await bothThemes(page, 'settings-03-phone', view.profile);
	await bothThemes(page, 'settings-04-phone-middle', view.appearance);
	await bothThemes(page, 'settings-05-phone-end', view.storage);

	await ui(page).closeSettings.click();
	await expect(view.settings).toBeHidden();
	await expect(ui(page).conversations).toBeVisible();
	await expect(ui(page).openSettings).toBeFocused();
});
