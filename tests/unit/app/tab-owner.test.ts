import { describe, expect, it } from 'vitest';
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
