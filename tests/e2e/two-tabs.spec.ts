import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { Peer } from './fixtures';
import { openApp, send } from './chat-steps';
import { NO_PROBLEMS, deliveryProblems } from './delivery-check';
import { addContactByHook, enableTestHooks, readStats, sendInOrder, waitForHooks } from './parley-hooks';
import { addContact, conversationButton, onboard, ui } from './parley-ui';

// Two tabs of one identity share its database; only one of them may be on the network. The
// other writes too, and the owner must send what it wrote. When the owner tab goes away, the
// other takes over and sends whatever is still pending, without a reload.
const FROM_SECOND_TAB = 30;
const FROM_FIRST_TAB = 60;
const DRAIN_TIMEOUT_MS = 60_000;

async function join(peer: Peer, name: string): Promise<string> {
	await enableTestHooks(peer.context);
	await openApp(peer);
	await onboard(peer.page, name);
	return waitForHooks(peer.page);
}

/** Another tab of the same browser profile: same origin, same IndexedDB, same identity. */
async function openSecondTab(peer: Peer): Promise<Page> {
	const page = await peer.context.newPage();
	await page.goto('/');
	await waitForHooks(page);
	return page;
}

const texts = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}#${i}`);

test('two tabs of one identity: the owner sends what the other wrote, and the other takes over when it closes, with nothing left pending or duplicated', async ({
	openPeer
}) => {
	test.setTimeout(180_000);
	const alice = await openPeer('alice');
	const bob = await openPeer('bob');
	const [aliceId, bobId] = await Promise.all([join(alice, 'Alice'), join(bob, 'Bob')]);
	await addContactByHook(bob.page, aliceId);
	await addContactByHook(alice.page, bobId);
	await expect(ui(alice.page).connection).toHaveText('Online');

	const second = await openSecondTab(alice);
	// The first tab keeps the network; the second says so instead of looking offline.
	await expect(ui(second).connection).toHaveText('In another tab');
	await expect(second.getByText('Parley is connected in another tab')).toBeVisible();
	await expect(ui(alice.page).connection).toHaveText('Online');

	const secondTexts = texts('tab2', FROM_SECOND_TAB);
	const firstTexts = texts('tab1', FROM_FIRST_TAB);
	await sendInOrder(second, [{ peer: bobId, texts: secondTexts }]);
	// Sent by the first tab, which learnt of the rows from the change mirror.
	await expect
		.poll(async () => (await readStats(bob.page)).received.length, { timeout: DRAIN_TIMEOUT_MS, message: 'what the second tab wrote reaches Bob' })
		.toBe(FROM_SECOND_TAB);
	await sendInOrder(alice.page, [{ peer: bobId, texts: firstTexts }]);
	// The owner goes away with part of its outbox still unacknowledged.
	await alice.page.close({ runBeforeUnload: false });

	await expect(ui(second).connection).toHaveText('Online', { timeout: DRAIN_TIMEOUT_MS });
	await expect
		.poll(async () => readStats(second), { timeout: DRAIN_TIMEOUT_MS, message: 'every message acked in the remaining tab, no reload' })
		.toMatchObject({ pending: 0, sent: FROM_SECOND_TAB + FROM_FIRST_TAB });
	const received = (await readStats(bob.page)).received;
	// Both tabs wrote one conversation: the author's order is the order the rows were stored.
	const expected = new Map([[aliceId, [...secondTexts, ...firstTexts]]]);
	expect(deliveryProblems(received, expected)).toEqual(NO_PROBLEMS);
	expect(received).toHaveLength(FROM_SECOND_TAB + FROM_FIRST_TAB);
});

test('a clock set back between two starts: a message written after it still comes last in the thread', async ({ openPeer }) => {
	const alice = await openPeer('alice');
	const bob = await openPeer('bob');
	const [, bobId] = await Promise.all([join(alice, 'Alice'), join(bob, 'Bob')]);
	await addContact(alice.page, bobId, 'Bob');
	await send(alice.page, 'before the clock went back');
	await expect(ui(alice.page).outgoing).toHaveCount(1);

	// The next start sees a wall clock two hours behind the one the first message was stored by.
	await alice.context.addInitScript({ content: 'const realNow = Date.now; Date.now = () => realNow() - 2 * 3600 * 1000;' });
	await alice.page.reload();
	await waitForHooks(alice.page);
	await conversationButton(alice.page, 'Bob').click();
	await expect(ui(alice.page).outgoing).toHaveCount(1);
	await send(alice.page, 'after the clock went back');

	await expect(ui(alice.page).outgoing).toHaveCount(2);
	await expect(ui(alice.page).outgoing.last()).toContainText('after the clock went back');
});

test('an owner tab frozen without warning: the other tab takes over, and the frozen one waits its turn when it wakes', async ({ openPeer }) => {
	const alice = await openPeer('alice');
	const bob = await openPeer('bob');
	const [aliceId, bobId] = await Promise.all([join(alice, 'Alice'), join(bob, 'Bob')]);
	await addContactByHook(bob.page, aliceId);
	await addContactByHook(alice.page, bobId);
	await expect(ui(alice.page).connection).toHaveText('Online');
	const second = await openSecondTab(alice);
	await expect(ui(second).connection).toHaveText('In another tab');

	// Frozen without warning: its script stops (a debugger pause), so it can neither let go of the
	// lock nor say it is alive.
	const frozen = await alice.context.newCDPSession(alice.page);
	await frozen.send('Debugger.enable');
	await frozen.send('Debugger.pause');
	await expect(ui(second).connection).toHaveText('Online', { timeout: DRAIN_TIMEOUT_MS });
	const id = await second.evaluate((peer) => (globalThis as unknown as { __parley: { send(peer: string, text: string): Promise<string> } }).__parley.send(peer, 'sent after the freeze'), bobId);
	await expect.poll(async () => (await readStats(bob.page)).received.map((row) => row.text), { timeout: DRAIN_TIMEOUT_MS }).toContain('sent after the freeze');
	expect(id).toBeTruthy();

	await frozen.send('Debugger.resume');
	await expect(ui(alice.page).connection).toHaveText('In another tab');
	await expect(ui(second).connection).toHaveText('Online');
});
