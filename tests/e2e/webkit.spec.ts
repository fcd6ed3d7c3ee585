import { test, expect } from '@playwright/test';
import { launchWebKit, webkitMissing, type WebKitPeer } from './webkit';

// Debian's WebKitGTK, a real browser built without WebRTC (no RTCPeerConnection at all), driven
// over W3C WebDriver (webkit.ts). What a user of such a browser must get: the reason, not an
// endless "Connecting…", and an app that still keeps what they write. Its automation sessions are
// also the ones whose IndexedDB refuses Blobs, so a reload here exercises the saved search
// index's byte fallback.

const missing = webkitMissing();
const skipReason = missing !== null && !process.env.CI ? `WebKitGTK is not installed: ${missing}` : null;
test.skip(skipReason !== null, skipReason ?? '');
if (skipReason) console.warn(`webkit.spec.ts skipped: ${skipReason}`);

const NOBODY = `p${'b'.repeat(32)}`;
const NOTE = 'Written in WebKit, waiting for a browser with WebRTC';
const ENTER = '\uE007';
// What the saved search index's bytes are stored as, read straight from IndexedDB (null: not
// saved yet). The app saves it a few seconds after the last change.
const SAVED_INDEX_FORM = `
	const open = indexedDB.open('parley');
	open.onerror = () => done('error: ' + open.error);
	open.onsuccess = () => {
		const db = open.result;
		const get = db.transaction('searchIndex').objectStore('searchIndex').get('index');
		get.onsuccess = () => { db.close(); done(get.result ? Object.prototype.toString.call(get.result.json) : null); };
		get.onerror = () => { db.close(); done('error: ' + get.error); };
	};`;

// Found the way a user finds them: headings and buttons by their text or name, fields by label.
const heading = (text: string) => `//*[self::h1 or self::h2][normalize-space(.)="${text}"]`;
const button = (name: string) => `//button[normalize-space(.)="${name}" or @aria-label="${name}"]`;
const field = (label: string) => `(//label[normalize-space(.)="${label}"]//*[self::input or self::textarea] | //*[@id = //label[normalize-space(.)="${label}"]/@for])`;
const CONNECTION = '//*[@role="status"][@aria-label="Connection status"]';
const NO_WEBRTC_ALERT = '//*[@role="alert"][contains(., "This browser can’t connect to your contacts")]';
const OUTGOING = (text: string) => `//*[@role="log"][@aria-label="Messages"]//li[@data-direction="out"][contains(., "${text}")]`;
const SEARCH_HIT = (text: string) => `//*[@aria-label="Search results"]//button[contains(., "${text}")]`;

async function waitFor(peer: WebKitPeer, xpath: string) {
	let found = null;
	await expect.poll(async () => (found = await peer.find(xpath)) !== null, { message: `waiting for ${xpath}`, timeout: 30_000 }).toBe(true);
	return found!;
}

test('WebKitGTK, which has no WebRTC, explains why it cannot connect, keeps what is written, and searches it after a reload', async ({ baseURL }) => {
	test.setTimeout(180_000);
	if (missing) throw new Error(`${missing}; .ci/run installs webkit2gtk-driver and xvfb, so CI must run this test`);
	const webkit = await launchWebKit();
	try {
		await webkit.goto(new URL('/', baseURL).href);
		expect(await webkit.run<string>('return typeof RTCPeerConnection')).toBe('undefined');
		await waitFor(webkit, heading('Welcome to Parley'));
		await (await waitFor(webkit, field('Display name'))).type('Walter');
		await (await waitFor(webkit, button('Create my identity'))).click();

		const connection = await waitFor(webkit, CONNECTION);
		await expect.poll(() => connection.text(), { timeout: 30_000 }).toBe('No WebRTC');
		await waitFor(webkit, NO_WEBRTC_ALERT);

		// Writing works; the message waits on this device for a browser that can deliver it.
		await (await waitFor(webkit, button('New chat'))).click();
		await (await waitFor(webkit, field('Contact id or link, or @handle'))).type(NOBODY);
		await (await waitFor(webkit, field('Contact name (optional)'))).type('Nobody');
		await (await waitFor(webkit, button('Add contact'))).click();
		await (await waitFor(webkit, field('Message'))).type(NOTE + ENTER);
		await waitFor(webkit, OUTGOING(NOTE));

		// WebKit's automation session refuses to store a Blob in IndexedDB: the index is saved as
		// bytes instead of being rebuilt from every message on each start.
		await expect.poll(() => webkit.runAsync<string | null>(SAVED_INDEX_FORM), { timeout: 30_000 }).toBe('[object ArrayBuffer]');

		// A reload keeps the history, still explains, and the search finds the note.
		await webkit.reload();
		await expect.poll(async () => (await webkit.find(CONNECTION))?.text() ?? null, { timeout: 30_000 }).toBe('No WebRTC');
		await (await waitFor(webkit, field('Search messages'))).type('browser WebRTC');
		await waitFor(webkit, SEARCH_HIT('waiting for a browser'));
	} finally {
		await webkit.close();
	}
});
