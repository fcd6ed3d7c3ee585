import { audit, report, type Finding } from './axe-audit';
import { expect, test } from './fixtures';
import { PHONE, openApp } from './chat-steps';
import { addContact, blockDialog, onboard, readOwnContact, threadAction, threadHeading, trustUi, ui } from './parley-ui';

// Issue 10, item 6: clear states and errors instead of silence or an endless "Connecting…".

const NOBODY = `p${'a'.repeat(32)}`;

test('a browser without WebRTC says so instead of "Connecting…" for ever, and still opens the app', async ({ openPeer }) => {
	const findings: Finding[] = [];
	const peer = await openPeer('no-webrtc');
	// As in a browser built without it, or Firefox with media.peerconnection.enabled = false.
	await peer.context.addInitScript(() => {
		Reflect.deleteProperty(globalThis, 'RTCPeerConnection');
		Reflect.deleteProperty(globalThis, 'webkitRTCPeerConnection');
	});
	await openApp(peer);
	await onboard(peer.page, 'Wendy');
	await expect(ui(peer.page).connection).toHaveText('No WebRTC');
	await expect(peer.page.getByRole('alert').filter({ hasText: 'This browser can’t connect to your contacts' })).toBeVisible();
	// Writing still works: the message waits on this device.
	await addContact(peer.page, NOBODY, 'Nobody');
	await ui(peer.page).composer.fill('kept until WebRTC is back');
	await ui(peer.page).composer.press('Enter');
	await expect(ui(peer.page).outgoing).toHaveText([/kept until WebRTC is back/]);
	await peer.page.waitForTimeout(3_000);
	await expect(ui(peer.page).connection).toHaveText('No WebRTC');
	await audit(peer.page, 'clear-states-no-webrtc', findings);
	expect(findings, report(findings)).toEqual([]);
});

test('"Server unreachable" and "No network" are told apart', async ({ openPeer }) => {
	const findings: Finding[] = [];
	const peer = await openPeer('cut-off');
	// Chromium's navigator.onLine in a loopback-only namespace depends on the host's interfaces;
	// the test sets what the operating system would report, and fires its events.
	await peer.context.addInitScript(() => {
		let online = true;
		Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => online });
		Object.assign(globalThis, {
			setNetwork(up: boolean) {
				online = up;
				dispatchEvent(new Event(up ? 'online' : 'offline'));
			}
		});
	});
	const setNetwork = (up: boolean) => peer.page.evaluate((value) => (globalThis as unknown as { setNetwork(up: boolean): void }).setNetwork(value), up);
	await openApp(peer);
	await onboard(peer.page, 'Sam');
	await expect(ui(peer.page).connection).toHaveText('Online');

	// The signalling server refuses every socket while the browser has a network.
	await peer.page.routeWebSocket(/./, (socket) => socket.close());
	await peer.page.reload();
	await expect(ui(peer.page).connection).toHaveText('Server unreachable', { timeout: 30_000 });
	await audit(peer.page, 'clear-states-server-unreachable', findings);

	await setNetwork(false);
	await expect(ui(peer.page).connection).toHaveText('No network');
	await audit(peer.page, 'clear-states-no-network', findings);
	await setNetwork(true);
	await expect(ui(peer.page).connection).toHaveText('Server unreachable', { timeout: 30_000 });
	expect(findings, report(findings)).toEqual([]);
});

test('contact links: a damaged one says so, pasted or opened; your own says it is yours; New chat focuses its field', async ({ openPeer }) => {
	const findings: Finding[] = [];
	const peer = await openPeer('links');
	await openApp(peer);
	await onboard(peer.page, 'Lena');
	const own = await readOwnContact(peer.page);

	await test.step('New chat puts the cursor in its field', async () => {
		await ui(peer.page).newChat.click();
		await expect(ui(peer.page).contactInput).toBeFocused();
	});

	await test.step('a link cut short, pasted, is called damaged (not looked up as a handle)', async () => {
		await ui(peer.page).contactInput.fill(own.link.replace(/&name=.*$/, '').slice(0, -6));
		await ui(peer.page).addContact.click();
		await expect(peer.page.getByRole('alert').filter({ hasText: 'damaged or incomplete' })).toBeVisible();
	});

	await test.step('a damaged link, opened', async () => {
		await peer.page.goto('/#add=pbroken&name=Eve');
		const dialog = peer.page.getByRole('dialog', { name: 'This contact link is damaged' });
		await expect(dialog).toBeVisible();
		await audit(peer.page, 'clear-states-damaged-link', findings);
		await dialog.getByRole('button', { name: 'OK' }).click();
		await expect(dialog).toBeHidden();
		expect(new URL(peer.page.url()).hash).toBe('');
	});

	await test.step('your own link, opened', async () => {
		await peer.page.goto(own.link.replace(/^https?:\/\/[^/]+/, ''));
		const dialog = peer.page.getByRole('dialog', { name: 'This is your own contact link' });
		await expect(dialog).toBeVisible();
		await dialog.getByRole('button', { name: 'OK' }).click();
		await expect(ui(peer.page).conversations.getByRole('button')).toHaveCount(0);
	});
	expect(findings, report(findings)).toEqual([]);
});

test('blocking asks first; on a phone the header keeps the name and moves its actions into a menu', async ({ openPeer }) => {
	const findings: Finding[] = [];
	const peer = await openPeer('blocker');
	await openApp(peer);
	await onboard(peer.page, 'Bea');
	await peer.page.setViewportSize(PHONE);
	await addContact(peer.page, NOBODY, 'Maximilian');
	const heading = threadHeading(peer.page, 'Maximilian');
	await expect(heading).toBeVisible();
	// The whole name fits: nothing clipped by the header's buttons.
	expect(await heading.evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true);

	await test.step('the menu works from the keyboard', async () => {
		const button = peer.page.getByRole('button', { name: 'Conversation actions' });
		await button.focus();
		await peer.page.keyboard.press('ArrowDown');
		const menu = peer.page.getByRole('menu', { name: 'Conversation actions' });
		await expect(menu.getByRole('menuitem', { name: 'Safety number' })).toBeFocused();
		await peer.page.keyboard.press('ArrowUp');
		await expect(menu.getByRole('menuitem', { name: 'Delete conversation' })).toBeFocused();
		await audit(peer.page, 'clear-states-phone-menu', findings);
		await peer.page.keyboard.press('Escape');
		await expect(menu).toBeHidden();
		await expect(button).toBeFocused();
	});

	await test.step('Cancel keeps the contact; Block blocks', async () => {
		await threadAction(peer.page, 'Block Maximilian…');
		const confirm = blockDialog(peer.page, 'Maximilian');
		await expect(confirm.dialog).toBeVisible();
		await audit(peer.page, 'clear-states-block-confirm', findings);
		await confirm.cancel.click();
		await expect(trustUi(peer.page).blocked).toBeHidden();
		await expect(ui(peer.page).composer).toBeVisible();
		await threadAction(peer.page, 'Block Maximilian…');
		await confirm.confirm.click();
		await expect(trustUi(peer.page).blocked).toBeVisible();
		await expect(ui(peer.page).composer).toBeHidden();
	});
	expect(findings, report(findings)).toEqual([]);
});
