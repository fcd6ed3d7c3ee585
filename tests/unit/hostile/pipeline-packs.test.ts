import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { encodeFrame } from '../../../src/lib/protocol/codec';
import type { MessageFrame } from '../../../src/lib/protocol/frames';
import { encodePack } from '../../../src/lib/protocol/pack';
import { RawPeer } from '../fuzz/raw-peer';
import { eventually, makePeer, startedPeers } from '../messenger/messenger-harness';

const start = startedPeers();
const message = (seq: number): MessageFrame => ({ t: 'msg', id: newMessageId(), seq, ts: Date.now(), body: { kind: 'text', text: `m${seq}` } });
const pack = (from: number, count: number) => encodePack(Array.from({ length: count }, (_, i) => encodeFrame(message(from + i))));

describe('a peer sending packs', () => {
	it('pays the frame budget for every frame inside a pack, not one per pack', async () => {
		const sodium = await loadSodium();
		const network = new FakeNetwork();
		// 100 frames of burst and no refill: two packs of 64 are more than that, two wire messages are not.
		const limits = { framesPerSecond: 0, frameBurst: 100, bytesPerSecond: Infinity, byteBurst: Infinity, maxRejectedFrames: Infinity };
		const victim = await makePeer(network, 'Victim', { inboundLimits: limits });
		await start(victim);
		const mallory = createIdentity(sodium);
		const attacker = new RawPeer({ sodium, network, claimed: mallory, identity: mallory, answerPings: false });
		attacker.dial(victim.identity.peerId);
		await eventually(() => victim.messenger.connections.channel(mallory.peerId)?.session.state, (state) => state === 'ready');
		attacker.sendPlaintext(pack(1, 64));
		attacker.sendPlaintext(pack(65, 64));
		await eventually(() => victim.messenger.connections.channel(mallory.peerId), (channel) => channel === undefined);
		expect(victim.rejects).toContain('rate-limited');
	});
});
