import { stat } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { openApp } from './chat-steps';
import { expect, test } from './fixtures';
import { addContactByHook, enableTestHooks, waitForHooks } from './parley-hooks';
import { onboard, ui } from './parley-ui';

// Issue 15: Cancel during a restore leaves nothing behind — no identity, no staging database,
// the active-database pointer untouched — and the page can still restore afterwards.

const PASSPHRASE = 'mauve otter sings at dawn 17';
const BOB = 'p' + 'b'.repeat(32);
const MESSAGES = 60_000;

/** Databases and the active-database pointer of a page (as in backup.spec). */
function storageOf(page: Page): Promise<{ databases: string[]; pointer: string | null }> {
	return page.evaluate(async () => ({
		databases: (await indexedDB.databases()).map((db) => db.name ?? '').sort(),
		pointer: localStorage.getItem('parley.activeDb')
	}));
}

test('Cancel during a restore leaves no identity and no staging database', async ({ openPeer }) => {
	test.setTimeout(300_000);
	const alice = await openPeer('alice');
	await enableTestHooks(alice.context);
	await openApp(alice);
	await onboard(alice.page, 'Alice');
	await waitForHooks(alice.page);
	await addContactByHook(alice.page, BOB);
	// Big enough that the restore is still writing when Cancel is pressed. Real message ids: the
	// backup leaves out rows whose ids are not message ids (the default "seed-…" ones), and with
	// them left out the file held three records and the restore was over before Cancel (session 16).
	await alice.page.evaluate(
		({ peer, count }) => (globalThis as unknown as { __parley: { seedHistory(p: string, n: number, o: object): Promise<unknown> } }).__parley.seedHistory(peer, count, { realIds: true }),
		{ peer: BOB, count: MESSAGES }
	);

	// A path, not a buffer: a buffer of several MB over the protocol outlasts setInputFiles' timeout.
	const file = test.info().outputPath('parley-backup.parley');
	await test.step('back up', async () => {
		await ui(alice.page).openSettings.click();
		const section = alice.page.getByRole('region', { name: 'Backup', exact: true });
		await section.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
		await section.getByLabel('Confirm passphrase').fill(PASSPHRASE);
		const [saved] = await Promise.all([alice.page.waitForEvent('download', { timeout: 180_000 }), section.getByRole('button', { name: 'Back up now' }).click()]);
		await saved.saveAs(file);
		// The history is in it, not only the identity.
		expect((await stat(file)).size, 'backup size').toBeGreaterThan(MESSAGES * 30);
	});
	await alice.context.close();

	const fresh = await openPeer('alice-new');
	await openApp(fresh);
	const page = fresh.page;
	const untouched = await storageOf(page);
	const form = page.getByRole('form', { name: 'Restore from a backup' });

	await test.step('Cancel while rows are being written: nothing left', async () => {
		await page.getByRole('button', { name: 'Restore from a backup' }).click();
		await form.getByLabel('Backup file').setInputFiles(file);
		await form.getByLabel('Passphrase').fill(PASSPHRASE);
		await form.getByRole('button', { name: 'Restore' }).click();
		// Pressed from inside the page as soon as the staging database exists (a round trip from
		// here could miss the window), in the same task that reads the progress bar: below 90 % the
		// worker is still writing and has not replied.
		const pressed = await page.evaluate(async () => {
			const deadline = Date.now() + 120_000;
			const staging = async () => (await indexedDB.databases()).some((db) => db.name?.startsWith('parley-restore-'));
			let seen = await staging();
			while (!seen && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 5));
				seen = await staging();
			}
			const progress = document.querySelector<HTMLProgressElement>('progress[aria-label="Restore progress"]')?.value ?? null;
			const cancel = [...document.querySelectorAll('form button')].find((button) => button.textContent?.trim() === 'Cancel restore');
			(cancel as HTMLButtonElement | undefined)?.click();
			return { staging: seen, cancel: cancel !== undefined, progress };
		});
		console.log(`restore cancelled at ${pressed.progress}%`);
		expect(pressed).toMatchObject({ staging: true, cancel: true });
		expect(pressed.progress).toBeLessThan(90);
		await expect(form.getByRole('alert')).toHaveText('Cancelled. Nothing was changed.');
		await expect.poll(() => storageOf(page)).toEqual(untouched);
	});

	await test.step('after a reload: still no identity, still nothing stored', async () => {
		await page.reload();
		await expect(ui(page).onboardingHeading).toBeVisible();
		expect(await storageOf(page)).toEqual(untouched);
	});
});
