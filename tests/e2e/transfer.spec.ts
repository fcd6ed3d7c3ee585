import type { Locator, Page } from '@playwright/test';
import { audit, report, type Finding } from './axe-audit';
import { connectAliceAndBob, openAliceAndBob, openApp, PHONE, send, threadText } from './chat-steps';
import { attach, sendTray } from './file-steps';
import { expect, test } from './fixtures';
import { enableTestHooks, waitForHooks } from './parley-hooks';
import { conversationButton, readOwnContact } from './parley-ui';
import { comparable, dumpTables, type Dump } from './table-dump';

// Issue 15, item 3: moving to a new device. The old device shows a code; the new one opens its
// link; everything arrives over WebRTC under the same id; the old device retires and never
// connects again (a contact's message after the move reaches the new device only). A link with a
// wrong secret gets nothing: the old device keeps working, the new one stays on its first screen.

const SCREENS = 'docs/screenshots';
const RETIRED = 'This identity now lives on your other device';

/** Light and dark at phone width; `show` is scrolled into view after the resize. */
async function docsScreenshot(page: Page, name: string, show?: Locator): Promise<void> {
	const size = page.viewportSize();
	await page.setViewportSize(PHONE);
	await show?.scrollIntoViewIfNeeded();
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
		await page.screenshot({ path: `${SCREENS}/${name}-${scheme}.png` });
	}
	await page.emulateMedia({ colorScheme: null, reducedMotion: null });
	if (size) await page.setViewportSize(size);
}

/** Whether any row of any table of the page's databases holds `text` (works without the app running). */
function storedAnywhere(page: Page, text: string): Promise<boolean> {
	return page.evaluate(async (needle) => {
		for (const info of await indexedDB.databases()) {
			if (!info.name) continue;
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(info.name!);
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			for (const store of Array.from(db.objectStoreNames)) {
				const rows = await new Promise<unknown[]>((resolve) => {
					const request = db.transaction(store).objectStore(store).getAll();
					request.onsuccess = () => resolve(request.result);
				});
				if (rows.some((row) => JSON.stringify(row)?.includes(needle))) return true;
			}
			db.close();
		}
		return false;
	}, text);
}

/** A contact's fields that the new device's first connection to them refreshes (it is online by now). */
function withoutLive(dump: Dump): Dump {
	const users = (dump.users ?? []).map((row) => {
		const { lastSeen: _seen, publicKey: _key, researchConsent: _consent, fileCiphers: _ciphers, ...rest } = row as Record<string, unknown>;
		return rest;
	});
	return { ...dump, users };
}

test('device transfer: same id, contacts and history on the new device; the old one retires for good', async ({ openPeer }) => {
	test.setTimeout(300_000);
	const findings: Finding[] = [];
	const { alice, bob } = await openAliceAndBob(openPeer);
	for (const peer of [alice, bob]) {
		await enableTestHooks(peer.context);
		await peer.page.reload();
	}
	await Promise.all([waitForHooks(alice.page), waitForHooks(bob.page)]);
	const { aliceId } = await connectAliceAndBob(alice, bob);
	await send(alice.page, 'before the move');
	await expect(threadText(bob.page, 'before the move')).toBeVisible();
	await attach(alice.page, [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('moving notes\n'.repeat(200)) }]);
	await sendTray(alice.page, 'the notes');
	await expect(threadText(bob.page, 'the notes')).toBeVisible();

	const section = alice.page.getByRole('region', { name: 'Transfer', exact: true });
	const openTransfer = async (): Promise<string> => {
		if (!(await section.isVisible())) await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();
		await section.scrollIntoViewIfNeeded();
		await section.getByRole('button', { name: 'Transfer to another device' }).click();
		await expect(section.getByRole('img', { name: /^Transfer code/u })).toBeVisible({ timeout: 30_000 });
		return section.getByLabel('Transfer link').inputValue();
	};

	const fresh = await openPeer('alice-new');
	await enableTestHooks(fresh.context);
	await openApp(fresh);
	const form = fresh.page.getByRole('form', { name: 'Transfer from another device' });

	await test.step('a link with the wrong secret: nothing moves, the old device keeps working', async () => {
		const link = await openTransfer();
		await audit(alice.page, 'transfer-settings', findings);
		await docsScreenshot(alice.page, 'transfer-01-code', section.getByRole('img', { name: /^Transfer code/u }));
		// The same code with another secret (its first character changed: still a canonical spelling).
		const dot = link.lastIndexOf('.');
		const wrong = `${link.slice(0, dot + 1)}${link[dot + 1] === 'A' ? 'B' : 'A'}${link.slice(dot + 2)}`;
		const databases = await fresh.page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name).sort());
		await fresh.page.getByRole('button', { name: 'Transfer from another device' }).click();
		await audit(fresh.page, 'transfer-from-device', findings);
		await form.getByLabel('Transfer link').fill(wrong);
		await form.getByRole('button', { name: 'Start transfer' }).click();
		await expect(form.getByRole('alert')).toHaveText('This link does not match the code on your other device. Make a new code there and try again.', { timeout: 60_000 });
		await docsScreenshot(fresh.page, 'transfer-02-wrong-link');
		await expect(form).toBeVisible();
		expect(await fresh.page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name).sort())).toEqual(databases);
		expect(await fresh.page.evaluate(() => localStorage.getItem('parley.activeDb'))).toBeNull();
		await expect(section.getByRole('status')).toContainText('Your identity stays on this device', { timeout: 60_000 });
		await send(bob.page, 'still here?');
		await alice.page.getByRole('button', { name: 'Close settings' }).click();
		await expect(threadText(alice.page, 'still here?')).toBeVisible({ timeout: 60_000 });
		await form.getByRole('button', { name: 'Back' }).click();
	});

	await test.step('the real link: everything moves, under the same id', async () => {
		const link = await openTransfer();
		// Opened as a link: the fragment goes straight to the transfer screen and leaves the address bar.
		await fresh.page.goto(link);
		await expect(form.getByRole('status')).toHaveText('Link from your other device received.');
		expect(fresh.page.url()).not.toContain('#transfer=');
		await docsScreenshot(fresh.page, 'transfer-03-link-opened');
		await form.getByRole('button', { name: 'Start transfer' }).click();
		await expect(alice.page.getByRole('heading', { name: RETIRED })).toBeVisible({ timeout: 120_000 });
		await waitForHooks(fresh.page, 120_000);
		await expect(conversationButton(fresh.page, 'Bob')).toBeVisible();
		expect((await readOwnContact(fresh.page)).id).toBe(aliceId);
		// The old device's database as it stopped (its network paused before the records were read),
		// but for the retirement mark written after the new device's proof.
		const old = await dumpTables(alice.page);
		expect(old.settings?.some((row) => (row as { key: string }).key === 'transfer.retiredAt')).toBe(true);
		old.settings = old.settings?.filter((row) => (row as { key: string }).key !== 'transfer.retiredAt') ?? [];
		const after = await dumpTables(fresh.page);
		expect(withoutLive(comparable(after, 0))).toEqual(withoutLive(comparable(old, 1_000_000)));
		await conversationButton(fresh.page, 'Bob').click();
		await expect(threadText(fresh.page, 'before the move')).toBeVisible();
		await expect(threadText(fresh.page, 'the notes')).toBeVisible();
		await audit(alice.page, 'transfer-retired', findings);
		await docsScreenshot(alice.page, 'transfer-04-retired');
		await docsScreenshot(fresh.page, 'transfer-05-new-device');
	});

	await test.step('the old device stays offline, also after a reload: Bob reaches the new one only', async () => {
		await alice.page.reload();
		await expect(alice.page.getByRole('heading', { name: RETIRED })).toBeVisible();
		await send(bob.page, 'after the move');
		await expect(threadText(fresh.page, 'after the move')).toBeVisible({ timeout: 90_000 });
		await send(fresh.page, 'hello from the new device');
		await expect(threadText(bob.page, 'hello from the new device')).toBeVisible({ timeout: 60_000 });
		expect(await storedAnywhere(alice.page, 'after the move')).toBe(false);
	});

	await test.step('Erase this device: the old copy goes, the first screen comes back', async () => {
		await alice.page.getByRole('button', { name: 'Erase this device' }).click();
		await alice.page.getByRole('button', { name: 'Yes, erase' }).click();
		await expect(alice.page.getByRole('heading', { name: 'Welcome to Parley' })).toBeVisible({ timeout: 30_000 });
		expect(await storedAnywhere(alice.page, 'before the move')).toBe(false);
	});

	await test.step('a reload while a transfer awaited its done asks before going online (Bob answers: keep it here)', async () => {
		// What the old device writes from its last chunk until the transfer's end is known.
		await bob.page.evaluate(() => localStorage.setItem('parley.transferInterrupted', localStorage.getItem('parley.activeDb') ?? 'parley'));
		await bob.page.reload();
		await expect(bob.page.getByRole('heading', { name: 'Did your other device finish the transfer?' })).toBeVisible({ timeout: 30_000 });
		await bob.page.getByRole('button', { name: 'Keep it here' }).click();
		await expect(bob.page.getByRole('button', { name: 'Settings', exact: true })).toBeVisible({ timeout: 30_000 });
		expect(await bob.page.evaluate(() => localStorage.getItem('parley.transferInterrupted'))).toBeNull();
	});

	expect(findings, report(findings)).toEqual([]);
});
