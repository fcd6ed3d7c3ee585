import type { Page } from '@playwright/test';
import { audit, report, type Finding } from './axe-audit';
import { PHONE, connectAliceAndBob, openAliceAndBob } from './chat-steps';
import { fileBubble, makePng } from './file-steps';
import { expect, screenshot, test } from './fixtures';
import { conversationButton, ui } from './parley-ui';

// Issue 12: every state of a file card, the inline image and the viewer, from rows written
// straight into Bob's IndexedDB (as the messenger stores them: a message of kind 'file' and its
// `files` row). Needs no transfer, so it runs on every branch; files.spec.ts covers transfers.

/** Writes Alice's file messages into Bob's database: one per card state. */
async function storeFileMessages(page: Page, aliceId: string, png: Buffer): Promise<void> {
	await page.evaluate(
		async ({ alice, png }) => {
			const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
			const canvas = new OffscreenCanvas(320, 213);
			canvas.getContext('2d')?.drawImage(await createImageBitmap(new Blob([bytes])), 0, 0, 320, 213);
			const thumb = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/webp', quality: 0.6 })).arrayBuffer());
			const db: IDBDatabase = await new Promise((resolve, reject) => {
				const request = indexedDB.open('parley');
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error ?? new Error('open failed'));
			});
			const tx = db.transaction(['receiver', 'sender', 'files', 'fileChunks'], 'readwrite');
			const now = Date.now();
			const CHUNK = 65_536;
			let seq = 1000;
			const file = (id: string, row: Record<string, unknown>, text = '', direction: 'in' | 'out' = 'in') => {
				const time = now + seq;
				const message = { id, conversationId: alice, peerId: alice, seq: seq++, text, kind: 'file', time };
				if (direction === 'in') tx.objectStore('receiver').put({ ...message, authoredAt: time, unread: 0 });
				else tx.objectStore('sender').put({ ...message, status: 'sent' });
				tx.objectStore('files').put({ messageId: id, conversationId: alice, direction, peerId: alice, hash: `h-${id}`, key: new Uint8Array(32), chunks: 1, have: [], time, ...row });
			};
			const chunks = Math.ceil(bytes.length / CHUNK);
			for (let i = 0; i < chunks; i++) tx.objectStore('fileChunks').put({ hash: 'h-img', index: i, data: new Blob([bytes.slice(i * CHUNK, (i + 1) * CHUNK)]) });
			const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
			tx.objectStore('fileChunks').put({ hash: 'h-svg', index: 0, data: new Blob([svg]) });
			const image = { type: 'image/png', thumb, width: 1200, height: 800 };
			file('img-complete', { ...image, name: 'harbour.png', size: bytes.length, chunks, have: [[0, chunks]], hash: 'h-img', state: 'complete' }, 'The view from the pier this morning');
			file('img-waiting', { ...image, name: 'tower.png', size: 2_400_000, chunks: 37, state: 'waiting' });
			// Receiving from a holder that never connects here (a well-formed hash, so it waits, not declines).
			file('doc-receiving', { name: 'Quarterly report – final (v3).pdf', type: 'application/pdf', size: 5_242_880, chunks: 80, state: 'receiving', have: [[0, 33]], hash: 'ab'.repeat(32), peerId: `p${'q'.repeat(32)}` }, 'the numbers');
			file('zip-declined', { name: 'photos-2026.zip', type: 'application/zip', size: 6e9, chunks: 91_553, state: 'declined', problem: 'Larger than your limit of 4.3 GB' });
			file('svg-complete', { name: 'logo\u202Egpj.svg', type: 'image/svg+xml', size: svg.length, state: 'complete', have: [[0, 1]], hash: 'h-svg' });
			// A row whose hash cannot be a file's (damaged storage): declined at start, never a crash.
			file('damaged-row', { name: 'broken.bin', type: '', size: 100, chunks: 1, state: 'receiving', hash: 'not-a-hash' });
			file('cancelled', { name: 'song.mp3', type: 'audio/mpeg', size: 4e6, chunks: 62, state: 'cancelled' });
			file('removed', { name: 'clip.mp4', type: 'video/mp4', size: 4e7, chunks: 611, state: 'removed' });
			file('mine', { name: 'notes.txt', type: 'text/plain', size: 11, state: 'sending', have: [[0, 1]], blob: new Blob(['hello world'], { type: 'text/plain' }) }, 'my notes', 'out');
			await new Promise((resolve, reject) => {
				tx.oncomplete = resolve;
				tx.onerror = () => reject(tx.error ?? new Error('write failed'));
			});
			db.close();
		},
		{ alice: aliceId, png: png.toString('base64') }
	);
}

test('file cards: each state, the image at its aspect ratio, the viewer; hostile names and SVG', async ({ openPeer }) => {
	const { alice, bob } = await openAliceAndBob(openPeer);
	const { aliceId } = await connectAliceAndBob(alice, bob);
	const findings: Finding[] = [];
	await storeFileMessages(bob.page, aliceId, await makePng(bob.page, 1200, 800));
	await bob.page.reload();
	await conversationButton(bob.page, 'Alice').click();
	const page = bob.page;

	const harbour = fileBubble(page, 'harbour.png');
	await expect(harbour.getByRole('button', { name: 'Open image harbour.png' })).toBeVisible();
	await expect(harbour).toContainText('The view from the pier this morning');
	await expect(harbour.getByRole('button', { name: 'Save harbour.png' })).toBeVisible();
	// The whole image (1200 px wide, not the 320 px preview) in a box of its aspect ratio.
	const picture = harbour.getByRole('button', { name: 'Open image harbour.png' });
	await expect.poll(() => picture.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200);
	const box = await picture.boundingBox();
	expect(box && Math.abs(box.width / box.height - 1.5)).toBeLessThan(0.02);

	await expect(fileBubble(page, 'tower.png').getByRole('button', { name: 'Download tower.png' })).toBeVisible();
	await expect(fileBubble(page, 'tower.png')).toContainText('Not downloaded');
	const report3 = fileBubble(page, 'Quarterly report – final (v3).pdf');
	await expect(report3.getByRole('progressbar', { name: 'Downloading Quarterly report – final (v3).pdf' })).toHaveAttribute('aria-valuenow', '41');
	await expect(report3.getByRole('button', { name: 'Cancel Quarterly report – final (v3).pdf' })).toBeVisible();
	await expect(fileBubble(page, 'photos-2026.zip')).toContainText('Larger than your limit of 4.3 GB');
	await expect(fileBubble(page, 'broken.bin')).toContainText('The file arrived damaged');
	await expect(fileBubble(page, 'photos-2026.zip').getByRole('button', { name: 'Try again photos-2026.zip' })).toBeVisible();
	await expect(fileBubble(page, 'song.mp3')).toContainText('The sender withdrew this file');
	await expect(fileBubble(page, 'clip.mp4')).toContainText('File deleted');
	await expect(fileBubble(page, 'clip.mp4').getByRole('button', { name: /clip\.mp4/ })).toHaveCount(0);
	await expect(fileBubble(page, 'notes.txt').getByRole('button', { name: 'Save notes.txt' })).toBeVisible();
	// A name that reorders itself (U+202E) is shown without the override; an SVG is a file, never an image.
	const svg = fileBubble(page, 'logogpj.svg');
	await expect(svg.getByRole('button', { name: 'Save logogpj.svg' })).toBeVisible();
	await expect(svg.locator('img')).toHaveCount(0);
	await screenshot(page, 'file-cards');
	await audit(page, 'file-cards', findings);

	// The viewer: a modal dialog named after the image; ← → step through the chat's images; Escape
	// closes and gives the focus back to the image.
	await picture.click();
	const viewer = page.getByRole('dialog', { name: 'harbour.png' });
	await expect(viewer).toBeVisible();
	await expect(viewer.getByRole('img', { name: 'harbour.png' })).toBeVisible();
	await audit(page, 'image-viewer', findings);
	await page.keyboard.press('ArrowRight');
	await expect(page.getByRole('dialog', { name: 'tower.png' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Download tower.png' }).last()).toBeDisabled();
	await page.keyboard.press('ArrowLeft');
	await expect(viewer).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(page.getByRole('dialog')).toHaveCount(0);
	await expect(picture).toBeFocused();

	// Files per chat in the storage settings.
	await ui(page).openSettings.click();
	await expect(page.getByRole('list', { name: 'Files by chat' })).toContainText('Alice');
	await audit(page, 'storage-files', findings);
	await ui(page).closeSettings.click();

	// On a phone, the thread is the screen (settings closed back to it).
	await page.setViewportSize(PHONE);
	await expect(picture).toBeVisible();
	await audit(page, 'file-cards-phone', findings);
	expect(findings, report(findings)).toEqual([]);
});
