import { randomUUID } from 'node:crypto';
import { expect, screenshot, test } from './fixtures';
import { connectAliceAndBob, openAliceAndBob, send } from './chat-steps';
import { enableTestHooks, setInvisible, waitForHooks } from './parley-hooks';
import { DELIVERED, messageAction, ui } from './parley-ui';
import type { Page } from '@playwright/test';

function bubble(page: Page, text: string) {
	return ui(page).bubbles.filter({ hasText: text });
}

async function edit(page: Page, from: string, to: string): Promise<void> {
	// By id: once the bubble is in edit mode its text lives in a textarea, not in the bubble text.
	const id = await bubble(page, from).getAttribute('data-message-id');
	const target = ui(page).bubbles.and(page.locator(`[data-message-id="${id}"]`));
	await messageAction(target, 'Edit');
	const field = target.getByLabel('Edit message text');
	await field.fill(to);
	await field.press('Enter');
	await expect(bubble(page, to)).toBeVisible();
}

test('edits reach the other side live, offline and while pending, with history; forged edits are refused', async ({ openPeer }) => {
	const { alice, bob } = await openAliceAndBob(openPeer);
	for (const peer of [alice, bob]) {
		await enableTestHooks(peer.context);
		await peer.page.reload();
	}
	await Promise.all([waitForHooks(alice.page), waitForHooks(bob.page)]);
	const { aliceId } = await connectAliceAndBob(alice, bob);

	// Both online.
	await send(alice.page, 'meet at noon');
	await expect(bubble(bob.page, 'meet at noon')).toBeVisible();
	await edit(alice.page, 'meet at noon', 'meet at one');
	const atBob = bubble(bob.page, 'meet at one');
	await expect(atBob).toBeVisible();
	await expect(atBob.getByRole('button', { name: 'Edited: show edit history' })).toBeVisible();
	await atBob.getByRole('button', { name: 'Edited: show edit history' }).click();
	await expect(atBob.getByRole('group', { name: 'Edit history' })).toContainText('Original meet at noon');
	await screenshot(bob.page, 'edits-history');

	// Bob is away (invisible): the edit waits in Alice's outbox and arrives when he is back.
	await send(alice.page, 'bring snacks');
	await expect(bubble(bob.page, 'bring snacks')).toBeVisible();
	await setInvisible(bob.page, true);
	await edit(alice.page, 'bring snacks', 'bring drinks');
	await expect(bubble(bob.page, 'bring snacks')).toBeVisible();
	await setInvisible(bob.page, false);
	await expect(bubble(bob.page, 'bring drinks')).toBeVisible({ timeout: 20_000 });

	// A message still pending is edited in place; Bob only ever sees the final text.
	await setInvisible(bob.page, true);
	await send(alice.page, 'first draft');
	await expect(bubble(alice.page, 'first draft').getByLabel('Status: Pending', { exact: true })).toBeVisible();
	await edit(alice.page, 'first draft', 'final draft');
	await setInvisible(bob.page, false);
	await expect(bubble(bob.page, 'final draft')).toBeVisible({ timeout: 20_000 });
	await expect(bubble(bob.page, 'first draft')).toHaveCount(0);
	await expect(bubble(alice.page, 'final draft').getByLabel(DELIVERED)).toBeVisible();

	// Bob's client misbehaves: it tries to edit a message Alice wrote. Alice refuses it.
	const targetId = await bubble(alice.page, 'meet at one').getAttribute('data-message-id');
	expect(targetId).toBeTruthy();
	const sent = await bob.page.evaluate(
		({ peer, frame }) => (globalThis as unknown as { __parley: { sendFrame(p: string, f: unknown): boolean } }).__parley.sendFrame(peer, frame),
		{ peer: aliceId, frame: { t: 'edit', id: uuidV7(), target: targetId, version: 5, ts: Date.now(), text: 'forged by bob' } }
	);
	expect(sent).toBe(true);
	await send(bob.page, 'after the forgery');
	await expect(bubble(alice.page, 'after the forgery')).toBeVisible();
	await expect(bubble(alice.page, 'forged by bob')).toHaveCount(0);
	await expect(bubble(alice.page, 'meet at one')).toBeVisible();
});

/** A syntactically valid UUIDv7 for a hand-made frame. */
function uuidV7(): string {
	const hex = Date.now().toString(16).padStart(12, '0') + randomUUID().replace(/-/g, '').slice(12);
	const chars = hex.split('');
	chars[12] = '7';
	chars[16] = '8';
	const h = chars.join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
