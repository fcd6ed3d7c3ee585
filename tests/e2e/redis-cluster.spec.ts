import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { rm } from 'node:fs/promises';
import { startAppServer, type RunningAppServer } from '../../bench/server';
import { redisAvailable, startRedis, type RedisServer } from '../../peer-server/test/redis-fixture';
import type { Peer } from './fixtures';
import { expect, test as base } from './fixtures';
import { send } from './chat-steps';
import { acceptRequest, expectDelivered, expectPending, randomHandle, registerHandle } from './discovery-steps';
import { addContact, conversationButton, onboard, threadHeading, ui } from './parley-ui';

/** Two server processes on two ports sharing one throwaway redis-server. */
interface Cluster {
	readonly one: string;
	readonly two: string;
	/** SIGKILL to process one: no goodbyes, its registrations stay in Redis until they expire. */
	crashOne(): Promise<void>;
	/** A fresh process one on the same port with the same settings. */
	startOne(): Promise<void>;
}

const test = base.extend<{ cluster: Cluster }>({
	// eslint-disable-next-line no-empty-pattern
	cluster: async ({}, use) => {
		const redis: RedisServer = await startRedis();
		// One data folder for both: they share the deployment id, salt and pepper files there.
		const directoryFile = join(tmpdir(), `parley-cluster-${process.pid}-${Date.now()}`, 'directory.jsonl');
		const env = { REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix() };
		let one: RunningAppServer = await startAppServer({ directoryFile, env });
		const two = await startAppServer({ directoryFile, env });
		try {
			await use({
				one: one.baseURL,
				two: two.baseURL,
				crashOne: () => one.stop('SIGKILL'),
				startOne: async () => {
					one = await startAppServer({ port: one.port, directoryFile, env });
				}
			});
		} finally {
			await Promise.allSettled([one.stop(), two.stop()]);
			await redis.stop();
			await rm(join(directoryFile, '..'), { recursive: true, force: true });
		}
	},
	baseURL: async ({ cluster }, use) => use(cluster.one)
});

/** Opens the app from `origin` (each peer's page is served by its own process). */
async function openAt(peer: Peer, origin: string, name: string): Promise<void> {
	// What the fixture grants its own origin: loopback ICE host candidates instead of mDNS names.
	await peer.context.grantPermissions(['microphone'], { origin });
	await peer.page.setViewportSize({ width: 1280, height: 800 });
	await peer.page.goto(`${origin}/`);
	await expect(ui(peer.page).onboardingHeading).toBeVisible();
	await onboard(peer.page, name);
}

test.skip(!redisAvailable, 'redis-server is not installed (CI installs it and never skips)');

test('Alice on process 1 and Bob on process 2 find each other by handle, chat, and survive a restart of process 1', async ({ openPeer, cluster }) => {
	test.setTimeout(240_000);
	const handle = randomHandle('alice');
	const alice = await openPeer('alice');
	const bob = await openPeer('bob');
	await Promise.all([openAt(alice, cluster.one, 'Alice'), openAt(bob, cluster.two, 'Bob')]);

	await test.step('Alice registers a handle through process 1; Bob finds it through process 2', async () => {
		await registerHandle(alice.page, handle);
		await ui(alice.page).closeSettings.click();
		await addContact(bob.page, `@${handle}`);
		await expect(threadHeading(bob.page, handle)).toBeVisible({ timeout: 30_000 });
		await expect(ui(bob.page).presence).toHaveText('online', { timeout: 30_000 });
	});

	await test.step('they chat both ways across the two processes', async () => {
		await send(bob.page, 'Bob on process two');
		await acceptRequest(alice.page, 'Bob');
		await send(alice.page, 'Alice on process one');
		await expectDelivered(bob.page, alice.page, 'Bob on process two');
		await expectDelivered(alice.page, bob.page, 'Alice on process one');
	});

	await test.step('process 1 crashes; Bob reloads, so neither has a data channel; both write', async () => {
		await cluster.crashOne();
		await expect(ui(alice.page).connection).not.toHaveText('Online', { timeout: 20_000 });
		await bob.page.reload();
		await expect(ui(bob.page).connection).toHaveText('Online', { timeout: 45_000 });
		await conversationButton(bob.page, handle).click();
		await send(alice.page, 'Alice while process one is down');
		await send(bob.page, 'Bob while process one is down');
		await expectPending(alice.page, ['Alice while process one is down']);
		await expectPending(bob.page, ['Bob while process one is down']);
	});

	await test.step('process 1 comes back: Alice reconnects and both pending messages flush', async () => {
		await cluster.startOne();
		await expect(ui(alice.page).connection).toHaveText('Online', { timeout: 45_000 });
		await expectDelivered(alice.page, bob.page, 'Alice while process one is down');
		await expectDelivered(bob.page, alice.page, 'Bob while process one is down');
	});
});
