import { describe, expect, it, vi } from 'vitest';
import { OWNER_BEAT_MS, OWNER_SILENT_MS, OwnerWatch } from '../../../src/lib/app/owner-watch';
import { TabOwner } from '../../../src/lib/app/tab-owner';
import { FakeLocks, settle } from './fake-locks';

function tab(locks: FakeLocks) {
	const lock = locks.for();
	const changes: boolean[] = [];
	const owner = new TabOwner(lock, (owner) => changes.push(owner));
	return { owner, changes, lock };
}

describe('TabOwner', () => {
	it('lets one tab own the network and hands it to the next when that tab lets go', async () => {
		const locks = new FakeLocks();
		const first = tab(locks);
		const second = tab(locks);
		first.owner.claim();
		second.owner.claim();
		await settle();
		expect([first.owner.owner, second.owner.owner]).toEqual([true, false]);
		first.owner.release();
		await settle();
		expect([first.owner.owner, second.owner.owner]).toEqual([false, true]);
		expect(first.changes).toEqual([true, false]);
		expect(second.changes).toEqual([true]);
	});

	it('hands the network on when the owner page is closed or discarded without letting go', async () => {
		const locks = new FakeLocks();
		const first = tab(locks);
		const second = tab(locks);
		first.owner.claim();
		await settle();
		second.owner.claim();
		await settle();
		first.lock.crash();
		await settle();
		expect(second.owner.owner).toBe(true);
	});

	it('stops queueing when released before it got the network, and queues again on claim', async () => {
		const locks = new FakeLocks();
		const first = tab(locks);
		const frozen = tab(locks);
		const third = tab(locks);
		first.owner.claim();
		await settle();
		frozen.owner.claim();
		third.owner.claim();
		frozen.owner.release();
		first.owner.release();
		await settle();
		// The frozen tab gave up its place: the lock went past it.
		expect([frozen.owner.owner, third.owner.owner]).toEqual([false, true]);
		frozen.owner.claim();
		third.owner.release();
		await settle();
		expect(frozen.owner.owner).toBe(true);
	});

	it('owns the network at once where the browser has no Web Locks', () => {
		const changes: boolean[] = [];
		const owner = new TabOwner(undefined, (owner) => changes.push(owner));
		owner.claim();
		expect(owner.owner).toBe(true);
		expect(changes).toEqual([true]);
	});
});

describe('OwnerWatch', () => {
	it('lets a visible waiting tab take the network from an owner that stopped beating (frozen), and the old owner queues again', async () => {
		vi.useFakeTimers();
		try {
			const locks = new FakeLocks();
			const frozen = tab(locks);
			const waiting = tab(locks);
			const hidden = tab(locks);
			const name = `beacon-${Math.random()}`;
			let visible = false;
			// Only the waiting tabs watch: the frozen owner's timers do not run.
			const watches = [new OwnerWatch(waiting.owner, new BroadcastChannel(name), () => visible), new OwnerWatch(hidden.owner, new BroadcastChannel(name), () => false)];
			frozen.owner.claim();
			await vi.advanceTimersByTimeAsync(0);
			waiting.owner.claim();
			hidden.owner.claim();
			await vi.advanceTimersByTimeAsync(OWNER_SILENT_MS * 2);
			// Nobody looks at the waiting tabs yet: they leave the silent owner be.
			expect([frozen.owner.owner, waiting.owner.owner, hidden.owner.owner]).toEqual([true, false, false]);
			visible = true;
			await vi.advanceTimersByTimeAsync(OWNER_BEAT_MS * 2);
			expect([frozen.owner.owner, waiting.owner.owner, hidden.owner.owner]).toEqual([false, true, false]);
			expect(frozen.changes).toEqual([true, false]);
			// The new owner beats: the hidden tab (made visible) does not steal it back.
			visible = false;
			await vi.advanceTimersByTimeAsync(OWNER_SILENT_MS * 2);
			expect(waiting.owner.owner).toBe(true);
			for (const watch of watches) watch.close();
		} finally {
			vi.useRealTimers();
		}
	});
});
