import type { Page } from '@playwright/test';
import { audit, report, type Finding } from './axe-audit';
import { expect, screenshot, test } from './fixtures';
import { openApp } from './chat-steps';
import { onboard, ui } from './parley-ui';

// The backup reminder (issue 15, item 4): off by default; chosen in Settings → Backup; a notice in
// the shell whose "Back up now" opens that section and whose "Later" waits one interval.

const DAY = 24 * 60 * 60 * 1000;

/** Writes the time of a "last backup" into the page's settings table, as a backup made then would have. */
function seedLastBackup(page: Page, at: number): Promise<void> {
	return page.evaluate(
		(time) =>
			new Promise<void>((resolve, reject) => {
				const name = localStorage.getItem('parley.activeDb') ?? 'parley';
				const open = indexedDB.open(name);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction('settings', 'readwrite');
					tx.objectStore('settings').put({ key: 'backup.lastAt', value: time });
					tx.oncomplete = () => {
						open.result.close();
						resolve();
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		at
	);
}

test('backup reminder: off by default; weekly shows a notice; Back up now opens the section; Later hides it for a week', async ({ openPeer }) => {
	const findings: Finding[] = [];
	const alice = await openPeer('alice');
	const page = alice.page;
	await openApp(alice);
	await onboard(page, 'Alice');
	const reminder = page.getByRole('region', { name: 'Backup reminder' });
	const backupSection = page.getByRole('region', { name: 'Backup', exact: true });
	const remindSelect = backupSection.getByLabel('Remind me to back up');

	await test.step('off by default', async () => {
		await ui(page).openSettings.click();
		await expect(remindSelect).toHaveValue('off');
		await expect(remindSelect).toBeEnabled();
		await expect(reminder).toHaveCount(0);
	});

	await test.step('every week, no backup yet: the notice shows', async () => {
		await remindSelect.selectOption({ label: 'Every week' });
		await expect(reminder).toBeVisible();
		await expect(reminder.getByRole('status')).toHaveText('No backup of your chats has been made on this device.');
		await page.keyboard.press('Escape');
		await expect(ui(page).settings).toHaveCount(0);
	});

	await test.step('Back up now opens Settings at Backup', async () => {
		await reminder.getByRole('button', { name: 'Back up now' }).click();
		await expect(page.getByRole('heading', { level: 3, name: 'Backup', exact: true })).toBeFocused();
		await expect(backupSection.getByLabel('Passphrase', { exact: true })).toBeInViewport();
	});

	await test.step('a backup ten days old: "No backup for 10 days"', async () => {
		await seedLastBackup(page, Date.now() - 10 * DAY - 60_000);
		await page.reload();
		await expect(reminder.getByRole('status')).toHaveText('No backup for 10 days.');
		await audit(page, 'backup-reminder', findings);
		await screenshot(page, 'backup-reminder');
	});

	await test.step('Later hides it, also after a reload; a week later it is back', async () => {
		await reminder.getByRole('button', { name: 'Later' }).click();
		await expect(reminder).toHaveCount(0);
		await page.reload();
		await expect(ui(page).connection).toBeVisible();
		await ui(page).openSettings.click();
		await expect(remindSelect).toHaveValue('week');
		await expect(reminder).toHaveCount(0);
		await page.clock.setFixedTime(Date.now() + 7 * DAY + 60_000);
		await page.reload();
		await expect(reminder.getByRole('status')).toHaveText('No backup for 17 days.');
	});

	await test.step('off again: no notice', async () => {
		await ui(page).openSettings.click();
		await remindSelect.selectOption({ label: 'Off' });
		await expect(reminder).toHaveCount(0);
	});
	expect(findings, report(findings)).toEqual([]);
});
