import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ElementHandle, EvaluateFunc, Page } from 'puppeteer-core';
import { WCAG_TAGS, type Finding } from './axe-audit';

// The same product-level steps as parley-ui.ts, for a page driven by puppeteer-core
// (Firefox over WebDriver BiDi), found the way a user finds them, like the Playwright side:
// - buttons and headings by ARIA query (`::-p-aria(name[role=...])`, exact names);
// - form fields by their <label>'s text (XPath, as getByLabel does): an ARIA query for a text
//   box computes every field's name through Firefox's accessibility tree, ~3 s each over BiDi
//   on a loaded machine, against ~50 ms for the label;
// - what the spec polls by role and name where the markup states them as ARIA attributes.
// State is read by the `read*` functions, which the spec polls with `expect.poll`: every wait is
// on what the page shows, never on time.

const aria = (name: string, role: string) => `::-p-aria(${name}[role="${role}"])`;
const named = (name: string, role?: string) => `${role ? `[role="${role}"]` : ''}[aria-label="${name}"]`;
/** The input or textarea a <label> with exactly this text names, wrapped or through `for`. */
const labelled = (text: string) => {
	const label = `//label[normalize-space(.)="${text}"]`;
	return `::-p-xpath(${label}//*[self::input or self::textarea] | //*[@id = ${label}/@for])`;
};

const SEL = {
	onboardingHeading: aria('Welcome to Parley', 'heading'),
	displayName: labelled('Display name'),
	createIdentity: aria('Create my identity', 'button'),
	connection: named('Connection status', 'status'),
	shareToggle: aria('Share my contact', 'button'),
	closeSettings: aria('Close settings', 'button'),
	ownId: labelled('Your id'),
	ownLink: labelled('Your contact link'),
	newChat: aria('New chat', 'button'),
	contactInput: labelled('Contact id or link, or @handle'),
	contactName: labelled('Contact name (optional)'),
	addContact: aria('Add contact', 'button'),
	conversations: `nav${named('Conversations')}`,
	presence: named('Contact presence'),
	log: named('Messages', 'log'),
	composer: labelled('Message'),
	searchBox: labelled('Search messages'),
	searchResults: named('Search results')
};

export const DESKTOP = { width: 1280, height: 800 };

/**
 * Waits until `read` (run in the page) returns true, asking every 100 ms. Not Puppeteer's
 * waitForFunction: it builds its predicate in the page with Function(), which Firefox ESR 140.12
 * refuses under the app's CSP (no 'unsafe-eval'); evaluate is not subject to it.
 */
async function until<A extends unknown[]>(page: Page, what: string, read: EvaluateFunc<A>, ...args: A): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (!(await page.evaluate(read, ...args))) {
		if (Date.now() > deadline) throw new Error(`Firefox: timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * Puppeteer sets a viewport with two BiDi commands at once: the viewport, and a screen
 * orientation override that Firefox ESR 140.12 does not know ("unknown command"). The viewport
 * is still set, so that error alone is let through, and the size is waited for instead.
 */
async function setDesktopViewport(page: Page): Promise<void> {
	try {
		await page.setViewport(DESKTOP);
	} catch (error) {
		if (!(error instanceof Error && error.message.includes('unknown command emulation.setScreenOrientationOverride'))) throw error;
	}
	await until(page, 'the desktop viewport', (width, height) => innerWidth === width && innerHeight === height, DESKTOP.width, DESKTOP.height);
}

export async function openApp(page: Page, baseURL: string): Promise<void> {
	await setDesktopViewport(page);
	await page.goto(new URL('/', baseURL).href);
	await page.waitForSelector(SEL.onboardingHeading);
}

/** Creates the identity on a freshly opened app and waits for the main screen. */
export async function onboard(page: Page, displayName: string): Promise<void> {
	await (await page.waitForSelector(SEL.displayName))!.type(displayName);
	await (await page.waitForSelector(SEL.createIdentity))!.click();
	await page.waitForSelector(SEL.connection);
}

/** Reads "Your id" and "Your contact link" from Settings ("Share my contact" opens it there), then closes Settings. */
export async function readOwnContact(page: Page): Promise<{ id: string; link: string }> {
	await (await page.waitForSelector(SEL.shareToggle))!.click();
	const id = await (await page.waitForSelector(SEL.ownId))!.evaluate((input) => (input as HTMLInputElement).value);
	const link = await (await page.waitForSelector(SEL.ownLink))!.evaluate((input) => (input as HTMLInputElement).value);
	await (await page.waitForSelector(SEL.closeSettings))!.click();
	await page.waitForSelector(SEL.closeSettings, { hidden: true });
	return { id, link };
}

/** Adds a contact through the "New chat" panel; the app then selects it. */
export async function addContact(page: Page, idOrLink: string, name?: string): Promise<void> {
	if (!(await page.$(SEL.contactInput))) await (await page.waitForSelector(SEL.newChat))!.click();
	await (await page.waitForSelector(SEL.contactInput))!.type(idOrLink);
	if (name !== undefined) await (await page.waitForSelector(SEL.contactName))!.type(name);
	await (await page.waitForSelector(SEL.addContact))!.click();
}

/** Types a message and sends it with Enter, then waits for the composer to clear. */
export async function send(page: Page, text: string): Promise<void> {
	const composer = (await page.waitForSelector(SEL.composer))!;
	await composer.type(text);
	await composer.press('Enter');
	await until(page, 'the composer to clear', (input) => (input as HTMLTextAreaElement).value === '', composer);
}

/** Clicks a contact in the conversation list (its button also holds presence, time and preview). */
export async function openConversation(page: Page, name: string): Promise<void> {
	await page.waitForSelector(SEL.conversations);
	const button = await buttonContaining(page, SEL.conversations, name);
	if (!button) throw new Error(`no conversation with "${name}" in the list`);
	await button.click();
}

/** Replaces the search box's text with `query`, typed as a user does. */
export async function search(page: Page, query: string): Promise<void> {
	const box = (await page.waitForSelector(SEL.searchBox))!;
	await box.evaluate((input) => (input as HTMLInputElement).select());
	await box.type(query);
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

// Files (issue 12): the composer's file input, the tray, and what a file card offers.

const TRAY = '[aria-label="Files to send"]';

/** Puts files on the composer's tray through its file input (paths on disk, as a user picks them). */
export async function attachFiles(page: Page, paths: string[]): Promise<void> {
	const input = (await page.waitForSelector('input[type="file"][aria-label="Files to attach"]')) as ElementHandle<HTMLInputElement>;
	await input.uploadFile(...paths);
	await until(page, 'the files on the tray', (tray, count) => document.querySelectorAll(`${tray} li`).length === count, TRAY, paths.length);
}

/** Sends what is on the tray with Enter in the (empty) composer; waits for the tray to go. */
export async function sendTray(page: Page): Promise<void> {
	await (await page.waitForSelector(SEL.composer))!.press('Enter');
	await page.waitForSelector(TRAY, { hidden: true });
}

/** What the card of the file named `name` shows: whether Save is offered, and the picture's natural width (0: none). */
export async function readFileCard(page: Page, name: string): Promise<{ save: boolean; pictureWidth: number } | null> {
	const log = await page.$(SEL.log);
	if (!log) return null;
	return log.evaluate((list, wanted) => {
		const bubble = [...list.querySelectorAll('li[data-direction]')].find((li) => li.querySelector(`[aria-label="Save ${wanted}"], [aria-label="Open image ${wanted}"]`) || (li as HTMLElement).innerText.includes(wanted));
		if (!bubble) return null;
		const img = bubble.querySelector(`[aria-label="Open image ${wanted}"] img`) as HTMLImageElement | null;
		return { save: bubble.querySelector(`[aria-label="Save ${wanted}"]`) !== null, pictureWidth: img?.complete ? img.naturalWidth : 0 };
	}, name);
}

/**
 * Clicks the card's Save and returns the SHA-256 (hex) and size of the bytes it hands to the
 * browser: the Blob behind the link's object URL, read in the page (puppeteer over BiDi has no
 * download event, and the app's CSP lets no fetch read a blob: URL).
 */
export async function savedDigest(page: Page, name: string): Promise<{ sha256: string; size: number }> {
	await page.evaluate(() => {
		const w = window as unknown as { savedBlob?: Promise<Blob> };
		w.savedBlob = new Promise((resolve) => {
			const blobs = new Map<string, Blob>();
			const create = URL.createObjectURL;
			const click = HTMLAnchorElement.prototype.click;
			URL.createObjectURL = (object: Blob | MediaSource) => {
				const url = create(object);
				if (object instanceof Blob) blobs.set(url, object);
				return url;
			};
			HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
				const blob = this.download !== '' ? blobs.get(this.href) : undefined;
				if (blob === undefined) return click.call(this);
				URL.createObjectURL = create;
				HTMLAnchorElement.prototype.click = click;
				resolve(blob);
			};
		});
	});
	await (await page.waitForSelector(`[aria-label="Save ${name}"]`))!.click();
	return page.evaluate(async () => {
		const blob = await (window as unknown as { savedBlob: Promise<Blob> }).savedBlob;
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
		return { sha256: [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join(''), size: blob.size };
	});
}

/**
 * axe-core over the page as Firefox renders it (the same WCAG tags as axe-audit.ts): its
 * critical and serious findings. The script is evaluated over BiDi, which the page's CSP does not
 * govern; the page gets no script element.
 */
export async function auditFirefox(page: Page, screen: string, findings: Finding[]): Promise<void> {
	const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
	await page.evaluate(`${source}\n;void 0`);
	const found = await page.evaluate(async (tags) => {
		const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ passes: unknown[]; violations: { id: string; impact?: string | null; nodes: { target: unknown[]; failureSummary?: string }[]; help: string }[] }> } }).axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
		if (result.passes.length === 0) throw new Error('axe checked nothing on this page');
		return result.violations
			.filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
			.map((violation) => ({
				rule: violation.id,
				impact: violation.impact ?? '',
				targets: violation.nodes.slice(0, 4).map((node) => node.target.join(' ')),
				summary: violation.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' ') ?? violation.help
			}));
	}, WCAG_TAGS);
	for (const finding of found) findings.push({ screen: `${screen} (firefox)`, ...finding });
}
