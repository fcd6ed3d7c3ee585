// @ts-nocheck
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import type { OpenPeer, Peer } from './fixtures';
import { PEER_ID_PATTERN, addContact, conversationButton, onboard, readOwnContact, sendMessage, threadHeading, ui } from './parley-ui';

// Assertion-backed steps shared by the chat specs; parley-ui.ts stays
// assertion-free so the benchmarks can use it outside the test runner.

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Text in the thread pane; conversation buttons also preview "No messages yet". */
export function threadText(page: Page, text: string) {
	return page.getByText(text).and(page.locator(':not([role="navigation"] *, nav *)'));
}

export async function openApp(peer: Peer): Promise<void> {
	await peer.page.setViewportSize(DESKTOP);
	await peer.page.goto('/');
	await expect(ui(peer.page).onboardingHeading).toBeVisible();
}

export async function openAliceAndBob(openPeer: OpenPeer): Promise<{ alice: Peer; bob: Peer }> {
	const alice = await openPeer('alice');
	const bob = await openPeer('bob');
	await Promise.all([openApp(alice), openApp(bob)]);
	await Promise.all([onboard(alice.page, 'Alice'), onboard(bob.page, 'Bob')]);
	return { alice, bob };
}

/** Sends, then waits for the composer to clear so the next fill cannot race it. */
export async function send(page: Page, message: string): Promise<void> {
	await sendMessage(page, message);
	await expect(ui(page).composer).toHaveValue('');
}

export async function connectAliceAndBob(alice: Peer, bob: Peer): Promise<{ aliceId: string; bobId: string }> {
	const aliceContact = await readOwnContact(alice.page);
	const bobContact = await readOwnContact(bob.page);
	expect(aliceContact.id).toMatch(PEER_ID_PATTERN);
	expect(bobContact.id).toMatch(PEER_ID_PATTERN);
	expect(bobContact.link).toContain(`#add=${bobContact.id}&name=Bob`);

	// Bob pastes a bare id, so he only learns "Alice" from her profile frame.
	await addContact(bob.page, aliceContact.id);
	// Alice pastes Bob's whole link, which carries his name.
	await addContact(alice.page, bobContact.link);

	await expect(threadHeading(alice.page, 'Bob')).toBeVisible();
	await expect(threadHeading(bob.page, 'Alice')).toBeVisible();
	await expect(conversationButton(bob.page, 'Alice')).toBeVisible();
	await expect(ui(alice.page).presence).toHaveText('online');
	await expect(ui(bob.page).presence).toHaveText('online');
	await expect(threadText(alice.page, 'No messages yet')).toBeVisible();
	return { aliceId: aliceContact.id, bobId: bobContact.id };
}
