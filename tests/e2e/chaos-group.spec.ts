import { expect, test } from './fixtures';
import type { Peer } from './fixtures';
import { openApp } from './chat-steps';
import { NO_PROBLEMS, deliveryProblems } from './delivery-check';
import { addContactByHook, createGroupByHook, deliveryDebug, enableTestHooks, groupsByHook, readStats, sendInOrder, setInvisible, waitForHooks } from './parley-hooks';
import { onboard, ui } from './parley-ui';
import { between, mulberry32, seedFrom } from './seeded-random';

// Four members write into one group while a seeded RNG reloads pages (also in the middle of a
// batch), flips invisible mode and cuts the network. A message reaches a member from its author
// or relayed by another member (PROTOCOL §12d); either way every member must end with every other
// member's messages exactly once, in each author's order. Only the creator has the others as
// contacts: the rest know each other as group members only.
const NAMES = ['A', 'B', 'C', 'D'] as const;
const PER_MEMBER = 120;
const BATCH = { min: 5, max: 25 };
const PAUSE_MS = { min: 50, max: 600 };
const MID_SEND_MS = { min: 5, max: 150 };
const DRAIN_TIMEOUT_MS = 150_000;
const SEED = seedFrom(process.env.CHAOS_SEED);

type Chaos = 'reload' | 'reloadMidSend' | 'invisible' | 'offline';
const CHANCE: Record<Chaos, number> = { reload: 0.1, reloadMidSend: 0.08, invisible: 0.12, offline: 0.15 };
type Counts = Record<Chaos | 'cutShort', number>;

interface Member {
	name: string;
	peer: Peer;
	id: string;
	/** Messages known to be stored (pending or sent): the next text's index. */
	sent: number;
}

const text = (from: string, index: number) => `${from}#${index}`;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function join(peer: Peer, name: string): Promise<Member> {
	await enableTestHooks(peer.context);
	await openApp(peer);
	await onboard(peer.page, name);
	return { name, peer, id: await waitForHooks(peer.page), sent: 0 };
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

/** Reloads while a batch is being written: what got stored is a prefix of it. */
async function reloadMidSend(member: Member, group: string, texts: string[], random: () => number): Promise<boolean> {
	const { page } = member.peer;
	const before = await storedRows(member);
	const sending = sendInOrder(page, [{ peer: group, texts }]).then(
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
	member.sent += stored;
	return stored < texts.length;
}

/** An author's seqs in the order of their local times, as runs ("1-69, 95, 70, …"): shows how order broke. */
function seqRuns(rows: { seq: number; time: number }[]): string {
	const seqs = [...rows].sort((a, b) => a.time - b.time).map((row) => row.seq);
	const runs: string[] = [];
	for (let i = 0; i < seqs.length; ) {
		let j = i;
		while (j + 1 < seqs.length && seqs[j + 1] === seqs[j]! + 1) j += 1;
		runs.push(i === j ? `${seqs[i]}` : `${seqs[i]}-${seqs[j]}`);
		i = j + 1;
	}
	return runs.join(', ');
}

/** Around the first break of order: seq@time (ms after the author's first row) of 40 rows. */
function timesAtBreak(rows: { seq: number; time: number }[]): string {
	const sorted = [...rows].sort((a, b) => a.time - b.time);
	const at = sorted.findIndex((row, i) => i > 0 && row.seq <= sorted[i - 1]!.seq);
	if (at < 0) return 'in order';
	const base = sorted[0]!.time;
	return sorted
		.slice(Math.max(0, at - 25), at + 15)
		.map((row) => `${row.seq}@${(row.time - base).toFixed(1)}`)
		.join(' ');
}

async function run(member: Member, group: string, random: () => number, events: Counts): Promise<void> {
	const { page, context } = member.peer;
	while (member.sent < PER_MEMBER) {
		const count = Math.min(between(random, BATCH.min, BATCH.max), PER_MEMBER - member.sent);
		const texts = Array.from({ length: count }, (_, i) => text(member.name, member.sent + i));
		const send = async () => {
			await sendInOrder(page, [{ peer: group, texts }]);
			member.sent += texts.length;
		};
		const event = pick(random);
		if (event !== 'none') events[event] += 1;
		if (event === 'reload') {
			await page.reload();
			await waitForHooks(page);
			await send();
		} else if (event === 'reloadMidSend') {
			if (await reloadMidSend(member, group, texts, random)) events.cutShort += 1;
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

test('a 4-member group, 480 messages under reloads, invisible mode and network loss: each delivered once, in order', async ({
	openPeer
}) => {
	test.setTimeout(360_000);
	console.log(`group chaos seed ${SEED} (replay with CHAOS_SEED=${SEED})`);
	const started = Date.now();
	const members = await Promise.all(NAMES.map(async (name) => join(await openPeer(name), name)));
	const [creator, ...invited] = members as [Member, ...Member[]];
	for (const other of invited) await addContactByHook(creator.peer.page, other.id);
	const group = await createGroupByHook(
		creator.peer.page,
		'Chaos',
		invited.map((member) => member.id)
	);
	for (const member of invited) {
		await expect.poll(() => groupsByHook(member.peer.page), { message: `${member.name} gets the invitation`, timeout: 30_000 }).toEqual([group]);
	}
	const setupDone = Date.now();

	const events: Counts = { reload: 0, reloadMidSend: 0, cutShort: 0, invisible: 0, offline: 0 };
	const seeds = mulberry32(SEED);
	await Promise.all(members.map((member) => run(member, group, mulberry32(Math.floor(seeds() * 2 ** 32)), events)));
	const sendingDone = Date.now();

	for (const { peer } of members) await expect(ui(peer.page).connection).toHaveText('Online', { timeout: 30_000 });
	try {
		await expect
			.poll(async () => Promise.all(members.map(async ({ peer }) => (await readStats(peer.page)).pending)), {
				message: 'every member has every copy acked',
				timeout: DRAIN_TIMEOUT_MS,
				intervals: [250, 500, 1_000]
			})
			.toEqual(members.map(() => 0));
	} catch (error) {
		// Who still owes whom, and how each side sees the channel between them: what a stall needs.
		const names = new Map(members.map((member) => [member.id, member.name]));
		for (const member of members) {
			const debug = await deliveryDebug(member.peer.page);
			const owed = debug.owed.map(({ member: to, ...rest }) => `${names.get(to) ?? to}: ${JSON.stringify(rest)}`);
			console.log(`stalled drain: ${member.name} (signalling ${debug.transport}, ${JSON.stringify(debug.signalling)}) owes ${owed.join('; ') || 'nothing'}`);
		}
		throw error;
	}
	const drained = Date.now();

	for (const member of members) {
		const stats = await readStats(member.peer.page);
		expect(stats.sent, `${member.name}'s sent rows`).toBe(PER_MEMBER);
		const others = members.filter((other) => other !== member);
		const expected = new Map(others.map((other) => [other.id, Array.from({ length: PER_MEMBER }, (_, i) => text(other.name, i))] as const));
		const inGroup = stats.received.filter((row) => row.conversationId === group);
		expect(inGroup.length, `${member.name} stores group messages only in the group`).toBe(stats.received.length);
		const problems = deliveryProblems(inGroup, expected);
		if (problems.outOfOrder.length > 0) {
			for (const other of others) console.log(`${member.name} holds ${other.name}'s seqs in time order: ${seqRuns(inGroup.filter((row) => row.peerId === other.id))}; ${timesAtBreak(inGroup.filter((row) => row.peerId === other.id))}`);
		}
		expect(problems, `delivery to ${member.name}`).toEqual(NO_PROBLEMS);
	}

	const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
	console.log(
		`group chaos seed ${SEED}: ${PER_MEMBER * members.length} messages to ${members.length - 1} members each; setup ${seconds(started, setupDone)}, ` +
			`sending ${seconds(setupDone, sendingDone)}, drain ${seconds(sendingDone, drained)}, total ${seconds(started, drained)}; ` +
			`events: ${events.reload} reloads between batches, ${events.reloadMidSend} mid-batch (${events.cutShort} cut a batch short), ` +
			`${events.invisible} invisible, ${events.offline} offline`
	);
});
