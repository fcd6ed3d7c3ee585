import { describe, expect, it } from 'vitest';
import { NetworkGate } from '../../../src/lib/app/network-gate';
import { followTransferState, isInterrupted, isRetired, markRetired, type RetiredStore } from '../../../src/lib/app/retired-device';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { PeerId } from '../../../src/lib/ids/peer-id';

const SELF = ('p' + 'a'.repeat(32)) as PeerId;

function memoryStore(): RetiredStore {
	const map = new Map<string, string>();
	return { getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value), removeItem: (key) => void map.delete(key) };
}

describe('the network gate and a transfer', () => {
	it('holds the identity off the network during a transfer and lets it back after', () => {
		const inner = new FakeNetwork().createTransport();
		const gate = new NetworkGate(inner);
		gate.setOwner(true);
		gate.start(SELF);
		expect(inner.state).toBe('online');
		gate.hold(true);
		expect(inner.state).toBe('offline');
		gate.start(SELF);
		expect(inner.state).toBe('offline');
		gate.hold(false);
		expect(inner.state).toBe('online');
	});

	it('stays held until every transfer that held it let go (two codes made in one tab)', () => {
		const inner = new FakeNetwork().createTransport();
		const gate = new NetworkGate(inner);
		gate.setOwner(true);
		gate.start(SELF);
		gate.hold(true);
		gate.hold(true);
		// The first transfer failed: the second one still reads the records.
		gate.hold(false);
		expect(inner.state).toBe('offline');
		gate.hold(false);
		expect(inner.state).toBe('online');
		// An extra release never goes below zero: the next hold still holds.
		gate.hold(false);
		gate.hold(true);
		expect(inner.state).toBe('offline');
	});

	it('never starts a retired identity again, whoever asks', () => {
		const store = memoryStore();
		const inner = new FakeNetwork().createTransport();
		const gate = new NetworkGate(inner, () => !isRetired('parley', store));
		gate.setOwner(true);
		gate.start(SELF);
		markRetired('parley', store);
		gate.recheck();
		expect(inner.state).toBe('offline');
		gate.setOwner(true);
		gate.start(SELF);
		gate.hold(false);
		expect(inner.state).toBe('offline');
		// Another database in this browser (a fresh identity after erasing) is not retired.
		expect(isRetired('parley-restore-x', store)).toBe(false);
	});
});

describe('a transfer whose end this device never learned', () => {
	it('is remembered from the last chunk until it retires or fails, so a reload asks instead of going online', () => {
		const store = memoryStore();
		followTransferState('parley', { phase: 'sending', sentBytes: 10 }, store);
		expect(isInterrupted('parley', store)).toBe(false);
		followTransferState('parley', { phase: 'awaiting-done', sentBytes: 10 }, store);
		expect(isInterrupted('parley', store)).toBe(true);
		expect(isInterrupted('parley-restore-x', store)).toBe(false);
		followTransferState('parley', { phase: 'unsure' }, store);
		expect(isInterrupted('parley', store)).toBe(true);
		followTransferState('parley', { phase: 'failed', reason: 'kept on this device' }, store);
		expect(isInterrupted('parley', store)).toBe(false);
		followTransferState('parley', { phase: 'awaiting-done', sentBytes: 10 }, store);
		markRetired('parley', store);
		followTransferState('parley', { phase: 'retired' }, store);
		expect(isInterrupted('parley', store)).toBe(false);
		expect(isRetired('parley', store)).toBe(true);
	});
});
