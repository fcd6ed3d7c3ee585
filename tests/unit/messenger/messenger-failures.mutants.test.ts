import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { Channel } from '../../../src/lib/messenger/connections';
import type { RejectReason } from '../../../src/lib/protocol/reject';
import { makePeer, type TestPeer } from './messenger-harness';

// What a failed handshake does to the peer it was with (Messenger #onFailed), without a second
// peer: the failure is emitted the way Connections does, and the retry it may schedule is read
// as a pending timer (only timers are faked, and only around the synchronous emit, so Dexie and
// the fake network never see fake time). Written for messenger.ts mutants Stryker left uncovered.

const PEER = 'pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as never;

afterEach(() => vi.useRealTimers());

async function failedOnce(reason: RejectReason, options: { channel?: boolean } = {}) {
	const peer: TestPeer = await makePeer(new FakeNetwork(), 'Alice');
	const warnings: string[] = [];
	peer.messenger.events.on('warning', (_peer, why) => warnings.push(why));
	if (options.channel) {
		const channel = { peer: PEER, session: {}, link: { fileChannel: () => null } } as unknown as Channel;
		vi.spyOn(peer.messenger.connections, 'channel').mockReturnValue(channel);
		// As Connections reports a channel coming up: the peer shows online.
		peer.messenger.connections.events.emit('ready', channel);
	}
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
	const before = vi.getTimerCount();
	peer.messenger.connections.events.emit('failed', PEER, reason);
	const retries = vi.getTimerCount() - before;
	vi.useRealTimers();
	return { peer, warnings, retries };
}

describe('a failed handshake', () => {
	it('is retried later when the cause may pass (a garbled or undecryptable frame, a flood)', async () => {
		for (const reason of ['malformed', 'undecryptable', 'rate-limited'] as const) {
			const { warnings, retries } = await failedOnce(reason);
			expect(retries, reason).toBe(1);
			expect(warnings, reason).toEqual([]);
		}
	});

	it('is not retried against a key that does not match or a peer that blocked us, and a wrong key warns the user', async () => {
		for (const reason of ['wrong-key', 'bad-signature'] as const) {
			const { warnings, retries } = await failedOnce(reason);
			expect(retries, reason).toBe(0);
			expect(warnings, reason).toEqual([reason]);
		}
		const blocked = await failedOnce('blocked');
		expect(blocked.retries).toBe(0);
		expect(blocked.warnings).toEqual([]);
	});

	it('shows the peer offline when no channel to it is left', async () => {
		const presences: string[] = [];
		const peer = await makePeer(new FakeNetwork(), 'Alice');
		peer.messenger.events.on('presence', (_peer, presence) => presences.push(presence));
		peer.messenger.connections.events.emit('failed', PEER, 'malformed');
		expect(peer.messenger.presence(PEER)).toBe('offline');
		expect(presences).toEqual([]);
	});

	it('leaves a peer with a working channel alone (a second, duplicate link failing), but still warns of a wrong key', async () => {
		const transient = await failedOnce('malformed', { channel: true });
		expect(transient.retries).toBe(0);
		expect(transient.peer.messenger.presence(PEER)).toBe('online');
		const wrongKey = await failedOnce('wrong-key', { channel: true });
		expect(wrongKey.retries).toBe(0);
		expect(wrongKey.warnings).toEqual(['wrong-key']);
	});
});
