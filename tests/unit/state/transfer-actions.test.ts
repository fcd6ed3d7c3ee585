import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { OldDeviceState } from '../../../src/lib/transfer/old-device-state';

// The throwaway transport is PeerJS's in the app: here one of the fake network.
const network = new FakeNetwork();
vi.mock('../../../src/lib/app/transfer-transport', () => ({ transferTransport: async () => network.createTransport() }));
const { TransferActions } = await import('../../../src/lib/state/transfer-actions');

let sodium: Sodium;
beforeAll(async () => {
	sodium = await loadSodium();
	vi.stubGlobal('location', { origin: 'https://parley.test' });
});
afterEach(() => vi.unstubAllGlobals());

const identity = { pause: () => {}, resume: () => {}, retire: () => {} };

describe('Settings → Transfer, old device', () => {
	it('runs one transfer at a time, and a screen opened later finds it and follows its states', async () => {
		vi.stubGlobal('location', { origin: 'https://parley.test' });
		const actions = new TransferActions(new ChatDb(`transfer-actions-${crypto.randomUUID()}`), sodium, identity);
		const first = await actions.offer(true);
		expect(first.link).toMatch(/^https:\/\/parley\.test\/#transfer=/u);
		// The Settings screen was left and opened again: it takes up the running transfer.
		expect(actions.running).toBe(first);
		const seen: OldDeviceState[] = [];
		const stop = actions.watch((state) => seen.push(state));
		// A second code while the first is running would share the identity's hold and its question.
		await expect(actions.offer(true)).rejects.toThrow(/already/u);
		first.offer.cancel();
		expect(await first.offer.finished).toEqual({ phase: 'failed', reason: 'cancelled' });
		expect(seen).toEqual([{ phase: 'failed', reason: 'cancelled' }]);
		expect(actions.running).toBeNull();
		stop();
		const second = await actions.offer(false);
		expect(actions.running).toBe(second);
		second.offer.cancel();
		await second.offer.finished;
		expect(seen).toHaveLength(1);
	});
});
