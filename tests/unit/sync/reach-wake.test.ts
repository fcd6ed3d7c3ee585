import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { GroupId } from '../../../src/lib/group/group-ids';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { Channel, Connections, ConnectionEvents } from '../../../src/lib/messenger/connections';
import { Reach } from '../../../src/lib/messenger/reach';
import {
	BACKGROUND_DIAL_BURST,
	BACKGROUND_DIALS_PER_SECOND,
	QUICK_RETRIES,
	QUICK_RETRY_CONTACTS,
	QUICK_RETRY_WINDOW_MS,
	RETRY_MAX_MS
} from '../../../src/lib/sync/reach-policy';
import { Emitter } from '../../../src/lib/util/emitter';

// The wake-up rules of Reach (PROTOCOL §7a), on a fake clock over a stub of Connections whose
// dials all fail a moment after they start, as dials to a peer that is away (or overloaded) do.

const dbs: ChatDb[] = [];
const stops: (() => void)[] = [];
let counter = 0;

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});

afterEach(async () => {
	for (const stop of stops.splice(0)) stop();
	vi.restoreAllMocks();
	vi.useRealTimers();
	for (const db of dbs.splice(0)) {
		db.close();
		await db.delete();
	}
});

/**
 * Moves the fake clock in small steps, letting IndexedDB (fake-indexeddb answers on
 * setImmediate, which stays real) answer the reads Reach makes in between.
 */
async function advance(ms: number, stepMs = 50): Promise<void> {
	for (let spent = 0; spent < ms; spent += stepMs) {
		await vi.advanceTimersByTimeAsync(Math.min(stepMs, ms - spent));
		for (let i = 0; i < 6; i++) await new Promise((resolve) => setImmediate(resolve));
	}
}

const peerOf = (i: number) => `peer-${String(i).padStart(3, '0')}` as PeerId;

async function scene(users: { peer: PeerId; owed: boolean; activity: number }[]) {
	const db = new ChatDb(`reach-wake-${++counter}`);
	dbs.push(db);
	await db.users.bulkAdd(users.map(({ peer, activity }) => ({ peerId: peer, name: peer, state: 'contact' as const, addedAt: 0, lastActivity: activity })));
	await db.groupDelivery.bulkAdd(
		users.filter((user) => user.owed).map(({ peer }, i) => ({ messageId: `m-${i}` as MessageId, member: peer, group: 'g-1' as GroupId, seq: i + 1, status: 'pending' as const }))
	);
	const events = new Emitter<ConnectionEvents>();
	const dials: { peer: PeerId; at: number }[] = [];
	const dialing = new Set<PeerId>();
	const signalling = { up: true };
	const connections = {
		events,
		isDialing: (peer: PeerId) => dialing.has(peer),
		channel: () => undefined as Channel | undefined,
		ensure: (peer: PeerId) => {
			if (dialing.has(peer)) return true;
			if (!signalling.up) return false;
			dials.push({ peer, at: Date.now() });
			queueMicrotask(() => events.emit('handshakeEnded', peer, true));
			return true;
		}
	} as unknown as Connections;
	const reach = new Reach(db, connections, { now: () => Date.now() });
	stops.push(() => reach.stop());
	const dialsTo = (peer: PeerId) => dials.filter((dial) => dial.peer === peer).map((dial) => dial.at);
	return { events, dials, dialsTo, dialing, reach, signalling };
}

/** The gaps between a peer's dials fall on the first backoff steps (~1 s, 2 s, 4 s). */
function expectQuickSteps(times: number[], t0: number): void {
	const gaps = times.map((at, i, all) => at - (all[i - 1] ?? t0));
	expect(gaps).toHaveLength(1 + QUICK_RETRIES);
	gaps.slice(1).forEach((gap, i) => {
		expect(gap).toBeGreaterThanOrEqual(500 * 2 ** i);
		expect(gap).toBeLessThanOrEqual(1000 * 2 ** i);
	});
}

describe('a peer the user asked for (a contact just added, a chat opened) whom I owe nothing', () => {
	it('is dialled again on the first backoff steps when the dial fails, a bounded number of times', async () => {
		const alice = peerOf(5);
		// Not even in the address book's dial candidates: nothing owed, no activity.
		const { dialsTo, reach } = await scene([]);
		const t0 = Date.now();
		reach.want(alice);
		await advance(2 * RETRY_MAX_MS, 250);
		expectQuickSteps(dialsTo(alice), t0);
	});

	it('gets those retries too when asked for while signalling was down', async () => {
		const alice = peerOf(6);
		const { dialsTo, reach, signalling } = await scene([]);
		signalling.up = false;
		reach.want(alice);
		await advance(5_000);
		expect(dialsTo(alice)).toHaveLength(0);
		signalling.up = true;
		const t0 = Date.now();
		await reach.dialOnConnect();
		await advance(2 * RETRY_MAX_MS, 250);
		expectQuickSteps(dialsTo(alice), t0);
	});

	it('gets them again each time the user asks again, from the first step', async () => {
		// Every delay at the top of its range: the first round's dials at 1 s, 3 s, 7 s, its next
		// (late) step due at 15 s, still waiting when the user asks again at 10 s.
		vi.spyOn(Math, 'random').mockReturnValue(0.999_9);
		const alice = peerOf(7);
		const { dialsTo, reach } = await scene([]);
		reach.want(alice);
		await advance(10_000);
		expect(dialsTo(alice)).toHaveLength(1 + QUICK_RETRIES);
		const t0 = Date.now();
		reach.want(alice);
		await advance(8_000);
		expectQuickSteps(dialsTo(alice).slice(1 + QUICK_RETRIES), t0);
	});
});

describe('coming online (the page shown again, the network back, signalling reopened)', () => {
	it('retries a failed dial to a recent contact I owe nothing on the first backoff steps, a bounded number of times', async () => {
		const carol = peerOf(1);
		const { dialsTo, reach } = await scene([{ peer: carol, owed: false, activity: 1 }]);
		const t0 = Date.now();
		await reach.dialOnConnect();
		await advance(2 * RETRY_MAX_MS, 250);
		const gaps = dialsTo(carol).map((at, i, all) => at - (all[i - 1] ?? t0));
		expect(gaps).toHaveLength(1 + QUICK_RETRIES);
		// ~1 s, 2 s, 4 s: each within [step / 2, step] of retryDelayMs.
		gaps.slice(1).forEach((gap, i) => {
			expect(gap).toBeGreaterThanOrEqual(500 * 2 ** i);
			expect(gap).toBeLessThanOrEqual(1000 * 2 ** i);
		});
	});

	it('gives those retries only to the most recent contacts, and not again on a wake-up soon after', async () => {
		const users = Array.from({ length: QUICK_RETRY_CONTACTS + 1 }, (_, i) => ({ peer: peerOf(i), owed: false, activity: i + 1 }));
		const { dialsTo, reach } = await scene(users);
		await reach.dialOnConnect();
		await advance(10_000);
		const oldest = peerOf(0);
		const newest = peerOf(QUICK_RETRY_CONTACTS);
		expect(dialsTo(oldest)).toHaveLength(1);
		expect(dialsTo(newest)).toHaveLength(1 + QUICK_RETRIES);

		// Shown again within the window: dialled again, but no new retries.
		await reach.dialOnConnect();
		await advance(10_000);
		expect(dialsTo(newest)).toHaveLength(2 + QUICK_RETRIES);
		// Once the window has passed, a wake-up gives them again.
		await advance(QUICK_RETRY_WINDOW_MS);
		await reach.dialOnConnect();
		await advance(10_000);
		expect(dialsTo(newest)).toHaveLength(3 + 2 * QUICK_RETRIES);
	});
});

describe('a knock from a peer I owe messages to', () => {
	/** Bob is owed and away: my retries have climbed to a late step by the time he knocks. */
	async function owedAndAway() {
		const bob = peerOf(2);
		const world = await scene([{ peer: bob, owed: true, activity: 1 }]);
		world.reach.owe(bob);
		await advance(40_000);
		return { bob, ...world };
	}

	it('brings my next dial to it within the first backoff step, not the late one', async () => {
		const { bob, dialsTo, events } = await owedAndAway();
		const before = dialsTo(bob).length;
		// His dial reached me but its handshake failed (load, a race with his signalling).
		events.emit('handshakeEnded', bob, false);
		await advance(1_100);
		expect(dialsTo(bob)).toHaveLength(before + 1);
	});

	it('does so even while a dial of mine sent before he came back is still under way', async () => {
		const { bob, dialsTo, events, dialing } = await owedAndAway();
		const before = dialsTo(bob).length;
		dialing.add(bob);
		events.emit('handshakeEnded', bob, false);
		await advance(1_100);
		expect(dialsTo(bob)).toHaveLength(before);
		// My stale dial times out: the retry follows at once, not at the late step.
		dialing.delete(bob);
		events.emit('handshakeEnded', bob, true);
		await advance(1_100);
		expect(dialsTo(bob)).toHaveLength(before + 1);
	});
});

describe('a retry that finds a handshake with the peer under way', () => {
	it('waits on the same backoff step: a step is spent only when a dial of mine starts', async () => {
		const bob = peerOf(3);
		const { dialsTo, events, dialing, reach } = await scene([{ peer: bob, owed: true, activity: 1 }]);
		// A slow handshake (his, or one of mine) lasts long enough for several steps to pass.
		dialing.add(bob);
		reach.owe(bob);
		await advance(30_000, 250);
		expect(dialsTo(bob)).toHaveLength(0);
		dialing.delete(bob);
		events.emit('handshakeEnded', bob, true);
		await advance(1_100);
		expect(dialsTo(bob)).toHaveLength(1);
	});
});

describe('a crowd coming back at once', () => {
	it(`starts at most ${BACKGROUND_DIAL_BURST} + ${BACKGROUND_DIALS_PER_SECOND} background dials in any second, and still dials everyone`, { timeout: 60_000 }, async () => {
		const CROWD = 200;
		const users = Array.from({ length: CROWD }, (_, i) => ({ peer: peerOf(i), owed: true, activity: i }));
		const { dials, dialsTo, events, reach } = await scene(users);
		await reach.dialOnConnect();
		await advance(1_000, 100);
		// Then every one of them knocks, and each knock fails: each restarts my backoff toward it.
		for (const { peer } of users) events.emit('handshakeEnded', peer, false);
		await advance(30_000, 250);
		const times = dials.map((dial) => dial.at).sort((a, b) => a - b);
		const busiest = Math.max(...times.map((at, i) => times.slice(i).filter((later) => later < at + 1_000).length));
		expect(busiest).toBeLessThanOrEqual(BACKGROUND_DIAL_BURST + BACKGROUND_DIALS_PER_SECOND);
		expect(users.every(({ peer }) => dialsTo(peer).length > 0)).toBe(true);
	});
});

describe('my groups’ members dialled once signalling is up', () => {
	it(`go through the same pace: at most ${BACKGROUND_DIAL_BURST} + ${BACKGROUND_DIALS_PER_SECOND} dials in any second, everyone dialled`, async () => {
		const { dials, dialsTo, reach } = await scene([]);
		const members = Array.from({ length: 120 }, (_, i) => peerOf(i));
		reach.queueDials(members);
		await advance(20_000, 250);
		const times = dials.map((dial) => dial.at).sort((a, b) => a - b);
		const busiest = Math.max(...times.map((at, i) => times.slice(i).filter((later) => later < at + 1_000).length));
		expect(busiest).toBeLessThanOrEqual(BACKGROUND_DIAL_BURST + BACKGROUND_DIALS_PER_SECOND);
		expect(members.every((peer) => dialsTo(peer).length > 0)).toBe(true);
	});

	it('are not dialled while invisible', async () => {
		const { dials, reach } = await scene([]);
		reach.pause();
		reach.queueDials([peerOf(1), peerOf(2)]);
		await advance(2_000, 250);
		expect(dials).toEqual([]);
	});
});
