import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import type { Peer } from './fixtures';
import { PHONE, openApp, send, threadText } from './chat-steps';
import { enableTestHooks, waitForHooks } from './parley-hooks';
import { addContact, conversationButton, onboard, readOwnContact, threadHeading, trustUi, ui } from './parley-ui';

// What stored or linked data from a hostile peer must not do to the UI (issue 8): break the
// thread, pass a stranger off as a contact, undo a block, or stay out of the user's reach.
// Rows are written straight into IndexedDB, as an attacker's frames once were (or as an older
// version stored them); the protocol-level refusals are tested elsewhere.

const BOB = `p${'b'.repeat(32)}`;
const MALLORY = `p${'m'.repeat(32)}`;
const CAROL = `p${'c'.repeat(32)}`;

type Rows = Partial<Record<'users' | 'sender' | 'receiver' | 'editHistory', Record<string, unknown>[]>>;

/** Puts rows into the app's database behind its back, then reloads so the app reads them fresh. */
async function seed(page: Page, rows: Rows): Promise<void> {
	await page.evaluate(async (rows) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('parley');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const tx = db.transaction(Object.keys(rows), 'readwrite');
		for (const [table, list] of Object.entries(rows)) for (const row of list ?? []) tx.objectStore(table).put(row);
		await new Promise((resolve, reject) => {
			tx.oncomplete = resolve;
			tx.onerror = () => reject(tx.error);
		});
		db.close();
	}, rows);
	await page.reload();
	await ui(page).connection.waitFor();
}

function count(page: Page, table: string, field: string, value: string): Promise<number> {
	return page.evaluate(
		async ({ table, field, value }) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open('parley');
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			const all = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
				const request = db.transaction(table).objectStore(table).getAll();
				request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
				request.onerror = () => reject(request.error);
			});
			db.close();
			return all.filter((row) => row[field] === value).length;
		},
		{ table, field, value }
	);
}

/** Bidi override, bell, zero-width space: what the hostile names below carry. */
function hasHiddenCharacters(text: string | null): boolean {
	return ['\u202E', '\u0007', '\u200B'].some((char) => text?.includes(char));
}

function person(peerId: string, name: string, state: string, extra: Record<string, unknown> = {}) {
	return { peerId, name, state, addedAt: Date.now() - 60_000, lastActivity: Date.now() - 1000, ...extra };
}

function received(peer: string, id: string, text: string, time: number) {
	return { id, conversationId: peer, peerId: peer, seq: time, text, authoredAt: time, time, unread: 0 };
}

async function alice(openPeer: (name: string) => Promise<Peer>): Promise<Page> {
	const peer = await openPeer('alice');
	await openApp(peer);
	await onboard(peer.page, 'Alice');
	return peer.page;
}

async function showHidden(page: Page): Promise<void> {
	await trustUi(page).showHidden.click();
}

async function bothThemes(page: Page, name: string): Promise<void> {
	await screenshot(page, `${name}-light`);
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
	await screenshot(page, `${name}-dark`);
	await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
	await page.emulateMedia({ colorScheme: 'light' });
}

test('a message id stored both ways does not break the thread, across reloads', async ({ openPeer }) => {
	const page = await alice(openPeer);
	const now = Date.now();
	await seed(page, {
		users: [person(BOB, 'Bob', 'contact')],
		sender: [{ id: 'echoed-id', conversationId: BOB, peerId: BOB, seq: 1, text: 'My original message', time: now - 5000, status: 'sent' }],
		receiver: [received(BOB, 'echoed-id', 'Their copy with my id', now - 4000)]
	});
	await conversationButton(page, 'Bob').click();
	await expect(threadText(page, 'My original message')).toBeVisible();
	await expect(threadText(page, 'Their copy with my id')).toBeVisible();
	await page.reload();
	await conversationButton(page, 'Bob').click();
	await expect(ui(page).bubbles).toHaveCount(2);
	await expect(page.getByText('Loading messages…')).toHaveCount(0);
});

test("a stranger's hostile name is cleaned, marked as not a contact, and flagged when it imitates one", async ({ openPeer }) => {
	const page = await alice(openPeer);
	// U+202E would reverse what follows; the Cyrillic о makes "Bоb" look like "Bob".
	await seed(page, {
		users: [person(BOB, 'Bob', 'contact'), person(MALLORY, '\u202EB\u043Eb\u0007\u200B', 'request', { preview: { text: 'hi, new number', outgoing: false } })],
		receiver: [received(MALLORY, 'm-1', 'hi, new number', Date.now() - 1000)]
	});
	const request = conversationButton(page, 'mmmm…mmmm');
	await expect(request).toContainText('B\u043Eb');
	expect(hasHiddenCharacters(await request.textContent())).toBe(false);
	await request.click();
	await expect(threadHeading(page, 'B\u043Eb')).toBeVisible();
	await expect(page.getByText('Not in your contacts · mmmm…mmmm')).toBeVisible();
	await expect(trustUi(page).request).toContainText('looks like your contact Bob');
	await bothThemes(page, 'hostile-ui-lookalike-request');
	await page.setViewportSize(PHONE);
	await bothThemes(page, 'hostile-ui-lookalike-request-phone');
});

test('a profile frame with a hostile name from a real stranger is cleaned before it is stored', async ({ openPeer }) => {
	const page = await alice(openPeer);
	await seed(page, { users: [person(BOB, 'Bob', 'contact')] });
	const mallory = await openPeer('mallory');
	await enableTestHooks(mallory.context);
	await openApp(mallory);
	await onboard(mallory.page, 'Mallory');
	await waitForHooks(mallory.page);
	const aliceId = (await readOwnContact(page)).id;
	const malloryId = (await readOwnContact(mallory.page)).id;
	await addContact(mallory.page, aliceId);
	await send(mallory.page, 'hi, it is me, new number');
	await expect(conversationButton(page, 'Mallory')).toContainText('Message request');
	const sent = await mallory.page.evaluate(
		(peer) => (globalThis as unknown as { __parley: { sendFrame(peer: string, frame: unknown): boolean } }).__parley.sendFrame(peer, { t: 'profile', name: '\u202EB\u043Eb\u0007\u200B' }),
		aliceId
	);
	expect(sent).toBe(true);
	const shortId = `${malloryId.slice(1, 5)}…${malloryId.slice(-4)}`;
	const request = conversationButton(page, shortId);
	await expect(request).toContainText('B\u043Eb');
	expect(hasHiddenCharacters(await request.textContent())).toBe(false);
	await request.click();
	await expect(threadHeading(page, 'B\u043Eb')).toBeVisible();
	await expect(trustUi(page).request).toContainText('looks like your contact Bob');
	expect(await count(page, 'users', 'name', 'B\u043Eb')).toBe(1);
});

test('a contact link never unblocks: the dialog says so and Unblock is explicit', async ({ openPeer }) => {
	const page = await alice(openPeer);
	await seed(page, { users: [person(BOB, 'Bob', 'blocked', { blockWindows: [{ from: 1, to: Number.MAX_SAFE_INTEGER }] })] });
	await page.goto(`/#add=${BOB}&name=Your%20bank`);
	const dialog = page.getByRole('dialog', { name: 'You blocked this person' });
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('Bob');
	await bothThemes(page, 'hostile-ui-invite-blocked');
	await dialog.getByRole('button', { name: 'Keep blocked' }).click();
	await expect(dialog).toBeHidden();
	await showHidden(page);
	await conversationButton(page, 'Bob').click();
	await expect(trustUi(page).blocked).toBeVisible();

	await page.goto(`/#add=${BOB}&name=Your%20bank`);
	await page.getByRole('dialog', { name: 'You blocked this person' }).getByRole('button', { name: 'Unblock' }).click();
	await expect(trustUi(page).blocked).toBeHidden();
	await expect(threadHeading(page, 'Bob')).toBeVisible();
});

test("a link's name is only a suggestion, shown as unconfirmed", async ({ openPeer }) => {
	const page = await alice(openPeer);
	await page.goto(`/#add=${CAROL}&name=%E2%80%AECarol%00`);
	const dialog = page.getByRole('dialog', { name: 'Add Carol?' });
	await expect(dialog).toContainText('anyone can write any name');
	await dialog.getByRole('button', { name: 'Add contact' }).click();
	await expect(threadHeading(page, 'Carol')).toBeVisible();
	await expect(page.getByText('Name from a link, unconfirmed')).toBeVisible();
});

test('everything a blocked peer left can be seen and deleted, and the block stays', async ({ openPeer }) => {
	const page = await alice(openPeer);
	const now = Date.now();
	await seed(page, {
		users: [person(MALLORY, 'Mallory', 'blocked', { preview: { text: 'spam 2', outgoing: false } }), person(BOB, 'Bob', 'contact')],
		receiver: [received(MALLORY, 'm-1', 'spam 1', now - 3000), received(MALLORY, 'm-2', 'spam 2', now - 2000), received(BOB, 'b-1', 'hello from Bob', now - 1000)],
		editHistory: [{ id: 'orphan-edit', target: 'no-such-message', author: MALLORY, version: 1, text: 'junk', time: now }]
	});
	await showHidden(page);
	await conversationButton(page, 'Mallory').click();
	await expect(threadText(page, 'spam 1')).toBeVisible();
	await trustUi(page).blocked.getByRole('button', { name: 'Delete conversation' }).click();
	const confirm = page.getByRole('dialog', { name: 'Delete conversation with Mallory?' });
	await expect(confirm).toContainText('Mallory stays blocked.');
	await bothThemes(page, 'hostile-ui-delete-dialog');
	await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
	await expect(confirm).toBeHidden();
	await expect(threadText(page, 'No messages yet')).toBeVisible();
	await expect(trustUi(page).blocked).toBeVisible();
	expect(await count(page, 'receiver', 'peerId', MALLORY)).toBe(0);
	expect(await count(page, 'editHistory', 'author', MALLORY)).toBe(0);
	expect(await count(page, 'receiver', 'peerId', BOB)).toBe(1);

	// Any conversation, from the header's menu.
	await conversationButton(page, 'Bob').click();
	await page.getByRole('button', { name: 'Conversation actions' }).click();
	await page.getByRole('menuitem', { name: 'Delete conversation' }).click();
	await page.getByRole('dialog', { name: 'Delete conversation with Bob?' }).getByRole('button', { name: 'Delete', exact: true }).click();
	await expect(threadText(page, 'No messages yet')).toBeVisible();
	await expect(conversationButton(page, 'Bob')).toBeVisible();
	expect(await count(page, 'users', 'state', 'blocked')).toBe(1);
	await page.setViewportSize(PHONE);
	await page.getByRole('button', { name: 'Conversation actions' }).click();
	await bothThemes(page, 'hostile-ui-thread-menu-phone');
});

test('who can reach me is a setting that survives a reload', async ({ openPeer }) => {
	const page = await alice(openPeer);
	await ui(page).openSettings.click();
	const settings = ui(page).settings;
	const group = settings.getByRole('group', { name: 'Who can reach me' });
	await expect(group.getByRole('radio', { name: 'Anyone (as message requests)' })).toBeChecked();
	await expect(settings).toContainText('TURN relay');
	// The test server has no relay; the dialog says what that means.
	await expect(settings).toContainText('This server has no TURN relay: anyone your device connects to can see your IP address.');
	await group.getByRole('radio', { name: 'My contacts only' }).check();
	await group.evaluate((element) => element.scrollIntoView({ block: 'center' }));
	await bothThemes(page, 'hostile-ui-settings');
	await ui(page).closeSettings.click();
	await page.reload();
	await ui(page).connection.waitFor();
	await ui(page).openSettings.click();
	await expect(page.getByRole('radio', { name: 'My contacts only' })).toBeChecked();
});

/** The identity row of one browser profile, copied into another: the same person on two devices. */
async function copyIdentity(from: Page, to: Page): Promise<void> {
	const row = await from.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('parley');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const self = await new Promise<Record<string, unknown>>((resolve, reject) => {
			const request = db.transaction('identity').objectStore('identity').get('self');
			request.onsuccess = () => resolve(request.result as Record<string, unknown>);
			request.onerror = () => reject(request.error);
		});
		db.close();
		return { ...self, publicKey: [...(self.publicKey as Uint8Array)], secretKey: [...(self.secretKey as Uint8Array)] };
	});
	await to.evaluate(async (row) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('parley');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const tx = db.transaction('identity', 'readwrite');
		tx.objectStore('identity').put({ ...row, publicKey: new Uint8Array(row.publicKey), secretKey: new Uint8Array(row.secretKey) });
		await new Promise((resolve, reject) => {
			tx.oncomplete = resolve;
			tx.onerror = () => reject(tx.error);
		});
		db.close();
	}, row);
}

test('a second tab in the same browser waits for the network instead of displacing the first', async ({ openPeer }) => {
	const first = await openPeer('alice');
	await openApp(first);
	await onboard(first.page, 'Alice');
	await expect(ui(first.page).connection).toContainText(/online/i);
	const second = await first.context.newPage();
	await second.goto('/');
	await expect(ui(second).connection).toContainText('In another tab');
	await expect(ui(first.page).connection).toContainText(/online/i);
	await expect(first.page.getByRole('alert').filter({ hasText: 'Parley is open somewhere else' })).toBeHidden();
});

test('a tab displaced by the same identity elsewhere says so and can take over', async ({ openPeer }) => {
	const first = await openPeer('alice');
	await openApp(first);
	await onboard(first.page, 'Alice');
	await expect(ui(first.page).connection).toContainText(/online/i);
	// Another browser profile with the same keys (another device): only the server can tell.
	const elsewhere = await openPeer('alice-elsewhere');
	await openApp(elsewhere);
	await copyIdentity(first.page, elsewhere.page);
	const second = elsewhere.page;
	await second.reload();
	await expect(ui(second).connection).toContainText(/online/i);
	const banner = first.page.getByRole('alert').filter({ hasText: 'Parley is open somewhere else' });
	await expect(banner).toBeVisible();
	await bothThemes(first.page, 'hostile-ui-displaced');
	await banner.getByRole('button', { name: 'Use Parley here' }).click();
	await expect(banner).toBeHidden();
	await expect(ui(first.page).connection).toContainText(/online/i);
	await expect(second.getByRole('alert').filter({ hasText: 'Parley is open somewhere else' })).toBeVisible();
	// Coming back to the displaced tab must not silently take the identity back (and so on, back
	// and forth). Nothing to wait for when nothing happens: give a reconnect time to show.
	await second.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
	await second.waitForTimeout(2000);
	await expect(banner).toBeHidden();
	await expect(ui(first.page).connection).toContainText(/online/i);
});

test('what people with no conversation left can be seen and deleted in Settings', async ({ openPeer }) => {
	const page = await alice(openPeer);
	await seed(page, {
		receiver: [received(MALLORY, 'stray-1', 'junk from nowhere', Date.now() - 1000)],
		editHistory: [{ id: 'stray-edit', target: 'no-such-message', author: MALLORY, version: 1, text: 'junk', time: Date.now() }]
	});
	await ui(page).openSettings.click();
	const stray = page.getByRole('region', { name: 'Left by people not in your list' });
	await expect(stray).toContainText('mmmm…mmmm: 1 message, 1 edit');
	await stray.evaluate((element) => element.scrollIntoView({ block: 'center' }));
	await bothThemes(page, 'hostile-ui-stray-data');
	await stray.getByRole('button', { name: 'Delete all of it' }).click();
	await expect(stray).toBeHidden();
	expect(await count(page, 'receiver', 'peerId', MALLORY)).toBe(0);
	expect(await count(page, 'editHistory', 'author', MALLORY)).toBe(0);
});
