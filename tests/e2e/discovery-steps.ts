import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import type { OpenPeer, Peer } from './fixtures';
import { openApp } from './chat-steps';
import { conversationButton, DELIVERED, handleUi, onboard, safetyNumberUi, threadAction, threadHeading, trustUi, ui } from './parley-ui';

// Assertion-backed steps for the discovery and trust specs: handles, requests, blocking.

/** A handle no other test or run has taken, e.g. "alice-3fa09c". */
export function randomHandle(prefix: string): string {
	return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** Opens and onboards one peer per display name, all at once. */
export async function openPeers<const Names extends readonly string[]>(openPeer: OpenPeer, names: Names): Promise<{ [K in keyof Names]: Peer }> {
	const peers: Peer[] = [];
	for (const name of names) peers.push(await openPeer(name.toLowerCase()));
	await Promise.all(peers.map(openApp));
	await Promise.all(peers.map((peer, i) => onboard(peer.page, names[i]!)));
	return peers as { [K in keyof Names]: Peer };
}

/** Registers a handle in Settings ("Your contact") and leaves Settings open. */
export async function registerHandle(page: Page, handle: string): Promise<void> {
	const form = handleUi(page);
	if (!(await form.form.isVisible())) await ui(page).shareToggle.click();
	await form.input.fill(handle);
	await form.register.click();
	// Argon2id (64 MiB) in the page, then a signed PUT to the directory.
	await expect(form.findableAs(handle)).toBeVisible({ timeout: 30_000 });
	await expect(form.input).toHaveValue('');
	await expect(form.change).toBeVisible();
	await expect(form.release).toBeVisible();
	await expect(form.form.getByRole('alert')).toHaveCount(0);
}

/** The outgoing bubble with this text carries "Status: Sent", i.e. the recipient stored it. */
export async function expectSent(page: Page, text: string): Promise<void> {
	const bubble = ui(page).outgoing.filter({ hasText: text });
	await expect(bubble).toHaveCount(1);
	await expect(bubble.getByLabel(DELIVERED)).toBeVisible();
}

/** The message arrived exactly once on `to` and is acknowledged on `from`. */
export async function expectDelivered(from: Page, to: Page, text: string): Promise<void> {
	await expect(ui(to).incoming.filter({ hasText: text })).toHaveCount(1);
	await expectSent(from, text);
}

/** Opens a message request from `name` and accepts it; the banner goes away. */
export async function acceptRequest(page: Page, name: string): Promise<void> {
	const conversation = conversationButton(page, name);
	await expect(conversation).toContainText('Message request');
	await conversation.click();
	await expect(threadHeading(page, name)).toBeVisible();
	const trust = trustUi(page);
	await expect(trust.request).toBeVisible();
	await trust.acceptRequest.click();
	await expect(trust.request).toBeHidden();
	await expect(conversation).not.toContainText('Message request');
}

/** Opens the safety-number dialog with `name` and returns its 60 digits; the dialog stays open. */
export async function readSafetyNumber(page: Page, name: string): Promise<string> {
	const dialog = safetyNumberUi(page, name);
	await threadAction(page, 'Safety number');
	await expect(dialog.dialog).toBeVisible();
	await expect(dialog.qr).toBeVisible();
	await expect(dialog.digits).toHaveText(/^[\d\s]+$/);
	const digits = ((await dialog.digits.textContent()) ?? '').replace(/\D/g, '');
	expect(digits, `safety number with ${name}`).toMatch(/^\d{60}$/);
	return digits;
}

/** Each of these outgoing bubbles is still "Status: Pending": nobody has stored it. */
export async function expectPending(page: Page, texts: string[]): Promise<void> {
	for (const text of texts) {
		const bubble = ui(page).outgoing.filter({ hasText: text });
		await expect(bubble).toHaveCount(1);
		await expect(bubble.getByLabel('Status: Pending', { exact: true })).toBeVisible();
	}
}
