import type { ElementHandle, Page } from 'puppeteer-core';

// The same product-level steps as parley-ui.ts, for a page driven by puppeteer-core
// (Firefox over WebDriver BiDi). Elements are found by role and accessible name
// (`::-p-aria(name[role=...])`, exact names), like the Playwright side. Actions wait for their
// element; state is read by the `read*` functions, which the spec polls with `expect.poll`,
// so every wait is on what the page shows, never on time.

const aria = (name: string, role: string) => `::-p-aria(${name}[role="${role}"])`;

const SEL = {
	onboardingHeading: aria('Welcome to Parley', 'heading'),
	displayName: aria('Display name', 'textbox'),
	createIdentity: aria('Create my identity', 'button'),
	connection: aria('Connection status', 'status'),
	shareToggle: aria('Share my contact', 'button'),
	ownId: aria('Your id', 'textbox'),
	ownLink: aria('Your contact link', 'textbox'),
	newChat: aria('New chat', 'button'),
	contactInput: aria('Contact id or link, or @handle', 'textbox'),
	contactName: aria('Contact name (optional)', 'textbox'),
	addContact: aria('Add contact', 'button'),
	conversations: aria('Conversations', 'navigation'),
	presence: '::-p-aria(Contact presence)',
	log: aria('Messages', 'log'),
	composer: aria('Message', 'textbox'),
	searchBox: aria('Search messages', 'searchbox'),
	searchResults: aria('Search results', 'region')
};

export const DESKTOP = { width: 1280, height: 800 };

export async function openApp(page: Page, baseURL: string): Promise<void> {
	await page.setViewport(DESKTOP);
	await page.goto(new URL('/', baseURL).href);
	await page.locator(SEL.onboardingHeading).wait();
}

/** Creates the identity on a freshly opened app and waits for the main screen. */
export async function onboard(page: Page, displayName: string): Promise<void> {
	await page.locator(SEL.displayName).fill(displayName);
	await page.locator(SEL.createIdentity).click();
	await page.locator(SEL.connection).wait();
}

/** Reads "Your id" and "Your contact link", closing the share panel again. */
export async function readOwnContact(page: Page): Promise<{ id: string; link: string }> {
	await page.locator(SEL.shareToggle).click();
	const id = await page.locator(SEL.ownId).map((input) => (input as HTMLInputElement).value).wait();
	const link = await page.locator(SEL.ownLink).map((input) => (input as HTMLInputElement).value).wait();
	await page.locator(SEL.shareToggle).click();
	await page.waitForSelector(SEL.ownId, { hidden: true });
	return { id, link };
}

/** Adds a contact through the "New chat" panel; the app then selects it. */
export async function addContact(page: Page, idOrLink: string, name?: string): Promise<void> {
	if (!(await page.$(SEL.contactInput))) await page.locator(SEL.newChat).click();
	await page.locator(SEL.contactInput).fill(idOrLink);
	if (name !== undefined) await page.locator(SEL.contactName).fill(name);
	await page.locator(SEL.addContact).click();
}

/** Types a message and sends it with Enter, then waits for the composer to clear. */
export async function send(page: Page, text: string): Promise<void> {
	await page.locator(SEL.composer).fill(text);
	await page.keyboard.press('Enter');
	await page.locator(SEL.composer).filter((input) => (input as HTMLTextAreaElement).value === '').wait();
}

/** Clicks a contact in the conversation list (its button also holds presence, time and preview). */
export async function openConversation(page: Page, name: string): Promise<void> {
	await page.locator(SEL.conversations).wait();
	const button = await buttonContaining(page, SEL.conversations, name);
	if (!button) throw new Error(`no conversation with "${name}" in the list`);
	await button.click();
}

export async function search(page: Page, query: string): Promise<void> {
	await page.locator(SEL.searchBox).fill(query);
}

/** Clicks the search hit whose text contains `text`. */
export async function openSearchHit(page: Page, text: string): Promise<void> {
	const hit = await buttonContaining(page, SEL.searchResults, text);
	if (!hit) throw new Error(`no search hit contains "${text}"`);
	await hit.click();
}

async function textOf(page: Page, selector: string): Promise<string | null> {
	const element = await page.$(selector);
	return element ? element.evaluate((node) => (node as HTMLElement).innerText.trim()) : null;
}

/** "Online", "Connecting…", ...; null before the main screen. */
export function readConnection(page: Page): Promise<string | null> {
	return textOf(page, SEL.connection);
}

/** The open conversation's contact presence ("online", "last seen …"); null with none open. */
export function readPresence(page: Page): Promise<string | null> {
	return textOf(page, SEL.presence);
}

/** The heading of the open conversation with `name` (the name, maybe with a badge), or null. */
export async function readThreadHeading(page: Page, name: string): Promise<string | null> {
	return textOf(page, `${aria(`Conversation with ${name}`, 'region')} h2`);
}

export interface Bubble {
	direction: 'in' | 'out';
	text: string;
	/** The tick's accessible name on an outgoing bubble ("Status: Sent"), null on incoming. */
	status: string | null;
}

/** The bubbles of the open thread, top to bottom, as a reader sees them. */
export async function readBubbles(page: Page): Promise<Bubble[]> {
	const log = await page.$(SEL.log);
	if (!log) return [];
	return log.evaluate((list) =>
		[...list.querySelectorAll('li[data-direction]')].map((item) => ({
			direction: item.getAttribute('data-direction') as 'in' | 'out',
			text: (item.querySelector('p') as HTMLElement | null)?.innerText.trim() ?? '',
			status: item.querySelector('[role="img"][aria-label^="Status:"]')?.getAttribute('aria-label') ?? null
		}))
	);
}

/** The search hits' texts, or null while no results region is shown. */
export async function readSearchHits(page: Page): Promise<string[] | null> {
	const results = await page.$(SEL.searchResults);
	if (!results) return null;
	return results.evaluate((region) => [...region.querySelectorAll('button')].map((hit) => (hit as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
}

/** The words the search marked in each hit. */
export async function readSearchMarks(page: Page): Promise<string[][]> {
	const results = await page.$(SEL.searchResults);
	if (!results) return [];
	return results.evaluate((region) => [...region.querySelectorAll('button')].map((hit) => [...hit.querySelectorAll('mark')].map((mark) => mark.textContent ?? '')));
}

/** The first button inside `scope` whose text contains `text` (ARIA names match only exactly). */
async function buttonContaining(page: Page, scope: string, text: string): Promise<ElementHandle | null> {
	for (const button of await page.$$(`${scope} button`)) {
		if (await button.evaluate((node, wanted) => (node as HTMLElement).innerText.includes(wanted), text)) return button;
	}
	return null;
}

/** Whether the bubble containing `text` is inside the visible part of the thread. */
export async function isBubbleInView(page: Page, text: string): Promise<boolean> {
	const log = await page.$(SEL.log);
	if (!log) return false;
	return log.evaluate((list, wanted) => {
		const item = [...list.querySelectorAll('li[data-direction]')].find((li) => (li as HTMLElement).innerText.includes(wanted));
		if (!item) return false;
		let scroller = list.parentElement;
		while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
		const box = item.getBoundingClientRect();
		const view = (scroller ?? document.documentElement).getBoundingClientRect();
		return box.bottom > view.top && box.top < view.bottom;
	}, text);
}
