import { openApp } from './chat-steps';
import { expect, test } from './fixtures';
import { onboard, ui } from './parley-ui';

// Issue 13: switching transcripts on in the settings fetches the speech model at once, with its
// progress shown, until the settings say it is on this device. The model is served by the app
// itself (loopback), so the download is quick: the progress values are recorded as they appear.

test('turning transcripts on downloads the speech model with progress, to ready', async ({ openPeer }) => {
	test.setTimeout(240_000);
	const alice = await openPeer('alice');
	await openApp(alice);
	await onboard(alice.page, 'Alice');
	const page = alice.page;
	await ui(page).openSettings.click();
	const toggle = page.getByRole('switch', { name: 'Transcribe voice messages on this device' });
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-checked', 'false');
	await expect(page.getByText('The speech model is downloaded when the first voice message needs it.')).toBeHidden();

	await page.evaluate(() => {
		const seen: number[] = [];
		(globalThis as { __modelProgress?: number[] }).__modelProgress = seen;
		const note = () => {
			const bar = document.querySelector('[role="progressbar"][aria-label="Downloading the speech model"]');
			const value = Number(bar?.getAttribute('aria-valuenow'));
			if (bar && seen.at(-1) !== value) seen.push(value);
		};
		new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
	});
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
	await expect(page.getByText('The speech model is on this device.')).toBeVisible({ timeout: 180_000 });
	await expect(page.getByRole('progressbar', { name: 'Downloading the speech model' })).toHaveCount(0);
	const progress = await page.evaluate(() => (globalThis as { __modelProgress?: number[] }).__modelProgress ?? []);
	expect(progress.length).toBeGreaterThan(0);
	for (const [i, value] of progress.entries()) {
		expect(value).toBeGreaterThanOrEqual(0);
		expect(value).toBeLessThan(100);
		if (i > 0) expect(value).toBeGreaterThanOrEqual(progress[i - 1]!);
	}
});
