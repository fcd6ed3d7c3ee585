import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { DESKTOP, openApp, send } from './chat-steps';
import { addContact, conversationButton, DELIVERED, escapeRegExp, onboard, PEER_ID_PATTERN, readOwnContact, threadHeading, ui } from './parley-ui';
import { skipWithoutFirefox, test } from './firefox-fixture';
import * as fox from './firefox-steps';

// Firefox ESR (puppeteer-core over WebDriver BiDi, firefox.ts) against Chromium (Playwright):
// the promise is that Parley works in any browser with WebRTC, and the two engines differ in
// ICE, IndexedDB, workers and page lifecycle.

skipWithoutFirefox('firefox.spec.ts');

const FOX_SAYS = ['Hello from Firefox, the quick brown fox', 'Firefox writes a second note'];
const ALICE_SAYS = ['Chromium here, hello fox', 'Shall we meet at the lighthouse tomorrow?'];
const PENDING = 'Status: Pending';

const exactly = (message: string) => new RegExp(escapeRegExp(message));
// Delivered: "Sent", or "Read" once the other side has the thread open (read receipts).
const out = (text: string, status: string = expect.stringMatching(DELIVERED) as unknown as string): fox.Bubble => ({ direction: 'out', text, status });
const inc = (text: string): fox.Bubble => ({ direction: 'in', text, status: null });

test('a Firefox ESR peer and a Chromium peer add each other and chat both ways with ticks; Firefox keeps its history across a reload and searches it', async ({
	openPeer,
	firefox,
	baseURL
}) => {
	// Firefox alone takes ~15 s to start on a busy machine; the steps wait on the UI throughout.
	test.setTimeout(300_000);
	const alice = await openPeer('alice');
	const a = ui(alice.page);
	const fx = firefox.page;
	const thread: fox.Bubble[] = [];

	await test.step('onboard in both browsers', async () => {
		await Promise.all([openApp(alice), fox.openApp(fx, baseURL!)]);
		await Promise.all([onboard(alice.page, 'Alice'), fox.onboard(fx, 'Fox')]);
		await expect(a.connection).toHaveText('Online');
		await expect.poll(() => fox.readConnection(fx)).toBe('Online');
	});

	const foxId = await test.step('add each other', async () => {
		const aliceContact = await readOwnContact(alice.page);
		const foxContact = await fox.readOwnContact(fx);
		expect(foxContact.id).toMatch(PEER_ID_PATTERN);
		expect(foxContact.link).toContain(`#add=${foxContact.id}&name=Fox`);
		// Firefox pastes a bare id and learns "Alice" from her profile frame; Alice pastes Fox's
		// whole link, which carries his name.
		await fox.addContact(fx, aliceContact.id);
		await addContact(alice.page, foxContact.link);
		await expect.poll(() => fox.readThreadHeading(fx, 'Alice')).toBe('Alice');
		await expect(threadHeading(alice.page, 'Fox')).toBeVisible();
		await expect(a.presence).toHaveText('online');
		await expect.poll(() => fox.readPresence(fx)).toBe('online');
		return foxContact.id;
	});

	await test.step('chat both ways; each side sees the other’s ticks turn to Sent', async () => {
		for (let i = 0; i < FOX_SAYS.length; i++) {
			await fox.send(fx, FOX_SAYS[i]!);
			await expect(a.incoming.last()).toContainText(FOX_SAYS[i]!);
			thread.push(out(FOX_SAYS[i]!));
			await send(alice.page, ALICE_SAYS[i]!);
			await expect.poll(async () => (await fox.readBubbles(fx)).at(-1)).toEqual(inc(ALICE_SAYS[i]!));
			thread.push(inc(ALICE_SAYS[i]!));
		}
		await expect.poll(() => fox.readBubbles(fx)).toEqual(thread);
		await expect(a.bubbles).toHaveText(thread.map((bubble) => exactly(bubble.text)));
		await expect(a.outgoing.getByLabel(DELIVERED)).toHaveCount(ALICE_SAYS.length);
		await expect(a.outgoing.getByLabel(PENDING, { exact: true })).toHaveCount(0);
	});

	await test.step('a message to Chromium while it is away stays Pending in Firefox until it arrives', async () => {
		await alice.page.close();
		// A closed page sends no goodbye: Firefox notices by the missing heartbeats (dead after 9 s).
		await expect.poll(() => fox.readPresence(fx), { timeout: 30_000 }).toMatch(/^(offline|connecting…|last seen .+)$/);
		const whileAway = 'Written while Chromium was away';
		await fox.send(fx, whileAway);
		await expect.poll(async () => (await fox.readBubbles(fx)).at(-1)).toEqual(out(whileAway, PENDING));

		alice.page = await alice.context.newPage();
		await openAppAgain(alice.page);
		const b = ui(alice.page);
		await expect(b.connection).toHaveText('Online');
		thread.push(out(whileAway));
		// Reach redials on connect; the tick turns only once Chromium has stored the message.
		await expect.poll(() => fox.readBubbles(fx), { timeout: 60_000 }).toEqual(thread);
		await conversationButton(alice.page, 'Fox').click();
		await expect(b.bubbles).toHaveText(thread.map((bubble) => exactly(bubble.text)));
	});

	await test.step('reloading Firefox keeps its identity, the conversation and the history, and leaves the server cleanly', async () => {
		const logFrom = firefox.log.length;
		await fx.reload();
		await expect.poll(() => fox.readConnection(fx)).toBe('Online');
		expect((await fox.readOwnContact(fx)).id).toBe(foxId);
		if ((await fox.readThreadHeading(fx, 'Alice')) === null) await fox.openConversation(fx, 'Alice');
		await expect.poll(() => fox.readBubbles(fx)).toEqual(thread);
		// Firefox drops a page's WebSockets before `pagehide`; the transport says goodbye first.
		expect(firefox.log.slice(logFrom).filter((line) => line.includes('Lost connection to server'))).toEqual([]);
	});

	await test.step('after the reload the chat goes on both ways', async () => {
		const b = ui(alice.page);
		await expect.poll(() => fox.readPresence(fx)).toBe('online');
		await send(alice.page, 'Welcome back, fox');
		thread.push(inc('Welcome back, fox'));
		await expect.poll(() => fox.readBubbles(fx)).toEqual(thread);
		await fox.send(fx, 'Glad to be back after the reload');
		thread.push(out('Glad to be back after the reload'));
		await expect(b.incoming.last()).toContainText('Glad to be back after the reload');
		await expect.poll(() => fox.readBubbles(fx)).toEqual(thread);
		await expect(b.bubbles).toHaveText(thread.map((bubble) => exactly(bubble.text)));
		await expect(b.outgoing.getByLabel(DELIVERED)).toHaveCount(ALICE_SAYS.length + 1);
	});

	await test.step('search in Firefox finds words, prefixes and typos in both directions and opens the hit', async () => {
		await fox.search(fx, 'lighthouse');
		await expect.poll(() => fox.readSearchHits(fx)).toEqual([expect.stringContaining('Shall we meet at the lighthouse tomorrow?')]);
		await expect.poll(() => fox.readSearchMarks(fx)).toEqual([['lighthouse']]);
		await fox.search(fx, 'quic');
		await expect.poll(() => fox.readSearchHits(fx)).toEqual([expect.stringMatching(/You:\s*Hello from Firefox, the quick brown fox/)]);
		await fox.search(fx, 'tomorow');
		await expect.poll(() => fox.readSearchHits(fx)).toEqual([expect.stringContaining('lighthouse tomorrow')]);
		await fox.search(fx, 'fox');
		await expect.poll(async () => (await fox.readSearchHits(fx))?.length).toBe(3);
		await fox.openSearchHit(fx, 'Chromium here, hello fox');
		await expect.poll(() => fox.readThreadHeading(fx, 'Alice')).toBe('Alice');
		await expect.poll(() => fox.isBubbleInView(fx, 'Chromium here, hello fox')).toBe(true);
	});
});

/** Opens the app again in a fresh page of the same profile: the main screen, not onboarding. */
async function openAppAgain(page: Page): Promise<void> {
	await page.setViewportSize(DESKTOP);
	await page.goto('/');
	await expect(ui(page).connection).toBeVisible();
}
