import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { audit, report, type Finding } from './axe-audit';
import { openApp } from './chat-steps';
import { attach, download, fileBubble, makePng, noise, onDisk, sendTray } from './file-steps';
import { expect, screenshot } from './fixtures';
import { skipWithoutFirefox, test } from './firefox-fixture';
import * as fox from './firefox-steps';
import { addContact, onboard, readOwnContact, threadHeading, ui } from './parley-ui';

// Issue 12 across engines: an image and a file from Chromium to Firefox ESR and back, over the
// real file channel. Firefox differs in its data channel (SCTP message size, bufferedAmount
// events), its IndexedDB Blob storage and its image decoding.

skipWithoutFirefox('firefox-files.spec.ts');

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const SCREENS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** How many received files the page's database keeps as OPFS piece files (one per content hash). */
const PIECE_FILES = `(async () => {
	try {
		const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('files-parley');
		let count = 0;
		for await (const _name of folder.keys()) count += 1;
		return count;
	} catch (error) {
		return String(error);
	}
})()`;

test('files and images go from Chromium to Firefox and from Firefox to Chromium, byte for byte, images shown whole', async ({ openPeer, firefox, baseURL }) => {
	test.setTimeout(300_000);
	const alice = await openPeer('alice');
	const fx = firefox.page;
	const findings: Finding[] = [];

	await test.step('onboard in both browsers and add each other', async () => {
		await Promise.all([openApp(alice), fox.openApp(fx, baseURL!)]);
		await Promise.all([onboard(alice.page, 'Alice'), fox.onboard(fx, 'Fox')]);
		await expect.poll(() => fox.readConnection(fx)).toBe('Online');
		const aliceContact = await readOwnContact(alice.page);
		const foxContact = await fox.readOwnContact(fx);
		await fox.addContact(fx, aliceContact.id);
		await addContact(alice.page, foxContact.link);
		await expect.poll(() => fox.readThreadHeading(fx, 'Alice')).toBe('Alice');
		await expect(threadHeading(alice.page, 'Fox')).toBeVisible();
		await expect(ui(alice.page).presence).toHaveText('online');
		await expect.poll(() => fox.readPresence(fx)).toBe('online');
	});

	await test.step('Chromium → Firefox: the image shows whole and both save byte for byte', async () => {
		const photo = await makePng(alice.page, 1200, 800);
		const data = noise(3 * 1024 * 1024, 31);
		await attach(alice.page, [
			{ name: 'lighthouse.png', mimeType: 'image/png', buffer: photo },
			{ name: 'logbook.bin', mimeType: 'application/octet-stream', buffer: data }
		]);
		await sendTray(alice.page);
		await expect.poll(() => fox.readFileCard(fx, 'logbook.bin'), { timeout: 90_000 }).toEqual({ save: true, pictureWidth: 0 });
		await expect.poll(() => fox.readFileCard(fx, 'lighthouse.png'), { timeout: 60_000 }).toEqual({ save: true, pictureWidth: 1200 });
		expect(await fox.savedDigest(fx, 'logbook.bin')).toEqual({ sha256: sha256(data), size: data.length });
		expect(await fox.savedDigest(fx, 'lighthouse.png')).toEqual({ sha256: sha256(photo), size: photo.length });
		// Firefox wrote the received pieces into the Origin Private File System from a worker (db/piece-files.ts).
		expect(await fx.evaluate(PIECE_FILES)).toBe(2);
		await mkdir(SCREENS, { recursive: true });
		await fx.screenshot({ path: `${SCREENS}firefox-files-received.png` });
		await fox.auditFirefox(fx, 'firefox-files-received', findings);
	});

	await test.step('Firefox → Chromium: the image shows whole and both save byte for byte', async () => {
		const photo = await makePng(alice.page, 900, 600);
		const data = noise(3 * 1024 * 1024, 32);
		await fox.attachFiles(
			fx,
			await onDisk([
				{ name: 'harbour-fox.png', mimeType: 'image/png', buffer: photo },
				{ name: 'chart.bin', mimeType: 'application/octet-stream', buffer: data }
			])
		);
		await fox.sendTray(fx);
		const chart = fileBubble(alice.page, 'chart.bin').getByRole('button', { name: 'Save chart.bin' });
		await expect(chart).toBeVisible({ timeout: 90_000 });
		expect((await download(alice.page, chart)).bytes.equals(data)).toBe(true);
		const picture = fileBubble(alice.page, 'harbour-fox.png').getByRole('button', { name: 'Open image harbour-fox.png' }).locator('img');
		await expect.poll(() => picture.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), { timeout: 60_000 }).toBe(900);
		const saved = await download(alice.page, fileBubble(alice.page, 'harbour-fox.png').getByRole('button', { name: 'Save harbour-fox.png' }));
		expect(saved.bytes.equals(photo)).toBe(true);
		expect(await alice.page.evaluate(PIECE_FILES)).toBe(2);
		// Firefox's own cards: its sent files end with nothing in flight.
		await expect.poll(() => fox.readFileCard(fx, 'chart.bin')).toEqual({ save: true, pictureWidth: 0 });
		await screenshot(alice.page, 'firefox-files-chromium');
		await audit(alice.page, 'firefox-files-chromium', findings);
		await fx.screenshot({ path: `${SCREENS}firefox-files-sent.png` });
	});

	expect(findings, report(findings)).toEqual([]);
});
