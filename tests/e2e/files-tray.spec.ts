import type { Page } from '@playwright/test';
import { audit, report, type Finding } from './axe-audit';
import { DESKTOP, PHONE, connectAliceAndBob, openAliceAndBob, openApp } from './chat-steps';
import { attach, makePng, noise, trayChip } from './file-steps';
import { expect, test } from './fixtures';
import { addContact, createGroup, onboard, readOwnContact, threadHeading, ui } from './parley-ui';

// Issue 12: the composer's tray of files to send. Needs no transfer, so it runs on every branch
// (files.spec.ts covers what travels).

/** Files dropped onto the thread, as a browser delivers them (events built in the page: one DataTransfer for all). */
async function dropOnThread(page: Page, name: string, type: string, text: string): Promise<void> {
	const thread = page.getByRole('region', { name: /^Conversation with / });
	const transfer = await page.evaluateHandle(
		([name, type, text]) => {
			const data = new DataTransfer();
			data.items.add(new File([text], name, { type }));
			return data;
		},
		[name, type, text] as const
	);
	const fire = (kind: string) => thread.evaluate((node, [kind, data]) => node.dispatchEvent(new DragEvent(kind, { dataTransfer: data, bubbles: true, cancelable: true })), [kind, transfer] as const);
	await fire('dragenter');
	await expect(page.locator('.drop-zone')).toContainText('Drop files to send to');
	await fire('dragover');
	await fire('drop');
	await expect(page.locator('.drop-zone')).toHaveCount(0);
}

/** A picture pasted into the composer (browsers name every pasted image "image.png"). */
async function pasteImage(page: Page, png: Buffer): Promise<void> {
	await ui(page).composer.evaluate((field, base64) => {
		const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
		const data = new DataTransfer();
		data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
		field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
	}, png.toString('base64'));
}

test('the composer’s tray in a direct and a group thread: pick, drop and paste files, see them as chips, remove one', async ({ openPeer }) => {
	const { alice, bob } = await openAliceAndBob(openPeer);
	await connectAliceAndBob(alice, bob);
	const page = alice.page;
	const findings: Finding[] = [];
	const png = await makePng(page, 900, 600);

	await expect(page.getByRole('button', { name: 'Attach files' })).toBeVisible();
	await attach(page, [
		{ name: 'harbour.png', mimeType: 'image/png', buffer: png },
		{ name: 'minutes.pdf', mimeType: 'application/pdf', buffer: noise(300_000) }
	]);
	// An image's chip shows its preview; the text box is now the caption.
	await expect(trayChip(page, 'harbour.png').locator('img')).toBeVisible();
	await expect(trayChip(page, 'minutes.pdf')).toHaveAccessibleName('minutes.pdf, 300 kB');
	await expect(ui(page).composer).toHaveAttribute('placeholder', 'Add a caption');
	await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();

	await dropOnThread(page, 'plan.txt', 'text/plain', 'step one');
	await expect(trayChip(page, 'plan.txt')).toBeVisible();
	// Dropped beside the thread: refused, so the browser does not open the file in place of the app.
	const refused = await ui(page).conversations.evaluate((node) => {
		const data = new DataTransfer();
		data.items.add(new File(['<h1>x</h1>'], 'page.html', { type: 'text/html' }));
		return !node.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
	});
	expect(refused).toBe(true);
	await expect(trayChip(page, 'page.html')).toHaveCount(0);
	await pasteImage(page, png);
	const pasted = trayChip(page, /^Pasted image \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.png, /);
	await expect(pasted).toBeVisible();
	await expect(pasted.locator('img')).toBeVisible();
	await audit(page, 'files-tray', findings);

	await trayChip(page, 'minutes.pdf').getByRole('button', { name: 'Remove minutes.pdf' }).click();
	await expect(trayChip(page, 'minutes.pdf')).toHaveCount(0);
	await expect(page.getByRole('list', { name: 'Files to send' }).getByRole('listitem')).toHaveCount(3);
	// Text pasted as text stays text.
	await ui(page).composer.fill('a caption');
	await page.setViewportSize(PHONE);
	await audit(page, 'files-tray-phone', findings);
	expect(findings, report(findings)).toEqual([]);

	// A group thread has the same tray; leaving a thread drops what was on its tray.
	await page.setViewportSize(DESKTOP);
	const carol = await openPeer('carol');
	await openApp(carol);
	await onboard(carol.page, 'Carol');
	await addContact(page, (await readOwnContact(carol.page)).link);
	await expect(threadHeading(page, 'Carol')).toBeVisible();
	await createGroup(page, 'Trip', ['Bob', 'Carol']);
	await expect(page.getByRole('region', { name: 'Group Trip' })).toBeVisible();
	await expect(page.getByRole('list', { name: 'Files to send' })).toHaveCount(0);
	await attach(page, [{ name: 'tickets.pdf', mimeType: 'application/pdf', buffer: noise(1000) }]);
	await expect(ui(page).composer).toHaveAttribute('placeholder', 'Add a caption');
});
