import { describe, expect, it } from 'vitest';
import {
	MAX_CONTACTS_DIALLED_ON_CONNECT,
	RETRY_BASE_MS,
	RETRY_MAX_MS,
	peersToDialOnConnect,
	retryDelayMs
} from '../../../src/lib/sync/reach-policy';

describe('retry delay', () => {
	it('doubles from one second per attempt, with the jitter spread over the upper half of the step', () => {
		expect(RETRY_BASE_MS).toBe(1_000);
		expect(retryDelayMs(1, () => 0)).toBe(1_000);
		expect(retryDelayMs(1, () => 0.5)).toBe(1_500);
		expect(retryDelayMs(2, () => 1)).toBe(4_000);
		expect(retryDelayMs(0, () => 0.0003)).toBe(500);
		expect(retryDelayMs(0, () => 0.001)).toBe(501);
	});

	it('treats a negative attempt as the first', () => {
		expect(retryDelayMs(-3, () => 1)).toBe(1_000);
	});

	it('stops growing at one minute', () => {
		expect(RETRY_MAX_MS).toBe(60_000);
		expect(retryDelayMs(5, () => 1)).toBe(32_000);
		expect(retryDelayMs(6, () => 0)).toBe(30_000);
		expect(retryDelayMs(6, () => 1)).toBe(60_000);
	});

	it('uses Math.random when no source is given, staying inside the step', () => {
		for (let i = 0; i < 50; i++) {
			const delay = retryDelayMs(2);
			expect(delay).toBeGreaterThanOrEqual(2_000);
			expect(delay).toBeLessThanOrEqual(4_000);
		}
	});
});

describe('dial on connect', () => {
	const candidate = (peerId: string, lastActivity: number, isContact: boolean, hasPending: boolean) => ({ peerId, lastActivity, isContact, hasPending });

	it('dials owed peers most recent first, then contacts most recent first', () => {
		const order = peersToDialOnConnect([
			candidate('contact-old', 1, true, false),
			candidate('owed-old', 2, true, true),
			candidate('contact-new', 8, true, false),
			candidate('owed-new', 9, false, true)
		]);
		expect(order).toEqual(['owed-new', 'owed-old', 'contact-new', 'contact-old']);
	});

	it('counts the owed peers against the cap, and never dials a stranger we owe nothing', () => {
		const peers = [candidate('owed', 5, true, true), candidate('a', 3, true, false), candidate('b', 2, true, false), candidate('s', 9, false, false)];
		expect(peersToDialOnConnect(peers, 2)).toEqual(['owed', 'a']);
		expect(peersToDialOnConnect(peers, 1)).toEqual(['owed']);
		expect(peersToDialOnConnect(peers, 0)).toEqual(['owed']);
		expect(peersToDialOnConnect(peers, 3)).toEqual(['owed', 'a', 'b']);
	});

	it(`dials at most ${MAX_CONTACTS_DIALLED_ON_CONNECT} contacts by default`, () => {
		const contacts = Array.from({ length: MAX_CONTACTS_DIALLED_ON_CONNECT + 3 }, (_, i) => candidate(`c${i}`, i, true, false));
		const dialled = peersToDialOnConnect(contacts);
		expect(dialled).toHaveLength(MAX_CONTACTS_DIALLED_ON_CONNECT);
		expect(dialled[0]).toBe(`c${MAX_CONTACTS_DIALLED_ON_CONNECT + 2}`);
	});
});
