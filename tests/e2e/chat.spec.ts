import { expect, screenshot, test } from './fixtures';
import { DESKTOP, PHONE, connectAliceAndBob, openAliceAndBob, openApp, send, threadText } from './chat-steps';
import { conversationButton, DELIVERED, escapeRegExp, onboard, readOwnContact, threadHeading, ui } from './parley-ui';

// Lockstep rounds give one total order both sides must agree on; the burst
// that follows lets sends cross on the wire, where only each sender's own
// order is defined.
const LOCKSTEP_ROUNDS = 10;
const BURST_ROUNDS = 10;

// Ends in letters so a bubble's trailing timestamp cannot extend the number.
const text = (who: 'Alice' | 'Bob', round: number) => `${who} #${String(round).padStart(2, '0')} says hi`;
const exactly = (message: string) => new RegExp(escapeRegExp(message));
const rounds = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

test('two peers onboard, connect, chat in order, and keep history across a reload', async ({ openPeer }) => {
	const alice = await openPeer('alice');
	const bob = await openPeer('bob');
	const a = ui(alice.page);
	const b = ui(bob.page);

	await test.step('onboard', async () => {
		await Promise.all([openApp(alice), openApp(bob)]);
		await a.displayName.fill('Alice');
		await screenshot(alice.page, 'chat-01-onboarding');
		await Promise.all([onboard(alice.page, 'Alice'), onboard(bob.page, 'Bob')]);
		await expect(a.connection).toHaveText('Online');
		await expect(b.connection).toHaveText('Online');
		await expect(threadText(bob.page, 'Select a conversation')).toBeVisible();
		await b.shareToggle.click();
		await expect(bob.page.getByRole('button', { name: 'Copy id' })).toBeVisible();
		await expect(bob.page.getByRole('button', { name: 'Copy link' })).toBeVisible();
		await screenshot(bob.page, 'chat-01-share-panel');
		await b.closeSettings.click();
		await expect(b.ownId).toBeHidden();
	});

	const { bobId } = await test.step('connect', () => connectAliceAndBob(alice, bob));

	const lockstep = rounds(1, LOCKSTEP_ROUNDS).flatMap((round) => [text('Alice', round), text('Bob', round)]);
	const burstRounds = rounds(LOCKSTEP_ROUNDS + 1, BURST_ROUNDS);
	const aliceTexts = rounds(1, LOCKSTEP_ROUNDS + BURST_ROUNDS).map((round) => text('Alice', round));
	const bobTexts = rounds(1, LOCKSTEP_ROUNDS + BURST_ROUNDS).map((round) => text('Bob', round));

	await test.step('lockstep exchange', async () => {
		for (const round of rounds(1, LOCKSTEP_ROUNDS)) {
			await send(alice.page, text('Alice', round));
			await expect(b.incoming.last()).toContainText(text('Alice', round));
			await send(bob.page, text('Bob', round));
			await expect(a.incoming.last()).toContainText(text('Bob', round));
		}
		await expect(a.bubbles).toHaveText(lockstep.map(exactly));
		await expect(b.bubbles).toHaveText(lockstep.map(exactly));
	});

	await test.step('burst exchange', async () => {
		for (const round of burstRounds) {
			await send(alice.page, text('Alice', round));
			await send(bob.page, text('Bob', round));
		}
		const anyBurst = new RegExp(`(Alice|Bob) #(${burstRounds.join('|')}) says hi`);
		const expected = [...lockstep.map(exactly), ...burstRounds.flatMap(() => [anyBurst, anyBurst])];
		for (const [view, mine, theirs] of [
			[a, aliceTexts, bobTexts],
			[b, bobTexts, aliceTexts]
		] as const) {
			await expect(view.incoming).toHaveText(theirs.map(exactly));
			await expect(view.outgoing).toHaveText(mine.map(exactly));
			await expect(view.bubbles).toHaveText(expected);
			await expect(view.outgoing.and(view.log.locator(':not([data-status="sent"], [data-status="read"])'))).toHaveCount(0);
			await expect(view.outgoing.getByLabel(DELIVERED)).toHaveCount(mine.length);
		}
	});

	await test.step('Shift+Enter writes a newline, Enter sends', async () => {
		await a.composer.click();
		await a.composer.pressSequentially('first line');
		await a.composer.press('Shift+Enter');
		await a.composer.pressSequentially('second line');
		await expect(a.composer).toHaveValue('first line\nsecond line');
		await a.composer.press('Enter');
		await expect(a.composer).toHaveValue('');
		await expect(b.incoming).toHaveCount(aliceTexts.length + 1);
		await expect(b.incoming.last()).toContainText('first line');
		await expect(b.incoming.last()).toContainText('second line');
		await expect(a.outgoing.last()).toHaveAttribute('data-status', /^(sent|read)$/);
		await screenshot(alice.page, 'chat-02-desktop-alice');
		await screenshot(bob.page, 'chat-02-desktop-bob');
	});

	await test.step('phone width shows one pane', async () => {
		await alice.page.setViewportSize(PHONE);
		await expect
			.poll(async () => [await a.conversations.isVisible(), await a.log.isVisible()].filter(Boolean).length, {
				message: 'exactly one of the conversation list and the thread is visible'
			})
			.toBe(1);
		await screenshot(alice.page, 'chat-03-phone-alice');
		await alice.page.setViewportSize(DESKTOP);
	});

	await test.step('reload keeps identity, conversation and history', async () => {
		const before = await b.bubbles.allInnerTexts();
		const order = before.map((item) => /(Alice|Bob) #\d\d says hi|first line/.exec(item)?.[0] ?? item);
		expect(order).toHaveLength(lockstep.length + burstRounds.length * 2 + 1);

		await bob.page.reload();
		await expect(b.connection).toBeVisible();
		expect((await readOwnContact(bob.page)).id).toBe(bobId);
		const conversation = conversationButton(bob.page, 'Alice');
		await expect(conversation).toBeVisible();
		if (!(await threadHeading(bob.page, 'Alice').isVisible())) await conversation.click();
		await expect(threadHeading(bob.page, 'Alice')).toBeVisible();
		await expect(b.bubbles).toHaveText(order.map(exactly));
		await expect(b.outgoing).toHaveText(bobTexts.map(exactly));
		await expect(b.outgoing.getByLabel(DELIVERED)).toHaveCount(bobTexts.length);
		await screenshot(bob.page, 'chat-04-bob-after-reload');
	});
});

test('a message to a contact who is not online shows as pending', async ({ openPeer }) => {
	const { alice, bob } = await openAliceAndBob(openPeer);
	const a = ui(alice.page);
	await connectAliceAndBob(alice, bob);

	await send(alice.page, 'delivered while Bob is here');
	await expect(a.outgoing.last()).toHaveAttribute('data-status', /^(sent|read)$/);

	// Only Bob's page goes; the fixture still owns and closes his context.
	await bob.page.close();
	// A closed page sends no goodbye; the app notices through its heartbeat
	// (3 s beats, dead after 9 s of silence), which outlasts expect's default.
	await expect(a.presence).toHaveText(/^(offline|connecting…|last seen .+)$/, { timeout: 20_000 });

	await send(alice.page, 'written while Bob is away');
	const bubble = a.outgoing.filter({ hasText: 'written while Bob is away' });
	await expect(bubble).toHaveAttribute('data-status', 'pending');
	await expect(bubble.getByLabel('Status: Pending', { exact: true })).toBeVisible();
	await expect(a.outgoing).toHaveCount(2);
	await expect(a.connection).toHaveText('Online');
	await screenshot(alice.page, 'pending-alice');
});
