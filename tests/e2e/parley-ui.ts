import type { Locator, Page } from '@playwright/test';

// The app's UI contract in one place, shared by the e2e tests and the
// benchmarks. Locator-only (no `expect`) so it also works outside the
// Playwright test runner; tests add their own assertions on top.

export const PEER_ID_PATTERN = /^p[a-z2-7]{32}$/;

/** An outgoing tick that says the recipient stored the message: "Sent", or "Read" once they read it. */
export const DELIVERED = /^Status: (Sent|Read)$/;

export function ui(page: Page) {
	const log = page.getByRole('log', { name: 'Messages' });
	const bubbles = log.getByRole('listitem');
	return {
		onboardingHeading: page.getByRole('heading', { name: 'Welcome to Parley' }),
		displayName: page.getByLabel('Display name'),
		createIdentity: page.getByRole('button', { name: 'Create my identity' }),
		connection: page.getByRole('status', { name: 'Connection status' }),
		/** Opens Settings at "Your contact" (id, link, QR code, handle). */
		shareToggle: page.getByRole('button', { name: 'Share my contact' }),
		openSettings: page.getByRole('button', { name: 'Settings', exact: true }),
		/** The settings view (in place of the thread; a screen of its own on a phone). */
		settings: page.getByRole('region', { name: 'Settings', exact: true }),
		closeSettings: page.getByRole('button', { name: 'Close settings' }),
		ownId: page.getByRole('textbox', { name: 'Your id', exact: true }),
		ownLink: page.getByRole('textbox', { name: 'Your contact link', exact: true }),
		newChat: page.getByRole('button', { name: 'New chat' }),
		contactInput: page.getByLabel('Contact id or link'),
		contactName: page.getByLabel('Contact name (optional)'),
		addContact: page.getByRole('button', { name: 'Add contact' }),
		conversations: page.getByRole('navigation', { name: 'Conversations' }),
		presence: page.getByLabel('Contact presence'),
		log,
		bubbles,
		outgoing: bubbles.and(page.locator('[data-direction="out"]')),
		incoming: bubbles.and(page.locator('[data-direction="in"]')),
		// Exact, or "Message" would also match the "Messages" log.
		composer: page.getByLabel('Message', { exact: true }),
		send: page.getByRole('button', { name: 'Send', exact: true })
	};
}

export type ParleyUi = ReturnType<typeof ui>;

/** The thread heading for a contact; level 2 per the contract. */
export function threadHeading(page: Page, name: string): Locator {
	return page.getByRole('heading', { level: 2, name, exact: true });
}

export function conversationButton(page: Page, name: string): Locator {
	return ui(page).conversations.getByRole('button', { name });
}

/** Creates the identity on a freshly opened app and waits for the main screen. */
export async function onboard(page: Page, displayName: string): Promise<void> {
	const view = ui(page);
	await view.displayName.fill(displayName);
	await view.createIdentity.click();
	await view.connection.waitFor();
}

/** Reads "Your id" and "Your contact link" from Settings, leaving Settings open or closed as it was. */
export async function readOwnContact(page: Page): Promise<{ id: string; link: string }> {
	const view = ui(page);
	const wasOpen = await view.ownId.isVisible();
	if (!wasOpen) await view.shareToggle.click();
	const id = await view.ownId.inputValue();
	const link = await view.ownLink.inputValue();
	if (!wasOpen) {
		await view.closeSettings.click();
		await view.settings.waitFor({ state: 'hidden' });
	}
	return { id, link };
}

/** Adds a contact through the "New chat" panel; the app then selects it. */
export async function addContact(page: Page, idOrLink: string, name?: string): Promise<void> {
	const view = ui(page);
	if (!(await view.contactInput.isVisible())) await view.newChat.click();
	await view.contactInput.fill(idOrLink);
	if (name !== undefined) await view.contactName.fill(name);
	await view.addContact.click();
}

/** Types a message into the composer and sends it with Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
	const { composer } = ui(page);
	await composer.fill(text);
	await composer.press('Enter');
}

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The handle form in Settings ("Your contact"); open it with `shareToggle` first. */
export function handleUi(page: Page) {
	const form = page.getByRole('form', { name: 'Your handle' });
	return {
		form,
		input: form.getByLabel('Handle', { exact: true }),
		register: form.getByRole('button', { name: 'Register handle' }),
		change: form.getByRole('button', { name: 'Change handle' }),
		release: form.getByRole('button', { name: 'Release handle' }),
		/** "Friends can find you as @<handle>". */
		findableAs: (handle: string) => form.getByText(`Friends can find you as @${handle}`, { exact: true })
	};
}

/** Message requests, blocking, and the warnings the app raises about a contact's key. */
export function trustUi(page: Page) {
	const request = page.getByRole('region', { name: 'Message request' });
	const blocked = page.getByRole('region', { name: 'Blocked contact' });
	return {
		request,
		acceptRequest: request.getByRole('button', { name: 'Accept request' }),
		ignoreRequest: request.getByRole('button', { name: 'Ignore' }),
		blockRequest: request.getByRole('button', { name: 'Block', exact: true }),
		blocked,
		unblock: blocked.getByRole('button', { name: 'Unblock' }),
		/** Reveals ignored and blocked conversations, which the list hides. */
		showHidden: page.getByRole('button', { name: /^Ignored and blocked \(\d+\)$/ }),
		/** Raised when a handshake proves the answering device does not hold the dialled id's key. */
		unverifiedWarning: page.getByRole('alert').filter({ hasText: 'Could not verify this contact' })
	};
}

/** The safety-number dialog for a contact shown as `name`. */
export function safetyNumberUi(page: Page, name: string) {
	const dialog = page.getByRole('dialog', { name: `Safety number with ${name}` });
	return {
		dialog,
		digits: dialog.getByLabel('Safety number', { exact: true }),
		qr: dialog.getByRole('img', { name: 'Safety number QR code' }),
		markVerified: dialog.getByRole('checkbox', { name: `Mark ${name} as verified` }),
		done: dialog.getByRole('button', { name: 'Done' })
	};
}

/** The thread heading of a contact, whatever badge follows the name (e.g. "Verified"). */
export function threadHeadingStartingWith(page: Page, name: string): Locator {
	return page.getByRole('heading', { level: 2, name: new RegExp(`^${escapeRegExp(name)}\\b`) });
}

/** Opens a message's actions menu (the "More actions" button on its bubble) and picks an item. */
export async function messageAction(bubble: Locator, item: 'Reply' | 'Copy text' | 'Edit' | 'Delete for me' | 'Delete for everyone'): Promise<void> {
	await bubble.hover();
	await bubble.getByRole('button', { name: /^Actions for / }).click();
	await bubble.page().getByRole('menu').getByRole('menuitem', { name: item, exact: true }).click();
}

/** Runs one of the conversation's actions (the header's menu: safety number, mute, block, delete). */
export async function threadAction(page: Page, name: string | RegExp): Promise<void> {
	await page.getByRole('button', { name: 'Conversation actions' }).click();
	await page.getByRole('menu', { name: 'Conversation actions' }).getByRole('menuitem', { name }).click();
}

/** The confirmation every block asks for. */
export function blockDialog(page: Page, name: string) {
	const dialog = page.getByRole('dialog', { name: `Block ${name}?` });
	return { dialog, confirm: dialog.getByRole('button', { name: 'Block', exact: true }), cancel: dialog.getByRole('button', { name: 'Cancel' }) };
}

/** Groups (issue 11): the "New group" panel, the group's header, details and message info. */
export function groupUi(page: Page) {
	const form = page.getByRole('form', { name: 'New group' });
	const details = page.getByRole('dialog', { name: /./ }).filter({ has: page.getByRole('heading', { name: 'Members' }) });
	const info = page.getByRole('dialog', { name: 'Message info' });
	return {
		newGroup: page.getByRole('button', { name: 'New group' }),
		form,
		name: form.getByLabel('Group name'),
		member: (name: string) => form.getByRole('checkbox', { name }),
		create: form.getByRole('button', { name: 'Create group' }),
		/** The group thread's header button that opens its details. */
		openDetails: page.getByRole('button', { name: 'Group details', exact: true }),
		details,
		members: details.getByRole('list', { name: 'Members' }).getByRole('listitem'),
		info,
		infoMembers: info.getByRole('list', { name: 'Delivery per member' }).getByRole('listitem'),
		/** The delivery line under one of our group messages ("Delivered to 2 of 3: message info"). */
		delivery: (bubble: Locator) => bubble.getByRole('button', { name: /: message info$/ }),
		/** System lines ("Alice added Dave") in the open thread. */
		systemLines: page.getByRole('log', { name: 'Messages' }).locator('li.system'),
		leaveDialog: page.getByRole('dialog', { name: /^Leave “/ })
	};
}

/** Creates a group from the sidebar's "New group" panel; the app then opens it. */
export async function createGroup(page: Page, name: string, members: readonly string[]): Promise<void> {
	const group = groupUi(page);
	await group.newGroup.click();
	await group.name.fill(name);
	for (const member of members) await group.member(member).check();
	await group.create.click();
}
