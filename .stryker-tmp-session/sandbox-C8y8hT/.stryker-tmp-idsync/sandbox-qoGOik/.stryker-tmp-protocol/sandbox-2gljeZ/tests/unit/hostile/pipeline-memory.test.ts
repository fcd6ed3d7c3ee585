// @ts-nocheck
// 
// 
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { MAX_REMEMBERED_PEERS } from '../../../src/lib/messenger/messenger';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { eventually, makePeer, startedPeers } from '../messenger/messenger-harness';
import { connectRaw } from './raw-peer';

const start = startedPeers();
const STRANGERS = 1_000;
const AT_ONCE = 50;

describe('Strangers who come and go leave bounded memory behind (review finding 7)', () => {
	it('1,000 strangers that connect, announce a name and leave grow no map past its cap', { timeout: 60_000 }, async () => {
		const sodium = await loadSodium();
		const network = new FakeNetwork();
		const victim = await makePeer(network, 'Victim');
		await start(victim);
		const visit = async (i: number) => {
			const identity = createIdentity(sodium);
			const raw = await connectRaw(network, identity, victim.identity.peerId);
			await eventually(() => victim.messenger.connections.channel(identity.peerId)?.session.state, (state) => state === 'ready');
			raw.sendFrame({ t: 'profile', name: `Stranger ${i}` });
			await new Promise((resolve) => setTimeout(resolve, 1));
			raw.link.close();
		};
		for (let i = 0; i < STRANGERS; i += AT_ONCE) await Promise.all(Array.from({ length: AT_ONCE }, (_, j) => visit(i + j)));
		await eventually(() => victim.messenger.connections.peers().length, (n) => n === 0);
		const remembered = victim.messenger.rememberedPeers();
		expect(remembered.names).toBeGreaterThan(0);
		expect(remembered.names).toBeLessThanOrEqual(MAX_REMEMBERED_PEERS);
		expect(remembered.keys).toBeLessThanOrEqual(MAX_REMEMBERED_PEERS);
		expect(remembered.presence).toBe(0);
	});
});
