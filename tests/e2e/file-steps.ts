import type { BrowserContext, Locator, Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from './fixtures';
import { escapeRegExp, ui } from './parley-ui';

// Steps of the files spec (issue 12): attach through the composer's file input, find a file's
// bubble, save what the card offers and read the saved bytes back.

export interface TestFile {
	name: string;
	mimeType: string;
	buffer: Buffer;
}

/** Playwright takes files given as buffers only up to 50 MB; larger ones go through a file on disk. */
const MAX_BUFFER_BYTES = 32 * 1024 * 1024;
/** Files on disk stay until the worker exits: the browser reads a picked file when it is used, not when picked. */
let diskDir: string | null = null;

/** Writes files to a folder of their own on disk and returns their paths (named as the files). */
export async function onDisk(files: TestFile[]): Promise<string[]> {
	if (diskDir === null) {
		const dir = (diskDir = await mkdtemp(join(tmpdir(), 'parley-files-')));
		process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
	}
	const dir = await mkdtemp(join(diskDir, 'set-'));
	const paths = files.map((file) => join(dir, file.name));
	await Promise.all(files.map((file, i) => writeFile(paths[i]!, file.buffer)));
	return paths;
}

/** Puts files on the composer's tray through its (visually hidden) file input. */
export async function attach(page: Page, files: TestFile[]): Promise<void> {
	const input = page.getByLabel('Files to attach');
	// On disk, the type comes from the name's extension, as when a user picks a file.
	if (files.every((file) => file.buffer.length <= MAX_BUFFER_BYTES)) await input.setInputFiles(files);
	else await input.setInputFiles(await onDisk(files));
	for (const file of files) await expect(trayChip(page, file.name)).toBeVisible();
}

/** A chip on the tray: its accessible name is "<file name>, <size>". */
export function trayChip(page: Page, name: string | RegExp): Locator {
	const pattern = typeof name === 'string' ? new RegExp(`^${escapeRegExp(name)}, `) : name;
	return page.getByRole('list', { name: 'Files to send' }).getByRole('listitem', { name: pattern });
}

/** Sends what is on the tray, with `caption` typed in the composer (which is the caption field then). */
export async function sendTray(page: Page, caption = ''): Promise<void> {
	const field = ui(page).composer;
	if (caption !== '') await field.fill(caption);
	await field.press('Enter');
	await expect(page.getByRole('list', { name: 'Files to send' })).toHaveCount(0);
}

/** The bubble of the file named `name` (its card shows the name). */
export function fileBubble(page: Page, name: string): Locator {
	return ui(page).bubbles.filter({ has: page.getByText(name, { exact: true }) });
}

/** Clicks the card's Save (or another control that downloads) and returns the saved bytes and name. */
export async function download(page: Page, control: Locator): Promise<{ name: string; bytes: Buffer }> {
	const [saved] = await Promise.all([page.waitForEvent('download'), control.click()]);
	const path = await saved.path();
	return { name: saved.suggestedFilename(), bytes: await readFile(path) };
}

/** A PNG drawn in the page (a gradient: it compresses like a photo would not, but decodes anywhere). */
export async function makePng(page: Page, width: number, height: number): Promise<Buffer> {
	const base64 = await page.evaluate(
		async ([w, h]) => {
			const canvas = new OffscreenCanvas(w, h);
			const context = canvas.getContext('2d');
			if (!context) throw new Error('no 2d context');
			const gradient = context.createLinearGradient(0, 0, w, h);
			gradient.addColorStop(0, '#0f766e');
			gradient.addColorStop(1, '#f59e0b');
			context.fillStyle = gradient;
			context.fillRect(0, 0, w, h);
			for (let i = 0; i < 200; i++) {
				context.fillStyle = `hsl(${(i * 37) % 360} 70% 50%)`;
				context.fillRect((i * 97) % w, (i * 53) % h, 30, 30);
			}
			const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
			let text = '';
			for (const byte of bytes) text += String.fromCharCode(byte);
			return btoa(text);
		},
		[width, height] as const
	);
	return Buffer.from(base64, 'base64');
}

/** Bytes that do not compress and repeat nowhere, so a wrong or missing chunk changes the result. */
export function noise(size: number, seed = 1): Buffer {
	const bytes = Buffer.alloc(size);
	let state = seed >>> 0 || 1;
	for (let i = 0; i < size; i++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		bytes[i] = state & 0xff;
	}
	return bytes;
}

/** Records, in the page, the highest progress any progress bar showed (a fast transfer may show it briefly). */
export async function recordProgress(page: Page): Promise<() => Promise<number[]>> {
	await page.evaluate(() => {
		const seen: number[] = [];
		(window as unknown as { progressSeen: number[] }).progressSeen = seen;
		new MutationObserver(() => {
			for (const bar of document.querySelectorAll('[role="progressbar"]')) seen.push(Number(bar.getAttribute('aria-valuenow')));
		}).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
	});
	return () => page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
}

/** In the page: records the natural width of every picture a card loads, by image name, in load order. */
function recordPicturesInPage(): void {
	const seen: Record<string, number[]> = {};
	(window as unknown as { picturesSeen: Record<string, number[]> }).picturesSeen = seen;
	document.addEventListener(
		'load',
		(event) => {
			const img = event.target;
			if (!(img instanceof HTMLImageElement)) return;
			const name = img.closest('button[aria-label^="Open image "]')?.getAttribute('aria-label')?.slice('Open image '.length);
			if (name !== undefined) (seen[name] ??= []).push(img.naturalWidth);
		},
		true
	);
}

/**
 * Records the pictures cards load (preview, then the whole image) from now on in `page`, or in
 * every page the context opens next; the returned function reads one image's widths.
 */
export async function recordPictures(target: Page | BrowserContext): Promise<(page: Page, name: string) => Promise<number[]>> {
	if ('addInitScript' in target && !('goto' in target)) await target.addInitScript(recordPicturesInPage);
	else await (target as Page).evaluate(recordPicturesInPage);
	return (page, name) => page.evaluate((wanted) => (window as unknown as { picturesSeen?: Record<string, number[]> }).picturesSeen?.[wanted] ?? [], name);
}
