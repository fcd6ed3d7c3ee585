import { describe, expect, it } from 'vitest';
import { DialPacer } from '../../../src/lib/sync/dial-pacer';
import { RETRY_MAX_MS, peersToDialOnConnect, peersToRetryQuickly, retryDelayMs } from '../../../src/lib/sync/reach-policy';

describe('retryDelayMs', () => {
	it('grows exponentially, stays within [step/2, step], and caps', () => {
		expect(retryDelayMs(0, () => 0)).toBe(500);
		expect(retryDelayMs(0, () => 1)).toBe(1000);
		expect(retryDelayMs(3, () => 0)).toBe(4000);
		expect(retryDelayMs(50, () => 1)).toBe(RETRY_MAX_MS);
	});
});

describe('peersToDialOnConnect', () => {
	const candidate = (peerId: string, lastActivity: number, isContact: boolean, hasPending: boolean) => ({ peerId, lastActivity, isContact, hasPending });

	it('dials everyone we owe messages to first, then the most recent contacts, up to the cap', () => {
		const peers = peersToDialOnConnect(
			[candidate('old', 1, true, false), candidate('owed', 2, false, true), candidate('new', 9, true, false), candidate('stranger', 10, false, false)],
			2
		);
		expect(peers).toEqual(['owed', 'new']);
	});

	it('never drops a peer with pending messages, even past the cap', () => {
		const owed = Array.from({ length: 5 }, (_, i) => candidate(`p${i}`, i, true, true));
		expect(peersToDialOnConnect(owed, 2)).toHaveLength(5);
	});
});

describe('peersToRetryQuickly', () => {
	const candidate = (peerId: string, lastActivity: number, isContact: boolean, hasPending: boolean) => ({ peerId, lastActivity, isContact, hasPending });

	it('picks the most recent contacts we owe nothing (owed ones have their own backoff), up to the count', () => {
		const peers = peersToRetryQuickly(
			[candidate('old', 1, true, false), candidate('owed', 9, true, true), candidate('new', 5, true, false), candidate('stranger', 10, false, false), candidate('mid', 3, true, false)],
			2
		);
		expect(peers).toEqual(['new', 'mid']);
	});
});

describe('DialPacer', () => {
	it('lets a burst through, then one dial per 1/rate, saying how long to wait', () => {
		let now = 1_000;
		const pacer = new DialPacer(() => now, 4, 2);
		expect([pacer.take(), pacer.take()]).toEqual([0, 0]);
		expect(pacer.take()).toBe(250);
		now += 100;
		expect(pacer.take()).toBe(150);
		now += 150;
		expect(pacer.take()).toBe(0);
		// A clock stepping backwards refills nothing.
		now -= 10_000;
		expect(pacer.take()).toBe(250);
		now += 60_000;
		expect([pacer.take(), pacer.take(), pacer.take()]).toEqual([0, 0, 250]);
	});
});
