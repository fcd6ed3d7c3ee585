// @ts-nocheck
// 
// 
import { expect, test } from './fixtures';
import type { Peer } from './fixtures';
import { openApp } from './chat-steps';
import { NO_PROBLEMS, deliveryProblems } from './delivery-check';
import { addContactByHook, enableTestHooks, readStats, sendInOrder, setInvisible, waitForHooks } from './parley-hooks';
import { onboard, ui } from './parley-ui';
import { between, mulberry32, seedFrom } from './seeded-random';

// Three peers write to each other while a seeded RNG reloads pages (also in the middle of a
// batch of sends), flips invisible mode and cuts the network. Delivery must still be exactly once
// and in each author's order.
const NAMES = ['A', 'B', 'C'] as const;
const PER_PAIR = 500;
const BATCH = { min: 10, max: 40 };
const PAUSE_MS = { min: 50, max: 600 };
/** How long a batch runs before the page reloads under it. */
const MID_SEND_MS = { min: 5, max: 150 };
const DRAIN_TIMEOUT_MS = 120_000;
const SEED = seedFrom(process.env.CHAOS_SEED);

type Chaos = 'reload' | 'reloadMidSend' | 'invisible' | 'offline';
const CHANCE: Record<Chaos, number> = { reload: 0.1, reloadMidSend: 0.08, invisible: 0.12, offline: 0.12 };

interface Member {
	name: string;
	peer: Peer;
	id: string;
	/** Per recipient: messages known to be stored (as pending or sent); the next text's index. */
	sent: Map<string, number>;
}

interface Batch {
	other: Member;
	from: number;
	texts: string[];
}

const text = (from: string, to: string, index: number) => `${from}>${to}#${index}`;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function join(peer: Peer, name: string): Promise<Member> {
	await enableTestHooks(peer.context);
	await openApp(peer);
	await onboard(peer.page, name);
	return { name, peer, id: await waitForHooks(peer.page), sent: new Map() };
}

function pick(random: () => number): Chaos | 'none' {
	let roll = random();
	for (const [event, chance] of Object.entries(CHANCE) as [Chaos, number][]) {
		if (roll < chance) return event;
		roll -= chance;
	}
	return 'none';
}

async function storedRows(member: Member): Promise<number> {
	const stats = await readStats(member.peer.page);
	return stats.pending + stats.sent;
}

/**
 * Reloads while one batch (to one recipient) is being written. Its sends run one after another,
 * so what got stored is a prefix of the batch, as long as the sender's row count says.
 */
async function reloadMidSend(member: Member, { other, from, texts }: Batch, random: () => number): Promise<boolean> {
	const { page } = member.peer;
	const before = await storedRows(member);
	const sending = sendInOrder(page, [{ peer: other.id, texts }]).then(
		() => true,
		() => false
	);
	await pause(between(random, MID_SEND_MS.min, MID_SEND_MS.max));
	await page.reload();
	const finished = await sending;
	await waitForHooks(page);
	const stored = (await storedRows(member)) - before;
	expect(stored, `${member.name} stored part of an interrupted batch`).toBeGreaterThanOrEqual(0);
	expect(stored).toBeLessThanOrEqual(texts.length);
	if (finished) expect(stored, 'a batch that finished before the reload is stored whole').toBe(texts.length);
	member.sent.set(other.name, from + stored);
	return stored < texts.length;
}

/** Chaos events, and `cutShort`: mid-batch reloads that really stopped a batch part-way. */
type Counts = Record<Chaos | 'cutShort', number>;

/** One member's run: batches of sends, some wrapped in a chaos event drawn from its own RNG. */
async function run(member: Member, others: Member[], random: () => number, events: Counts): Promise<void> {
	const { page, context } = member.peer;
	const remaining = () => others.filter((other) => (member.sent.get(other.name) ?? 0) < PER_PAIR);
	while (remaining().length > 0) {
		const size = between(random, BATCH.min, BATCH.max);
		const batches: Batch[] = remaining().map((other) => {
			const from = member.sent.get(other.name) ?? 0;
			const count = Math.min(size, PER_PAIR - from);
			return { other, from, texts: Array.from({ length: count }, (_, i) => text(member.name, other.name, from + i)) };
		});
		const send = async () => {
			await sendInOrder(page, batches.map(({ other, texts }) => ({ peer: other.id, texts })));
			for (const { other, from, texts } of batches) member.sent.set(other.name, from + texts.length);
		};
		const event = pick(random);
		if (event !== 'none') events[event] += 1;
		if (event === 'reload') {
			await page.reload();
			await waitForHooks(page);
			await send();
		} else if (event === 'reloadMidSend') {
			if (await reloadMidSend(member, batches[Math.floor(random() * batches.length)]!, random)) events.cutShort += 1;
		} else if (event === 'invisible') {
			await setInvisible(page, true);
			await send();
			await pause(between(random, PAUSE_MS.min, PAUSE_MS.max));
			await setInvisible(page, false);
		} else if (event === 'offline') {
			await context.setOffline(true);
			await send();
			await pause(between(random, PAUSE_MS.min, PAUSE_MS.max));
			await context.setOffline(false);
		} else {
			await send();
		}
	}
}

test('3 peers, 3,000 messages under reloads, invisible mode and network loss: each delivered once, in order', async ({
	openPeer
}) => {
	test.setTimeout(300_000);
	console.log(`chaos seed ${SEED} (replay with CHAOS_SEED=${SEED})`);
	const started = Date.now();
	const members = await Promise.all(NAMES.map(async (name) => join(await openPeer(name), name)));
	for (const member of members) {
		for (const other of members) if (other !== member) await addContactByHook(member.peer.page, other.id);
	}
	const setupDone = Date.now();

	const events: Counts = { reload: 0, reloadMidSend: 0, cutShort: 0, invisible: 0, offline: 0 };
	const seeds = mulberry32(SEED);
	await Promise.all(
		members.map((member) =>
			run(
				member,
				members.filter((other) => other !== member),
				mulberry32(Math.floor(seeds() * 2 ** 32)),
				events
			)
		)
	);
	const sendingDone = Date.now();

	for (const { peer } of members) await expect(ui(peer.page).connection).toHaveText('Online', { timeout: 30_000 });
	await expect
		.poll(async () => Promise.all(members.map(async ({ peer }) => (await readStats(peer.page)).pending)), {
			message: 'every outbox drains',
			timeout: DRAIN_TIMEOUT_MS,
			intervals: [250, 500, 1_000]
		})
		.toEqual(members.map(() => 0));
	const drained = Date.now();

	for (const member of members) {
		const stats = await readStats(member.peer.page);
		const others = members.filter((other) => other !== member);
		expect(stats.sent, `${member.name}'s sent rows`).toBe(PER_PAIR * others.length);
		const expected = new Map(
			others.map((other) => [other.id, Array.from({ length: PER_PAIR }, (_, i) => text(other.name, member.name, i))] as const)
		);
		expect(deliveryProblems(stats.received, expected), `delivery to ${member.name}`).toEqual(NO_PROBLEMS);
	}

	const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
	const total = PER_PAIR * members.length * (members.length - 1);
	console.log(
		`chaos seed ${SEED}: ${total} messages; setup ${seconds(started, setupDone)}, sending ${seconds(setupDone, sendingDone)}, ` +
			`drain ${seconds(sendingDone, drained)}, total ${seconds(started, drained)}; ` +
			`events: ${events.reload} reloads between batches, ${events.reloadMidSend} mid-batch (${events.cutShort} cut a batch short), ` +
			`${events.invisible} invisible, ${events.offline} offline`
	);
});
