import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { connectAliceAndBob, openAliceAndBob, send, threadText } from './chat-steps';
import { messageAction, threadHeading, ui } from './parley-ui';

// The search UI's contract, kept here until it moves into parley-ui.ts.
function searchUi(page: Page) {
	const results = page.getByRole('region', { name: 'Search results' });
	return {
		box: page.getByRole('searchbox', { name: 'Search messages' }),
		results,
		hits: results.getByRole('button'),
		hit: (text: string | RegExp) => results.getByRole('button', { name: text })
	};
}

/** The saved index row, read straight from IndexedDB (null until the first save). */
function savedIndex(page: Page): Promise<{ count: number; version: number } | null> {
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('parley');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error ?? new Error('open failed'));
		});
		try {
			if (!db.objectStoreNames.contains('searchIndex')) return null;
			const row = await new Promise<{ count: number; version: number } | undefined>((resolve, reject) => {
				const request = db.transaction('searchIndex', 'readonly').objectStore('searchIndex').get('index');
				request.onsuccess = () => resolve(request.result as { count: number; version: number } | undefined);
				request.onerror = () => reject(request.error ?? new Error('get failed'));
			});
			return row ? { count: row.count, version: row.version } : null;
		} finally {
			db.close();
		}
	});
}

/** Edits one of the page's own messages through its bubble, as a user does. */
async function editOwn(page: Page, oldText: string, newText: string): Promise<void> {
	const view = ui(page);
	const id = await view.bubbles.filter({ hasText: oldText }).getAttribute('data-message-id');
	const mine = view.bubbles.and(page.locator(`[data-message-id="${id}"]`));
	await messageAction(mine, 'Edit');
	await mine.getByLabel('Edit message text').fill(newText);
	await mine.getByLabel('Edit message text').press('Enter');
}

const ALICE_SAYS = ['Shall we grab coffee tomorrow morning?', 'The quarterly report is ready for review'];
const BOB_SAYS = ['Coffee sounds perfect, see you at the bakery', 'Remember to bring the umbrella'];

test('search finds messages by word, prefix and typo, highlights them, opens the conversation at the hit, and follows new and edited messages', async ({ openPeer }) => {
	const { alice, bob } = await openAliceAndBob(openPeer);
	await connectAliceAndBob(alice, bob);
	const a = ui(alice.page);
	const search = searchUi(alice.page);

	await test.step('chat a few messages', async () => {
		for (let i = 0; i < ALICE_SAYS.length; i++) {
			await send(alice.page, ALICE_SAYS[i]!);
			await expect(ui(bob.page).incoming.last()).toContainText(ALICE_SAYS[i]!);
			await send(bob.page, BOB_SAYS[i]!);
			await expect(a.incoming.last()).toContainText(BOB_SAYS[i]!);
		}
	});

	await test.step('a whole word finds the message, with the word marked', async () => {
		await search.box.fill('umbrella');
		await expect(search.hits).toHaveCount(1);
		const hit = search.hit(/Remember to bring the umbrella/);
		await expect(hit).toContainText('Bob');
		await expect(hit.locator('mark')).toHaveText(['umbrella']);
		// The list of conversations gives way to the results.
		await expect(a.conversations).toBeHidden();
	});

	await test.step('a prefix finds the words it begins', async () => {
		await search.box.fill('bak');
		await expect(search.hits).toHaveCount(1);
		await expect(search.hit(/see you at the bakery/).locator('mark')).toHaveText(['bakery']);
	});

	await test.step('one typo is forgiven', async () => {
		await search.box.fill('quartely');
		await expect(search.hits).toHaveCount(1);
		await expect(search.hit(/The quarterly report is ready/).locator('mark')).toHaveText(['quarterly']);
		await screenshot(alice.page, 'search-01-typo');
	});

	await test.step('several words must all match; both directions are searched', async () => {
		await search.box.fill('coffee');
		await expect(search.hits).toHaveCount(2);
		await expect(search.hit(/You:\s*Shall we grab coffee/)).toBeVisible();
		await search.box.fill('coffee tomorrow');
		await expect(search.hits).toHaveCount(1);
		await expect(search.hit(/grab coffee tomorrow morning/).locator('mark')).toHaveText(['coffee', 'tomorrow']);
	});

	await test.step('nothing found says so; Escape clears and brings the conversations back', async () => {
		await search.box.fill('zebra');
		await expect(search.results).toContainText('No messages match “zebra”.');
		await search.box.press('Escape');
		await expect(search.box).toHaveValue('');
		await expect(search.results).toBeHidden();
		await expect(a.conversations).toBeVisible();
	});

	await test.step('the index is saved, and a reloaded app searches at once', async () => {
		await expect.poll(() => savedIndex(alice.page), { timeout: 20_000 }).toMatchObject({ count: 4 });
		await alice.page.reload();
		await expect(a.connection).toBeVisible();
		await expect(threadText(alice.page, 'Select a conversation')).toBeVisible();
		await search.box.fill('umbrela');
		await expect(search.hits).toHaveCount(1);
	});

	await test.step('clicking a hit opens its conversation at that message', async () => {
		await search.hit(/Remember to bring the umbrella/).click();
		await expect(threadHeading(alice.page, 'Bob')).toBeVisible();
		const bubble = a.bubbles.filter({ hasText: 'Remember to bring the umbrella' });
		await expect(bubble).toBeInViewport();
		await screenshot(alice.page, 'search-02-opened');
	});

	await test.step('results on screen follow a new matching message and its edit, without retyping', async () => {
		await search.box.fill('doormat');
		await expect(search.results).toContainText('No messages match “doormat”.');
		await send(bob.page, 'Found the spare keys under the doormat');
		await expect(search.hit(/spare keys under the doormat/)).toBeVisible();
		await expect(search.hit(/spare keys under the doormat/).locator('mark')).toHaveText(['doormat']);
		await editOwn(bob.page, 'spare keys under the doormat', 'Found the spare keys under the flowerpot');
		await expect(search.results).toContainText('No messages match “doormat”.');
		await expect(search.box).toHaveValue('doormat');
		await search.box.fill('flowerpot');
		await expect(search.hit(/spare keys under the flowerpot/)).toBeVisible();
	});

	await test.step('an edited message is found by its new words only', async () => {
		await editOwn(bob.page, 'Remember to bring the umbrella', 'Remember to bring the raincoat');
		await expect(a.bubbles.filter({ hasText: 'Remember to bring the raincoat' })).toBeVisible();
		await search.box.fill('raincoat');
		await expect(search.hits).toHaveCount(1);
		await expect(search.hit(/Remember to bring the raincoat/).locator('mark')).toHaveText(['raincoat']);
		await search.box.fill('umbrella');
		await expect(search.results).toContainText('No messages match “umbrella”.');
	});
});
