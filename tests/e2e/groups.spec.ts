import type { Page } from '@playwright/test';
import { audit, report, type Finding } from './axe-audit';
import { openApp, send } from './chat-steps';
import { expect, screenshot, test, type Peer } from './fixtures';
import { enableTestHooks, setInvisible, waitForHooks } from './parley-hooks';
import { addContact, conversationButton, messageAction, createGroup, groupUi, onboard, readOwnContact, threadHeading, ui } from './parley-ui';

// Four people, each in their own browser profile. Alice has the other three as contacts and they
// have her; Bob, Carol and Dave do not know each other: in the group they are 'group' members.
const NAMES = ['Alice', 'Bob', 'Carol', 'Dave'] as const;
type Name = (typeof NAMES)[number];
const GROUP = 'Climbing trip';

/** A bubble of the open thread holding `text`. */
const bubble = (page: Page, text: string) => ui(page).bubbles.filter({ hasText: text });

/** Opens the group from the conversation list (it arrives by invitation on the others' devices). */
async function openGroup(page: Page, name = GROUP): Promise<void> {
	await conversationButton(page, name).click();
	await expect(threadHeading(page, name)).toBeVisible();
}

/** How many stored messages (either table) hold `text` on this device: "stored nowhere" is 0. */
async function storedWith(page: Page, text: string): Promise<number> {
	return page.evaluate(
		(text) =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open('parley');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['sender', 'receiver'], 'readonly');
					let count = 0;
					let pending = 2;
					for (const name of ['sender', 'receiver']) {
						const all = tx.objectStore(name).getAll();
						all.onsuccess = () => {
							count += (all.result as { text?: string }[]).filter((row) => row.text === text).length;
							if (--pending === 0) {
								db.close();
								resolve(count);
							}
						};
					}
				};
			}),
		text
	);
}

/** Closes a peer's page (it goes offline) and later opens a new one on the same profile. */
async function goAway(peer: Peer): Promise<void> {
	await peer.page.close();
}

async function comeBack(peer: Peer): Promise<void> {
	peer.page = await peer.context.newPage();
	await peer.page.setViewportSize({ width: 1280, height: 800 });
	await peer.page.goto('/');
	await expect(ui(peer.page).connection).toHaveText('Online');
}

test('4 peers: create a group, chat, delivery and reads per member, catch up through a member after the author left, removal, rename, leave, reload', async ({ openPeer }) => {
	test.setTimeout(420_000);
	const peers = {} as Record<Name, Peer>;
	const findings: Finding[] = [];

	await test.step('four people onboard; Alice and each other person are contacts', async () => {
		for (const name of NAMES) peers[name] = await openPeer(name.toLowerCase());
		// Dave's hooks turn invisible mode on and off (he must not learn of his removal at once).
		await enableTestHooks(peers.Dave.context);
		await Promise.all(NAMES.map((name) => openApp(peers[name])));
		await Promise.all(NAMES.map((name) => onboard(peers[name].page, name)));
		await waitForHooks(peers.Dave.page);
		const links = {} as Record<Name, string>;
		for (const name of NAMES) links[name] = (await readOwnContact(peers[name].page)).link;
		for (const name of ['Bob', 'Carol', 'Dave'] as const) {
			await addContact(peers.Alice.page, links[name]);
			await expect(threadHeading(peers.Alice.page, name)).toBeVisible();
			await addContact(peers[name].page, links.Alice);
			await expect(threadHeading(peers[name].page, 'Alice')).toBeVisible();
		}
	});

	const alice = () => peers.Alice.page;

	await test.step('Alice creates the group; everyone gets it with its system line', async () => {
		const group = groupUi(alice());
		await group.newGroup.click();
		await expect(group.create).toBeDisabled();
		await group.form.getByRole('searchbox', { name: 'Search contacts' }).fill('car');
		await expect(group.form.getByRole('checkbox')).toHaveCount(1);
		await group.form.getByRole('searchbox', { name: 'Search contacts' }).fill('');
		await group.newGroup.click();
		await createGroup(alice(), GROUP, ['Bob', 'Carol', 'Dave']);
		await expect(threadHeading(alice(), GROUP)).toBeVisible();
		await expect(groupUi(alice()).systemLines.first()).toContainText(`You created the group “${GROUP}”`);
		for (const name of ['Bob', 'Carol', 'Dave'] as const) {
			const page = peers[name].page;
			await openGroup(page);
			await expect(groupUi(page).systemLines.first()).toContainText(`Alice created the group “${GROUP}”`);
			await expect(page.getByText('4 members')).toBeVisible();
		}
	});

	await test.step('chat: authors are named on incoming bubbles; the sender sees delivery and reads per member', async () => {
		// Dave looks at another conversation: the message reaches him, but he has not read it yet.
		await conversationButton(peers.Dave.page, 'Alice').click();
		await expect(threadHeading(peers.Dave.page, 'Alice')).toBeVisible();
		await send(alice(), 'Hello climbers');
		for (const name of ['Bob', 'Carol'] as const) {
			await expect(bubble(peers[name].page, 'Hello climbers')).toContainText('Alice');
		}
		await send(peers.Bob.page, 'Bob here, in for Saturday');
		await expect(bubble(alice(), 'Bob here')).toContainText('Bob');
		await expect(bubble(peers.Carol.page, 'Bob here')).toContainText('Bob');
		const mine = bubble(alice(), 'Hello climbers');
		const group = groupUi(alice());
		// Bob and Carol have the group open (their receipts came back); Dave only holds it.
		await expect(group.delivery(mine)).toHaveAccessibleName('Read by 2 of 3: message info');
		await expect(mine).toHaveAttribute('data-status', 'sent');
		await group.delivery(mine).click();
		await expect(group.infoMembers).toHaveCount(3);
		for (const name of ['Bob', 'Carol']) await expect(group.infoMembers.filter({ hasText: name })).toHaveAttribute('data-status', 'read');
		await expect(group.infoMembers.filter({ hasText: 'Dave' })).toHaveAttribute('data-status', 'delivered');
		await expect(group.infoMembers.filter({ hasText: 'Dave' })).toContainText('Delivered');
		await screenshot(alice(), 'groups-message-info');
		await audit(alice(), 'group-message-info', findings);
		// Dave opens the group: now every member has read it, and the bubble's tick says so.
		await openGroup(peers.Dave.page);
		await expect(bubble(peers.Dave.page, 'Hello climbers')).toContainText('Alice');
		await expect(group.infoMembers.filter({ hasText: 'Dave' })).toHaveAttribute('data-status', 'read');
		await group.info.getByRole('button', { name: 'Close' }).click();
		await expect(group.delivery(mine)).toHaveAccessibleName('Read by all 3: message info');
		await expect(mine).toHaveAttribute('data-status', 'read');
		await screenshot(alice(), 'groups-thread');
		await audit(alice(), 'group-thread', findings);
	});

	await test.step('an edit reaches every member; a search hit in the group names it and opens it at the message', async () => {
		const id = await bubble(alice(), 'Hello climbers').getAttribute('data-message-id');
		const target = ui(alice()).bubbles.and(alice().locator(`[data-message-id="${id}"]`));
		await messageAction(target, 'Edit');
		const field = target.getByLabel('Edit message text');
		await field.fill('Hello climbers, ropes ready');
		await field.press('Enter');
		for (const name of ['Bob', 'Carol', 'Dave'] as const) await expect(bubble(peers[name].page, 'Hello climbers, ropes ready')).toBeVisible();
		// My own group edit keeps its history, as in a direct thread; so does a member's copy.
		for (const page of [alice(), peers.Bob.page]) {
			await bubble(page, 'Hello climbers, ropes ready').getByRole('button', { name: 'Edited: show edit history' }).click();
			const history = bubble(page, 'Hello climbers, ropes ready').getByRole('group', { name: 'Edit history' });
			await expect(history).toContainText('Original Hello climbers');
			await expect(history).toContainText('Edit 1 Hello climbers, ropes ready');
		}
		const page = peers.Dave.page;
		await conversationButton(page, 'Alice').click();
		const box = page.getByRole('searchbox', { name: 'Search messages' });
		await box.fill('ropes');
		const hit = page.getByRole('region', { name: 'Search results' }).getByRole('button', { name: /ropes ready/ });
		await expect(hit).toContainText(GROUP);
		await expect(hit).toContainText('Alice:');
		await hit.click();
		await expect(threadHeading(page, GROUP)).toBeVisible();
		await expect(bubble(page, 'Hello climbers, ropes ready')).toBeInViewport();
		await box.fill('');
	});

	await test.step('the member list shows roles and presence; a member who is no contact can be added or messaged', async () => {
		const carol = groupUi(peers.Carol.page);
		await carol.openDetails.click();
		await expect(carol.members).toHaveCount(4);
		await expect(carol.members.filter({ hasText: 'Alice' })).toContainText('Creator');
		const bob = carol.members.filter({ hasText: 'Bob' });
		await expect(bob).toContainText('not in your contacts');
		await expect(bob.getByRole('button', { name: 'Add contact: Bob' })).toBeVisible();
		await expect(bob.getByRole('button', { name: 'Message Bob' })).toBeVisible();
		// Carol is no admin: she cannot remove anyone.
		await expect(carol.details.getByRole('button', { name: /^Remove .* from the group$/ })).toHaveCount(0);
		await screenshot(peers.Carol.page, 'groups-member-list');
		await audit(peers.Carol.page, 'group-member-list', findings);
		await carol.details.getByRole('button', { name: 'Close' }).click();
	});

	await test.step('at phone width (390 px) the group thread and its details fit the screen', async () => {
		const page = peers.Carol.page;
		const carol = groupUi(page);
		await page.setViewportSize({ width: 390, height: 844 });
		await expect(threadHeading(page, GROUP)).toBeVisible();
		await expect(bubble(page, 'Hello climbers, ropes ready')).toBeVisible();
		const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(await overflow()).toBeLessThanOrEqual(0);
		await screenshot(page, 'groups-thread-phone');
		await carol.openDetails.click();
		await expect(carol.members).toHaveCount(4);
		await expect(carol.members.filter({ hasText: 'Bob' }).getByRole('button', { name: 'Message Bob' })).toBeInViewport();
		expect(await overflow()).toBeLessThanOrEqual(0);
		await screenshot(page, 'groups-member-list-phone');
		await audit(page, 'group-member-list-phone', findings);
		await carol.details.getByRole('button', { name: 'Close' }).click();
		await page.setViewportSize({ width: 1280, height: 800 });
	});

	await test.step('Carol is away; Alice writes and goes away too; Carol catches up through Bob', async () => {
		await goAway(peers.Carol);
		await send(alice(), 'Written while Carol was away');
		await expect(bubble(peers.Bob.page, 'Written while Carol was away')).toBeVisible();
		// Bob and Dave have the group open: they read it at once.
		await expect(groupUi(alice()).delivery(bubble(alice(), 'Written while Carol'))).toHaveAccessibleName('Read by 2 of 3: message info');
		await goAway(peers.Alice);
		await comeBack(peers.Carol);
		await openGroup(peers.Carol.page);
		await expect(bubble(peers.Carol.page, 'Written while Carol was away')).toHaveCount(1);
		await expect(bubble(peers.Carol.page, 'Written while Carol was away')).toContainText('Alice');
		await comeBack(peers.Alice);
		await openGroup(alice());
	});

	await test.step('Alice removes Dave while he is invisible: what he writes before he learns of it reaches nobody', async () => {
		await setInvisible(peers.Dave.page, true);
		const group = groupUi(alice());
		await group.openDetails.click();
		await group.details.getByRole('button', { name: 'Remove Dave from the group' }).click();
		await expect(group.members).toHaveCount(3);
		await group.details.getByRole('button', { name: 'Close' }).click();
		await expect(group.systemLines.filter({ hasText: 'You removed Dave' })).toHaveCount(1);
		await expect(groupUi(peers.Bob.page).systemLines.filter({ hasText: 'Alice removed Dave' })).toHaveCount(1);
		// Dave, unaware, writes; when he is reachable again every member refuses his copy.
		await send(peers.Dave.page, 'Dave after removal');
		await setInvisible(peers.Dave.page, false);
		await expect(groupUi(peers.Dave.page).systemLines.filter({ hasText: 'Alice removed you' })).toHaveCount(1);
		await expect(peers.Dave.page.getByText('You were removed from this group.')).toBeVisible();
		await expect(ui(peers.Dave.page).composer).toHaveCount(0);
		await send(alice(), 'After Dave left us');
		for (const name of ['Bob', 'Carol'] as const) await expect(bubble(peers[name].page, 'After Dave left us')).toBeVisible();
		await expect(bubble(peers.Dave.page, 'After Dave left us')).toHaveCount(0);
		for (const name of ['Alice', 'Bob', 'Carol'] as const) {
			await expect(bubble(peers[name].page, 'Dave after removal')).toHaveCount(0);
			expect(await storedWith(peers[name].page, 'Dave after removal')).toBe(0);
		}
	});

	await test.step('rename and leave show system lines everywhere', async () => {
		const group = groupUi(alice());
		await group.openDetails.click();
		await group.details.getByLabel('Rename the group').fill('Climbing 2027');
		await group.details.getByRole('button', { name: 'Rename', exact: true }).click();
		await group.details.getByRole('button', { name: 'Close' }).click();
		await expect(threadHeading(alice(), 'Climbing 2027')).toBeVisible();
		await expect(threadHeading(peers.Bob.page, 'Climbing 2027')).toBeVisible();
		await expect(groupUi(peers.Bob.page).systemLines.filter({ hasText: 'Alice renamed the group to “Climbing 2027”' })).toHaveCount(1);
		await peers.Bob.page.getByRole('button', { name: 'Conversation actions' }).click();
		await peers.Bob.page.getByRole('menuitem', { name: 'Leave group…' }).click();
		const bob = groupUi(peers.Bob.page);
		await bob.leaveDialog.getByRole('button', { name: 'Leave group' }).click();
		await expect(peers.Bob.page.getByText('You left this group.')).toBeVisible();
		await expect(group.systemLines.filter({ hasText: 'Bob left' })).toHaveCount(1);
		await expect(groupUi(peers.Carol.page).systemLines.filter({ hasText: 'Bob left' })).toHaveCount(1);
	});

	await test.step('a reload keeps the group, its messages and its system lines', async () => {
		const page = peers.Carol.page;
		await page.reload();
		await expect(ui(page).connection).toHaveText('Online');
		await openGroup(page, 'Climbing 2027');
		for (const text of ['Hello climbers, ropes ready', 'Bob here', 'Written while Carol was away', 'After Dave left us']) await expect(bubble(page, text)).toHaveCount(1);
		await expect(bubble(page, 'Dave after removal')).toHaveCount(0);
		await expect(groupUi(page).systemLines).toHaveText([/created the group/, /removed Dave/, /renamed the group/, /Bob left/]);
	});

	expect(findings, report(findings)).toEqual([]);
});
