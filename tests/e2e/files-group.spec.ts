import type { Page } from '@playwright/test';
import { audit, report, type Finding } from './axe-audit';
import { openApp } from './chat-steps';
import { attach, download, fileBubble, makePng, noise, recordPictures, sendTray } from './file-steps';
import { expect, screenshot, test, type Peer } from './fixtures';
import { addContact, conversationButton, createGroup, onboard, readOwnContact, threadHeading, ui } from './parley-ui';

// Issue 12 in a group: Bob has Alice and Carol as contacts and makes the group; Alice and Carol
// know each other only as its members (not contacts). A file Alice sends reaches every member:
// Bob's device fetches it at once, Carol's only once she presses Download (PROTOCOL §13a: nobody
// outside your contacts can make your device download). A member who was away when it was sent
// gets the bytes from another member who holds them (holders are the author, then the members:
// PROTOCOL §13), after Alice left.

const NAMES = ['Alice', 'Bob', 'Carol'] as const;
type Name = (typeof NAMES)[number];
const GROUP = 'Field notes';

async function openGroup(page: Page): Promise<void> {
	await conversationButton(page, GROUP).click();
	await expect(threadHeading(page, GROUP)).toBeVisible();
}

/** The natural width of the picture a bubble shows: the preview is at most 320 px, the whole image its own width. */
function pictureWidth(page: Page, name: string): Promise<number> {
	return fileBubble(page, name)
		.getByRole('button', { name: `Open image ${name}` })
		.locator('img')
		.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
}

/**
 * A file from a member who is not the user's contact: its card waits with a Download button and
 * nothing is fetched (no progress) until it is pressed.
 */
async function downloadFromStranger(page: Page, name: string): Promise<void> {
	const card = fileBubble(page, name);
	const download = card.getByRole('button', { name: `Download ${name}` });
	await expect(download).toBeVisible({ timeout: 60_000 });
	await expect(card).toContainText('Not downloaded');
	await download.click();
}

/** Saves the file from its card and returns the saved bytes. */
async function saved(page: Page, name: string): Promise<Buffer> {
	const save = fileBubble(page, name).getByRole('button', { name: `Save ${name}` });
	await expect(save).toBeVisible({ timeout: 60_000 });
	return (await download(page, save)).bytes;
}

/**
 * The widths a card's picture loaded, in order, are the preview (≤ 320 px, from the message) and
 * then the whole image. The preview comes with the message and the whole image only after a
 * transfer, so the preview always shows first here; a card that mounts after the transfer (not
 * the case in these steps) would show the whole image alone.
 */
function previewThenWhole(widths: number[], whole: number): boolean {
	return widths.length >= 2 && widths.at(-1) === whole && widths.slice(0, -1).every((width) => width > 0 && width <= 320);
}

async function comeBack(peer: Peer): Promise<void> {
	peer.page = await peer.context.newPage();
	await peer.page.setViewportSize({ width: 1280, height: 800 });
	await peer.page.goto('/');
	await expect(ui(peer.page).connection).toHaveText('Online');
}

test('a file in a group reaches every member; a member away when it was sent gets it from another member', async ({ openPeer }) => {
	test.setTimeout(360_000);
	const peers = {} as Record<Name, Peer>;
	const findings: Finding[] = [];

	await test.step('three people onboard; Bob adds Alice and Carol and makes the group', async () => {
		for (const name of NAMES) peers[name] = await openPeer(name.toLowerCase());
		await Promise.all(NAMES.map((name) => openApp(peers[name])));
		await Promise.all(NAMES.map((name) => onboard(peers[name].page, name)));
		const links = {} as Record<Name, string>;
		for (const name of NAMES) links[name] = (await readOwnContact(peers[name].page)).link;
		for (const [from, to] of [
			['Bob', 'Alice'],
			['Bob', 'Carol']
		] as const) {
			await addContact(peers[from].page, links[to]);
			await expect(threadHeading(peers[from].page, to)).toBeVisible();
			await addContact(peers[to].page, links[from]);
			await expect(threadHeading(peers[to].page, from)).toBeVisible();
		}
		await createGroup(peers.Bob.page, GROUP, ['Alice', 'Carol']);
		await expect(threadHeading(peers.Bob.page, GROUP)).toBeVisible();
		for (const name of ['Alice', 'Carol'] as const) await openGroup(peers[name].page);
	});

	const alice = () => peers.Alice.page;
	const photo = await makePng(alice(), 1200, 800);
	const report1 = noise(3 * 1024 * 1024, 21);

	await test.step('Alice sends an image and a file: Bob, and Carol who is not her contact, see the preview, then the whole image, and save the file byte for byte', async () => {
		const pictures = { Bob: await recordPictures(peers.Bob.page), Carol: await recordPictures(peers.Carol.page) };
		await attach(alice(), [
			{ name: 'ridge.png', mimeType: 'image/png', buffer: photo },
			{ name: 'route.gpx', mimeType: 'application/gpx+xml', buffer: report1 }
		]);
		await sendTray(alice(), 'the ridge and the route');
		for (const name of ['Bob', 'Carol'] as const) {
			const page = peers[name].page;
			const image = fileBubble(page, 'ridge.png');
			await expect(image.getByRole('button', { name: 'Open image ridge.png' })).toBeVisible();
			await expect(image).toContainText('Alice');
			if (name === 'Carol') for (const file of ['ridge.png', 'route.gpx']) await downloadFromStranger(page, file);
			// The preview (≤ 320 px) shows first; the whole image replaces it once verified.
			await expect.poll(() => pictureWidth(page, 'ridge.png')).toBeGreaterThan(0);
			await expect.poll(() => pictureWidth(page, 'ridge.png'), { timeout: 60_000 }).toBe(1200);
			expect(previewThenWhole(await pictures[name](page, 'ridge.png'), 1200)).toBe(true);
			expect((await saved(page, 'ridge.png')).equals(photo)).toBe(true);
			expect((await saved(page, 'route.gpx')).equals(report1)).toBe(true);
		}
		await screenshot(peers.Carol.page, 'files-group-thread');
		await audit(peers.Carol.page, 'files-group-thread', findings);
		await audit(alice(), 'files-group-sender', findings);
	});

	const later = noise(2 * 1024 * 1024, 22);
	const sketch = await makePng(alice(), 800, 600);

	await test.step('Carol is away when Alice sends; Bob gets it; Alice leaves; Carol gets the file and image from Bob', async () => {
		await peers.Carol.page.close();
		const pictures = await recordPictures(peers.Carol.context);
		await attach(alice(), [
			{ name: 'sketch.png', mimeType: 'image/png', buffer: sketch },
			{ name: 'tides.csv', mimeType: 'text/csv', buffer: later }
		]);
		await sendTray(alice(), 'for Carol when she is back');
		expect((await saved(peers.Bob.page, 'tides.csv')).equals(later)).toBe(true);
		await expect.poll(() => pictureWidth(peers.Bob.page, 'sketch.png'), { timeout: 60_000 }).toBe(800);
		await alice().close();

		await comeBack(peers.Carol);
		const page = peers.Carol.page;
		await openGroup(page);
		// The message itself came through Bob too (Alice is gone): a group message's relay, §12d.
		await expect(fileBubble(page, 'tides.csv')).toBeVisible({ timeout: 60_000 });
		for (const file of ['sketch.png', 'tides.csv']) await downloadFromStranger(page, file);
		expect((await saved(page, 'tides.csv')).equals(later)).toBe(true);
		await expect.poll(() => pictureWidth(page, 'sketch.png'), { timeout: 60_000 }).toBe(800);
		expect(previewThenWhole(await pictures(page, 'sketch.png'), 800)).toBe(true);
		expect((await saved(page, 'sketch.png')).equals(sketch)).toBe(true);
		await screenshot(page, 'files-group-from-member');
		await audit(page, 'files-group-from-member', findings);
	});

	expect(findings, report(findings)).toEqual([]);
});
