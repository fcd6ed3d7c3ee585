import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { connectAliceAndBob, openApp, send, threadText } from './chat-steps';
import { addContact, conversationButton, onboard, threadHeading, ui } from './parley-ui';

// Headless Chromium cannot show system notifications, and here nothing flips
// document.visibilityState to 'hidden' (tried: bringing another page or tab to the front,
// Target.activateTarget, minimizing the window over CDP, focus emulation off, old headless). So
// Alice's page gets a Notification that records what the app shows, and a switch that reports
// the page as hidden and fires 'visibilitychange' as the browser would.
const NOTIFICATION_STUB = `(() => {
	const shown = [];
	let permission = 'default';
	let hidden = false;
	class RecordedNotification extends EventTarget {
		constructor(title, options = {}) {
			super();
			Object.assign(this, { title, body: options.body ?? '', tag: options.tag ?? '', closed: false });
			shown.push(this);
		}
		close() {
			if (this.closed) return;
			this.closed = true;
			this.dispatchEvent(new Event('close'));
		}
		static get permission() { return permission; }
		static async requestPermission() {
			window.__notices.asked += 1;
			permission = 'granted';
			return permission;
		}
	}
	Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
	Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
	window.Notification = RecordedNotification;
	window.__notices = {
		asked: 0,
		list: () => shown.map(({ title, body, tag, closed }) => ({ title, body, tag, closed })),
		click: (index) => shown[index].dispatchEvent(new Event('click')),
		setHidden: (value) => {
			hidden = value;
			document.dispatchEvent(new Event('visibilitychange'));
		}
	};
})();`;

interface Recorded {
	title: string;
	body: string;
	tag: string;
	closed: boolean;
}
type Notices = { asked: number; list(): Recorded[]; click(index: number): void; setHidden(hidden: boolean): void };
const notices = (page: Page) => page.evaluate(() => (globalThis as unknown as { __notices: Notices }).__notices.list());
const asked = (page: Page) => page.evaluate(() => (globalThis as unknown as { __notices: Notices }).__notices.asked);
const setHidden = (page: Page, hidden: boolean) => page.evaluate((value) => (globalThis as unknown as { __notices: Notices }).__notices.setHidden(value), hidden);
const click = (page: Page, index: number) => page.evaluate((i) => (globalThis as unknown as { __notices: Notices }).__notices.click(i), index);

/** A well-formed id nobody holds: a second conversation for Alice to have open. */
const NOBODY = `p${'a'.repeat(32)}`;

test('notifications: asked after the first send, shown while hidden with the unread count in the title, a click opens the chat, text only when chosen, and a muted chat stays silent', async ({
	openPeer
}) => {
	test.setTimeout(180_000);
	const alice = await openPeer('alice');
	await alice.context.grantPermissions(['notifications']);
	await alice.context.addInitScript({ content: NOTIFICATION_STUB });
	const bob = await openPeer('bob');
	await Promise.all([openApp(alice), openApp(bob)]);
	await Promise.all([onboard(alice.page, 'Alice'), onboard(bob.page, 'Bob')]);
	await connectAliceAndBob(alice, bob);
	const aliceUi = ui(alice.page);

	// Never on load: the first message sent is the moment to ask, and only once.
	expect(await asked(alice.page)).toBe(0);
	await send(alice.page, 'hello Bob');
	await expect.poll(() => asked(alice.page)).toBe(1);
	await send(alice.page, 'still there?');

	// Muted from the thread's menu: marked in the list, left out of the title, and silent. A
	// notice is shown in the task that stores the message, before the list shows it.
	await alice.page.getByRole('button', { name: 'Conversation actions' }).click();
	await alice.page.getByRole('menuitem', { name: 'Mute notifications' }).click();
	await expect(conversationButton(alice.page, 'Bob')).toContainText('muted');
	await addContact(alice.page, NOBODY, 'Nobody');
	await expect(threadHeading(alice.page, 'Nobody')).toBeVisible();
	await setHidden(alice.page, true);
	await send(bob.page, 'are you ignoring me');
	await expect(conversationButton(alice.page, 'Bob')).toContainText('are you ignoring me');
	await expect(conversationButton(alice.page, 'Bob')).toContainText(/1\s*unread/);
	expect(await notices(alice.page)).toEqual([]);
	await expect(alice.page).toHaveTitle('Parley');

	// Unmuted, while Alice looks at another conversation and then leaves the tab.
	await setHidden(alice.page, false);
	await conversationButton(alice.page, 'Bob').click();
	await alice.page.getByRole('button', { name: 'Conversation actions' }).click();
	await alice.page.getByRole('menuitem', { name: 'Unmute notifications' }).click();
	await expect(conversationButton(alice.page, 'Bob')).not.toContainText('muted');
	await conversationButton(alice.page, 'Nobody').click();
	await expect(threadHeading(alice.page, 'Nobody')).toBeVisible();
	await setHidden(alice.page, true);
	await send(bob.page, 'secret plans at 8');
	await expect.poll(() => notices(alice.page)).toEqual([{ title: 'Bob', body: 'New message', tag: expect.any(String), closed: false }]);
	await expect(alice.page).toHaveTitle('(1) Parley');

	// A click brings the tab back and opens the conversation, which is then read.
	await setHidden(alice.page, false);
	await click(alice.page, 0);
	await expect(threadHeading(alice.page, 'Bob')).toBeVisible();
	await expect(threadText(alice.page, 'secret plans at 8')).toBeVisible();
	await expect(alice.page).toHaveTitle('Parley');
	await expect.poll(async () => (await notices(alice.page))[0]?.closed).toBe(true);

	// The text appears only once Alice chooses so in the settings.
	await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();
	const showText = alice.page.getByRole('checkbox', { name: 'Show message text' });
	await expect(showText).not.toBeChecked();
	await showText.check();
	await alice.page.getByRole('button', { name: 'Close settings' }).click();
	await setHidden(alice.page, true);
	await send(bob.page, 'see you there');
	await expect.poll(async () => (await notices(alice.page)).map((notice) => notice.body)).toEqual(['New message', 'see you there']);
	await expect(alice.page).toHaveTitle('(1) Parley');

	// Mute is kept on the contact's row: still there after a reload.
	await setHidden(alice.page, false);
	await alice.page.getByRole('button', { name: 'Conversation actions' }).click();
	await alice.page.getByRole('menuitem', { name: 'Mute notifications' }).click();
	await expect(conversationButton(alice.page, 'Bob')).toContainText('muted');
	await alice.page.reload();
	await expect(aliceUi.connection).toBeVisible();
	await expect(conversationButton(alice.page, 'Bob')).toContainText('muted');
});
