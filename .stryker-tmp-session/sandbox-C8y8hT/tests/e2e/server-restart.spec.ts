// @ts-nocheck
import type { Peer } from './fixtures';
import { connectAliceAndBob, openApp } from './chat-steps';
import { NO_PROBLEMS, deliveryProblems } from './delivery-check';
import { expect, test } from './own-server';
import { enableTestHooks, readStats, sendInOrder, waitForHooks } from './parley-hooks';
import { onboard, ui } from './parley-ui';

const OUTAGE_MESSAGES = 15;
const AFTER_MESSAGES = 30;

const texts = (label: string, from: number, count: number) => Array.from({ length: count }, (_, i) => `${label} #${from + i}`);

test('a PeerServer crash and restart on the same port loses and duplicates nothing', async ({ openPeer, ownServer }) => {
	test.setTimeout(180_000);
	const alice = await openPeer('alice');
	const bob = await openPeer('bob');
	await Promise.all([alice, bob].map((peer) => enableTestHooks(peer.context)));
	await Promise.all([openApp(alice), openApp(bob)]);
	await Promise.all([onboard(alice.page, 'Alice'), onboard(bob.page, 'Bob')]);
	const { aliceId, bobId } = await connectAliceAndBob(alice, bob);
	await Promise.all([waitForHooks(alice.page), waitForHooks(bob.page)]);

	const written = new Map<Peer, string[]>([
		[alice, []],
		[bob, []]
	]);
	/** Records only what `send` stored, so the final check knows exactly what must arrive. */
	const write = async (from: Peer, batch: string[]) => {
		await sendInOrder(from.page, [{ peer: from === alice ? bobId : aliceId, texts: batch }]);
		written.get(from)!.push(...batch);
	};
	const pendingBoth = async () => Promise.all([alice, bob].map(async (peer) => (await readStats(peer.page)).pending));
	const badges = [ui(alice.page).connection, ui(bob.page).connection];

	await test.step('exchange a message', async () => {
		await Promise.all([write(alice, ['Alice>Bob hello']), write(bob, ['Bob>Alice hello'])]);
		await expect.poll(pendingBoth, { message: 'first messages acknowledged' }).toEqual([0, 0]);
	});

	const outage = await test.step('crash the server; keep writing', async () => {
		await ownServer.crash();
		for (const badge of badges) await expect(badge).not.toHaveText('Online', { timeout: 20_000 });
		// Either over the still-open data channel or left pending; both are fine here.
		await Promise.all([
			write(alice, texts('Alice>Bob outage', 0, OUTAGE_MESSAGES)),
			write(bob, texts('Bob>Alice outage', 0, OUTAGE_MESSAGES))
		]);
		const presence = await Promise.all([alice, bob].map((peer) => ui(peer.page).presence.textContent()));
		return { pending: await pendingBoth(), presence };
	});

	const restartedIn = await test.step('restart it on the same port', async () => {
		await ownServer.restart();
		const started = Date.now();
		for (const badge of badges) await expect(badge).toHaveText('Online', { timeout: 45_000 });
		return Date.now() - started;
	});

	await test.step('keep writing while Bob reloads', async () => {
		const reloaded = bob.page.reload().then(() => waitForHooks(bob.page));
		await write(alice, texts('Alice>Bob after', 0, AFTER_MESSAGES / 2));
		await reloaded;
		await Promise.all([write(bob, texts('Bob>Alice after', 0, AFTER_MESSAGES)), write(alice, texts('Alice>Bob after', AFTER_MESSAGES / 2, AFTER_MESSAGES / 2))]);
		await expect(ui(bob.page).connection).toHaveText('Online', { timeout: 30_000 });
	});

	await test.step('everything arrives exactly once, in order', async () => {
		await expect.poll(pendingBoth, { message: 'both outboxes drain', timeout: 60_000, intervals: [250, 500, 1_000] }).toEqual([0, 0]);
		for (const [peer, from, fromId] of [
			[alice, bob, bobId],
			[bob, alice, aliceId]
		] as const) {
			const stats = await readStats(peer.page);
			expect(stats.sent, `${peer.name}'s sent rows`).toBe(written.get(peer)!.length);
			expect(deliveryProblems(stats.received, new Map([[fromId, written.get(from)!]])), `delivery to ${peer.name}`).toEqual(NO_PROBLEMS);
		}
	});
	console.log(
		`server restart: during the outage presence (alice, bob) = ${outage.presence.join(', ')}, ` +
			`unacknowledged right after writing = ${outage.pending.join(', ')} of ${OUTAGE_MESSAGES} each; ` +
			`both "Online" ${restartedIn} ms after the new server was up`
	);
});
