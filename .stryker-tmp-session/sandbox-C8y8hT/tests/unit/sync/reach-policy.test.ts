// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { RETRY_MAX_MS, peersToDialOnConnect, retryDelayMs } from '../../../src/lib/sync/reach-policy';

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
