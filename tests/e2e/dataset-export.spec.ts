import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { connectAliceAndBob, openAliceAndBob, send, threadText } from './chat-steps';
import { attach, download, sendTray } from './file-steps';
import { audit, report, type Finding } from './axe-audit';
import { conversationButton } from './parley-ui';
import { enableTestHooks, waitForHooks } from './parley-hooks';
import { parseDatasetLine } from '../../src/lib/anonymize/dataset-schema';

// Issue 14: Alice agreed to research datasets, Bob did not. Alice's export holds her text,
// scrubbed, and nothing of Bob's; no peer id, name or key anywhere; every line valid.

const SCREENS = 'docs/screenshots';

async function docsScreenshot(page: Page, name: string): Promise<void> {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
		await page.screenshot({ path: `${SCREENS}/${name}-${scheme}.png` });
	}
	await page.emulateMedia({ colorScheme: null, reducedMotion: null });
}

async function openResearch(page: Page) {
	await page.getByRole('button', { name: 'Settings', exact: true }).click();
	const section = page.getByRole('region', { name: 'Research data' });
	await section.scrollIntoViewIfNeeded();
	return section;
}

test('dataset export: the consenting author scrubbed, the other not shared, no ids or names, every line valid', async ({ openPeer }) => {
	test.setTimeout(240_000);
	const { alice, bob } = await openAliceAndBob(openPeer);
	const { aliceId, bobId } = await connectAliceAndBob(alice, bob);
	const findings: Finding[] = [];

	await test.step('Alice agrees; Bob leaves the switch off', async () => {
		const section = await openResearch(alice.page);
		const consent = section.getByRole('switch', { name: 'Allow my messages to be included in anonymized research datasets' });
		await expect(consent).not.toBeChecked();
		await consent.click();
		await expect(consent).toBeChecked();
		await docsScreenshot(alice.page, 'dataset-01-settings');
		await alice.page.getByRole('button', { name: 'Close settings' }).click();
	});

	await test.step('they chat: text with an e-mail and a phone number, and a file', async () => {
		await conversationButton(alice.page, 'Bob').click();
		await send(alice.page, 'Hi Bob, write to alice.moreau@example.org or call +44 20 7946 0958');
		await expect(threadText(bob.page, 'alice.moreau@example.org')).toBeVisible();
		await send(bob.page, 'bobs private reply about the zebra plan');
		await expect(threadText(alice.page, 'bobs private reply about the zebra plan')).toBeVisible();
		await attach(alice.page, [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('quarterly notes\n') }]);
		await sendTray(alice.page, 'the notes from yesterday');
		await expect(threadText(bob.page, 'the notes from yesterday')).toBeVisible();
	});

	const section = await openResearch(alice.page);
	await test.step('preview: counts and the first lines as written', async () => {
		await section.getByRole('button', { name: 'Preview' }).click();
		const preview = section.getByRole('region', { name: 'Preview' });
		await expect(preview).toBeVisible({ timeout: 60_000 });
		await expect(preview.getByLabel('Conversation 1')).toContainText('[EMAIL]');
		await expect(preview.getByLabel('Conversation 1')).toContainText('[not shared]');
		await expect(preview.getByLabel('Conversation 1')).not.toContainText('zebra');
		await preview.scrollIntoViewIfNeeded();
		await docsScreenshot(alice.page, 'dataset-02-preview');
		await audit(alice.page, 'dataset-preview', findings);
	});

	await test.step("Bob's app heard Alice's consent with her profile: his preview holds her text, scrubbed", async () => {
		const bobs = await openResearch(bob.page);
		await bobs.getByRole('button', { name: 'Preview' }).click();
		const line = bobs.getByRole('region', { name: 'Preview' }).getByLabel('Conversation 1');
		await expect(line).toContainText('write to [EMAIL] or call [PHONE]', { timeout: 60_000 });
		await expect(line).toContainText('bobs private reply');
	});

	const file = await test.step('export: one JSONL file', async () => {
		const saved = await download(alice.page, section.getByRole('button', { name: 'Export', exact: true }));
		expect(saved.name).toMatch(/^parley-dataset-\d{4}-\d{2}-\d{2}\.jsonl$/);
		return saved.bytes.toString('utf8');
	});

	await test.step('the file: Alice scrubbed, nothing of Bob, no ids or names, every line valid', async () => {
		const lines = file.trim().split('\n');
		expect(lines.length).toBe(2);
		for (const line of lines) expect(parseDatasetLine(line)).toMatchObject({ ok: true });
		expect(file).toContain('[EMAIL]');
		expect(file).toContain('[PHONE]');
		expect(file).toContain('the notes from yesterday');
		expect(file).toContain('"type":"document"');
		expect(file).toContain('[not shared]');
		for (const secret of ['zebra', 'bobs private', aliceId, bobId, 'Alice', 'Bob', 'alice.moreau', 'example.org', '7946', 'notes.txt']) {
			expect(file, `the file holds ${secret}`).not.toContain(secret);
		}
		// The public key too: the identity row's bytes, as base64 and hex, are nowhere in the file.
		const keys = await alice.page.evaluate(async () => {
			const open = indexedDB.open('parley');
			const db = await new Promise<IDBDatabase>((resolve, reject) => ((open.onsuccess = () => resolve(open.result)), (open.onerror = () => reject(open.error))));
			const row = await new Promise<{ publicKey: Uint8Array } | undefined>((resolve) => {
				const request = db.transaction('identity').objectStore('identity').get('self');
				request.onsuccess = () => resolve(request.result as { publicKey: Uint8Array } | undefined);
				request.onerror = () => resolve(undefined);
			});
			db.close();
			const bytes = row ? Array.from(row.publicKey) : [];
			return { hex: bytes.map((b) => b.toString(16).padStart(2, '0')).join(''), base64: btoa(String.fromCharCode(...bytes)) };
		});
		for (const key of [keys.hex, keys.base64]) if (key) expect(file).not.toContain(key.slice(0, 16));
	});

	await test.step('progress and cancel on a long export', async () => {
		await enableTestHooks(alice.context);
		await alice.page.reload();
		await waitForHooks(alice.page);
		await alice.page.evaluate((peer) => (globalThis as unknown as { __parley: { seedHistory(p: string, n: number): Promise<unknown> } }).__parley.seedHistory(peer, 20_000), bobId);
		const research = await openResearch(alice.page);
		await research.getByRole('button', { name: 'Preview' }).click();
		const bar = research.getByRole('progressbar', { name: 'Export progress' });
		await expect(bar).toBeVisible();
		await expect(research.getByText(/[1-9]\d* of 20003 messages read/)).toBeVisible();
		await docsScreenshot(alice.page, 'dataset-03-progress');
		await screenshot(alice.page, 'dataset-progress');
		await research.getByRole('button', { name: 'Cancel export' }).click();
		await expect(research.getByRole('status')).toHaveText('Export cancelled.');
		await expect(bar).toHaveCount(0);
	});

	expect(findings, report(findings)).toEqual([]);
});
