import type { Page } from '@playwright/test';
import { audit, report, type Finding } from './axe-audit';
import { PHONE, connectAliceAndBob, openAliceAndBob, threadText } from './chat-steps';
import { attach, download, fileBubble, makePng, noise, recordProgress, sendTray, trayChip } from './file-steps';
import { expect, test } from './fixtures';
import { enableTestHooks, setInvisible, waitForHooks } from './parley-hooks';
import { conversationButton, ui } from './parley-ui';

// Issue 12: files and images between two Chromium peers, through the UI only.

const SCREENS = 'docs/screenshots';

async function docsScreenshot(page: Page, name: string): Promise<void> {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
		await page.screenshot({ path: `${SCREENS}/${name}-${scheme}.png` });
	}
	await page.emulateMedia({ colorScheme: null, reducedMotion: null });
}

async function setFileLimit(page: Page, label: string): Promise<void> {
	await ui(page).openSettings.click();
	await page.getByLabel('Largest file to accept').selectOption({ label });
	await ui(page).closeSettings.click();
}

/** A limit below every choice the settings offer, written where the settings keep it, then reloaded. */
async function setTinyFileLimit(page: Page, bytes: number): Promise<void> {
	await page.evaluate(
		(limit) =>
			new Promise<void>((resolve, reject) => {
				const request = indexedDB.open('parley');
				request.onerror = () => reject(request.error ?? new Error('open failed'));
				request.onsuccess = () => {
					const db = request.result;
					const put = db.transaction('settings', 'readwrite').objectStore('settings').put({ key: 'maxFileBytes', value: limit });
					put.onsuccess = () => {
						db.close();
						resolve();
					};
					put.onerror = () => reject(put.error ?? new Error('put failed'));
				};
			}),
		bytes
	);
	await page.reload();
}

/** The natural width of the picture a bubble shows (the preview is at most 320 px wide). */
function pictureWidth(page: Page, name: string): Promise<number> {
	return fileBubble(page, name)
		.getByRole('button', { name: `Open image ${name}` })
		.locator('img')
		.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
}

test.describe('files and images', () => {
	test('an image shows its preview at once, then the whole image; the viewer steps through the chat’s images', async ({ openPeer }) => {
		const { alice, bob } = await openAliceAndBob(openPeer);
		await connectAliceAndBob(alice, bob);
		const findings: Finding[] = [];
		const photo = await makePng(alice.page, 1200, 800);
		const second = await makePng(alice.page, 600, 900);

		// Bob accepts nothing this large yet: the message arrives with its preview only.
		await setTinyFileLimit(bob.page, 20_000);
		await expect(ui(bob.page).presence.or(conversationButton(bob.page, 'Alice'))).toBeVisible();
		await conversationButton(bob.page, 'Alice').click();
		await expect(ui(bob.page).presence).toHaveText('online', { timeout: 30_000 });
		await attach(alice.page, [{ name: 'harbour.png', mimeType: 'image/png', buffer: photo }]);
		await expect(trayChip(alice.page, 'harbour.png').locator('img')).toBeVisible();
		await docsScreenshot(alice.page, 'files-tray');
		await audit(alice.page, 'files-tray-chat', findings);
		await sendTray(alice.page, 'the view from the pier');

		const atBob = fileBubble(bob.page, 'harbour.png');
		await expect(atBob.getByRole('button', { name: 'Open image harbour.png' })).toBeVisible();
		await expect(atBob).toContainText('the view from the pier');
		await expect(atBob).toContainText('Larger than the largest file you accept');
		await expect(atBob.getByRole('button', { name: 'Try again harbour.png' })).toBeVisible();
		await expect.poll(() => pictureWidth(bob.page, 'harbour.png')).toBeGreaterThan(0);
		expect(await pictureWidth(bob.page, 'harbour.png')).toBeLessThanOrEqual(320);
		const box = await atBob.getByRole('button', { name: 'Open image harbour.png' }).boundingBox();
		expect(box && Math.abs(box.width / box.height - 1.5)).toBeLessThan(0.02);

		// With the limit raised, Try again fetches it: the whole image fills the same box.
		await setFileLimit(bob.page, '4.3 GB (default)');
		await conversationButton(bob.page, 'Alice').click();
		await atBob.getByRole('button', { name: 'Try again harbour.png' }).click();
		await expect.poll(() => pictureWidth(bob.page, 'harbour.png'), { timeout: 30_000 }).toBe(1200);
		const after = await atBob.getByRole('button', { name: 'Open image harbour.png' }).boundingBox();
		expect(after?.height).toBeCloseTo(box?.height ?? 0, 0);
		const saved = await download(bob.page, atBob.getByRole('button', { name: 'Save harbour.png' }));
		expect(saved.name).toBe('harbour.png');
		expect(saved.bytes.equals(photo)).toBe(true);

		await attach(alice.page, [{ name: 'tower.png', mimeType: 'image/png', buffer: second }]);
		await sendTray(alice.page);
		await expect.poll(() => pictureWidth(bob.page, 'tower.png'), { timeout: 30_000 }).toBe(600);
		await docsScreenshot(bob.page, 'files-images');
		await audit(bob.page, 'files-thread', findings);

		// The viewer: a modal dialog named after the image, ← → between the chat's images, Escape closes.
		await atBob.getByRole('button', { name: 'Open image harbour.png' }).click();
		const viewer = bob.page.getByRole('dialog', { name: 'harbour.png' });
		await expect(viewer).toBeVisible();
		await expect(viewer.getByRole('button', { name: 'Download harbour.png' })).toBeEnabled();
		await audit(bob.page, 'files-viewer', findings);
		await bob.page.keyboard.press('ArrowRight');
		await expect(bob.page.getByRole('dialog', { name: 'tower.png' })).toBeVisible();
		await bob.page.keyboard.press('ArrowLeft');
		await expect(viewer).toBeVisible();
		await docsScreenshot(bob.page, 'files-viewer');
		await bob.page.keyboard.press('Escape');
		await expect(bob.page.getByRole('dialog')).toHaveCount(0);
		await expect(atBob.getByRole('button', { name: 'Open image harbour.png' })).toBeFocused();

		// The same on a phone.
		await bob.page.setViewportSize(PHONE);
		await docsScreenshot(bob.page, 'files-phone');
		await audit(bob.page, 'files-thread-phone', findings);
		expect(findings, report(findings)).toEqual([]);
	});

	test('a 5 MB file shows progress both ways and arrives byte for byte', async ({ openPeer }) => {
		const { alice, bob } = await openAliceAndBob(openPeer);
		await connectAliceAndBob(alice, bob);
		await conversationButton(bob.page, 'Alice').click();
		const data = noise(5 * 1024 * 1024, 7);
		const seenAtBob = await recordProgress(bob.page);
		const seenAtAlice = await recordProgress(alice.page);
		await attach(alice.page, [{ name: 'recording.wav', mimeType: 'audio/wav', buffer: data }]);
		await sendTray(alice.page);

		const atBob = fileBubble(bob.page, 'recording.wav');
		await expect(atBob.getByRole('button', { name: 'Save recording.wav' })).toBeVisible({ timeout: 60_000 });
		// Some progress was shown on the way, below 100 % (a fast link may show it briefly).
		expect((await seenAtBob()).some((percent) => percent > 0 && percent < 100)).toBe(true);
		expect((await seenAtAlice()).length).toBeGreaterThan(0);
		const saved = await download(bob.page, atBob.getByRole('button', { name: 'Save recording.wav' }));
		expect(saved.bytes.equals(data)).toBe(true);
		await expect(fileBubble(alice.page, 'recording.wav').getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
	});

	test('cancel: the receiver pauses and resumes; the sender withdraws', async ({ openPeer }) => {
		// Two 96 MB files, with another spec file's browsers beside it (playwright.config.ts).
		test.setTimeout(240_000);
		const { alice, bob } = await openAliceAndBob(openPeer);
		await connectAliceAndBob(alice, bob);
		await conversationButton(bob.page, 'Alice').click();
		const big = noise(96 * 1024 * 1024, 3);

		await attach(alice.page, [{ name: 'backup.zip', mimeType: 'application/zip', buffer: big }]);
		await sendTray(alice.page);
		const atBob = fileBubble(bob.page, 'backup.zip');
		await atBob.getByRole('button', { name: 'Cancel backup.zip' }).click();
		await expect(atBob.getByRole('button', { name: 'Download backup.zip' })).toBeVisible();
		await expect(atBob).toContainText(/Download paused|Not downloaded/);
		await atBob.getByRole('button', { name: 'Download backup.zip' }).click();
		await expect(atBob.getByRole('button', { name: 'Save backup.zip' })).toBeVisible({ timeout: 90_000 });
		const saved = await download(bob.page, atBob.getByRole('button', { name: 'Save backup.zip' }));
		expect(saved.bytes.equals(big)).toBe(true);

		await attach(alice.page, [{ name: 'second.zip', mimeType: 'application/zip', buffer: noise(96 * 1024 * 1024, 4) }]);
		await sendTray(alice.page);
		await fileBubble(alice.page, 'second.zip').getByRole('button', { name: 'Cancel second.zip' }).click();
		await expect(fileBubble(alice.page, 'second.zip')).toContainText('You withdrew this file');
		await expect(fileBubble(bob.page, 'second.zip')).toContainText('The sender withdrew this file', { timeout: 30_000 });
		await expect(fileBubble(bob.page, 'second.zip').getByRole('button', { name: 'Save second.zip' })).toHaveCount(0);
	});

	test('a file to an offline contact is delivered when they are back', async ({ openPeer }) => {
		const { alice, bob } = await openAliceAndBob(openPeer);
		for (const peer of [alice, bob]) {
			await enableTestHooks(peer.context);
			await peer.page.reload();
		}
		await Promise.all([waitForHooks(alice.page), waitForHooks(bob.page)]);
		await connectAliceAndBob(alice, bob);
		await conversationButton(bob.page, 'Alice').click();
		await setInvisible(bob.page, true);
		const data = noise(300_000, 9);
		await attach(alice.page, [{ name: 'minutes.pdf', mimeType: 'application/pdf', buffer: data }]);
		await sendTray(alice.page, 'for tomorrow');
		await expect(fileBubble(alice.page, 'minutes.pdf').getByLabel('Status: Pending', { exact: true })).toBeVisible();
		await expect(threadText(bob.page, 'for tomorrow')).toHaveCount(0);

		await setInvisible(bob.page, false);
		const atBob = fileBubble(bob.page, 'minutes.pdf');
		await expect(atBob.getByRole('button', { name: 'Save minutes.pdf' })).toBeVisible({ timeout: 30_000 });
		expect((await download(bob.page, atBob.getByRole('button', { name: 'Save minutes.pdf' }))).bytes.equals(data)).toBe(true);
	});

	test('an SVG or HTML file is offered as a download only, never shown', async ({ openPeer }) => {
		const { alice, bob } = await openAliceAndBob(openPeer);
		await connectAliceAndBob(alice, bob);
		await conversationButton(bob.page, 'Alice').click();
		const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="document.title=\'pwned\'"><script>document.title="pwned"</script></svg>');
		const html = Buffer.from('<html><body><script>document.title="pwned"</script></body></html>');
		await attach(alice.page, [
			{ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: svg },
			{ name: 'kitten.png', mimeType: 'image/png', buffer: html }
		]);
		await sendTray(alice.page);

		for (const [name, bytes] of [
			['logo.svg', svg],
			['kitten.png', html]
		] as const) {
			const atBob = fileBubble(bob.page, name);
			await expect(atBob.getByRole('button', { name: `Save ${name}` })).toBeVisible({ timeout: 30_000 });
			await expect(atBob.getByRole('button', { name: `Open image ${name}` })).toHaveCount(0);
			await expect(atBob.locator('img')).toHaveCount(0);
			const saved = await download(bob.page, atBob.getByRole('button', { name: `Save ${name}` }));
			expect(saved.bytes.equals(bytes)).toBe(true);
		}
		expect(await bob.page.title()).not.toBe('pwned');
		await expect(bob.page.locator('iframe, object, embed')).toHaveCount(0);
	});

	test('storage settings list files per chat and delete them, keeping the messages', async ({ openPeer }) => {
		const { alice, bob } = await openAliceAndBob(openPeer);
		await connectAliceAndBob(alice, bob);
		await conversationButton(bob.page, 'Alice').click();
		await attach(alice.page, [{ name: 'notes.txt', mimeType: 'text/plain', buffer: noise(200_000, 5) }]);
		await sendTray(alice.page, 'keep this message');
		await expect(fileBubble(bob.page, 'notes.txt').getByRole('button', { name: 'Save notes.txt' })).toBeVisible({ timeout: 30_000 });

		await ui(bob.page).openSettings.click();
		const files = bob.page.getByRole('list', { name: 'Files by chat' });
		await expect(files).toContainText('Alice');
		await expect(files).toContainText('200 kB');
		await files.scrollIntoViewIfNeeded();
		await docsScreenshot(bob.page, 'files-storage');
		await bob.page.getByRole('button', { name: 'Delete files in the chat with Alice' }).click();
		await bob.page.getByRole('button', { name: 'Delete 200 kB of files' }).click();
		await expect(bob.page.getByRole('status').filter({ hasText: 'Deleted 1 file' })).toBeVisible();
		await ui(bob.page).closeSettings.click();
		await conversationButton(bob.page, 'Alice').click();
		await expect(fileBubble(bob.page, 'notes.txt')).toContainText('File deleted');
		await expect(threadText(bob.page, 'keep this message')).toBeVisible();
	});
});
