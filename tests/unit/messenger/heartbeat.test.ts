import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { DEAD_AFTER_MS, HEARTBEAT_INTERVAL_MS } from '../../../src/lib/messenger/connections';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { connectRaw } from '../hostile/raw-peer';
import { eventually, makePeer, type TestPeer } from './messenger-harness';

// A data channel can die without a close event (a laptop lid, a NAT dropping the mapping). The
// heartbeat is what notices: a channel silent past DEAD_AFTER_MS is closed, so the outbox stops
// sending into it and the peer is redialled. A live channel must survive the same beats.

let alice: TestPeer | null = null;
afterEach(() => {
	alice?.messenger.stop();
	alice = null;
	vi.useRealTimers();
});

async function aliceWithPeer(answers: boolean) {
	const network = new FakeNetwork();
	let skew = 0;
	// Only the heartbeat's interval is faked: Dexie, libsodium and the fake network keep real time.
	vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
	alice = await makePeer(network, 'Alice', { now: () => Date.now() + skew });
	await alice.messenger.start();
	const other = createIdentity(await loadSodium());
	const raw = await connectRaw(network, other, alice.identity.peerId);
	await eventually(() => alice?.messenger.connections.channel(other.peerId), Boolean);
	const beat = (elapsedMs: number) => {
		skew += elapsedMs;
		// A live peer says something within every interval (here: a frame of its own).
		if (answers) raw.sendFrame({ t: 'ping', n: 1 });
		vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
	};
	return { raw, peer: other.peerId, beat };
}

describe('the heartbeat', () => {
	it('closes a channel that has been silent for longer than DEAD_AFTER_MS', async () => {
		const { raw, peer, beat } = await aliceWithPeer(false);
		beat(DEAD_AFTER_MS + 1);
		await eventually(() => raw.closed(), Boolean);
		expect(alice?.messenger.connections.channel(peer)).toBeUndefined();
	});

	it('keeps a channel that keeps talking, however long it lives', async () => {
		const { raw, peer, beat } = await aliceWithPeer(true);
		for (let i = 0; i < 5; i++) {
			await new Promise((resolve) => setTimeout(resolve, 20));
			beat(HEARTBEAT_INTERVAL_MS);
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(raw.closed()).toBe(false);
		expect(alice?.messenger.connections.channel(peer)).toBeDefined();
	});
});
