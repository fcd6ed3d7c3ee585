import { encode } from '@msgpack/msgpack';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { Connections } from '../../../src/lib/messenger/connections';
import { PENALTY_MS, type BudgetLimits } from '../../../src/lib/messenger/inbound-budget';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import type { RejectReason } from '../../../src/lib/protocol/reject';
import { connectRaw } from '../hostile/raw-peer';
import { eventually } from './messenger-harness';

// What a peer's inbound budget and its rejected frames cost it at the connection: the link is
// closed when it sends too many frames or bytes, and a run of rejected frames from an
// authenticated peer refuses its links for a cool-down. Also which of two links survives when
// they come up close together or far apart.

const ROOMY: BudgetLimits = { framesPerSecond: 1_000, frameBurst: 1_000, bytesPerSecond: 1e9, byteBurst: 1e9, maxRejectedFrames: 3 };
const stops: (() => void)[] = [];
afterEach(() => {
	for (const stop of stops.splice(0)) stop();
});

async function victim(network: FakeNetwork, limits: Partial<BudgetLimits> = {}, identity?: Identity) {
	const sodium = await loadSodium();
	const self = identity ?? createIdentity(sodium);
	const transport = network.createTransport();
	const rejects: { reason: RejectReason; detail: string }[] = [];
	const frames: AppFrame[] = [];
	const clock = { ms: 1_000_000 };
	const connections = new Connections({
		sodium,
		identity: self,
		transport,
		log: { reject: (reason, fields) => void rejects.push({ reason, detail: String(fields?.detail ?? '') }), info() {} },
		accepts: () => true,
		isContact: () => true,
		now: () => clock.ms,
		inboundLimits: { ...ROOMY, ...limits }
	});
	connections.events.on('frame', (_peer, frame) => void frames.push(frame));
	transport.start(self.peerId);
	stops.push(() => connections.stop());
	return { identity: self, connections, rejects, frames, clock };
}

async function attacker(network: FakeNetwork, target: PeerId) {
	const identity = createIdentity(await loadSodium());
	const raw = await connectRaw(network, identity, target);
	await eventually(() => raw.ready(), Boolean);
	return { identity, raw };
}

const reasons = (rejects: { reason: RejectReason }[]) => rejects.map((reject) => reject.reason);

describe('the inbound budget at the connection', () => {
	it('closes the link of a peer over its frame budget and says why', async () => {
		const network = new FakeNetwork();
		// The hello and the auth frame take two; two profiles fit, the third is over.
		const alice = await victim(network, { frameBurst: 4, framesPerSecond: 0.001 });
		const { raw } = await attacker(network, alice.identity.peerId);
		raw.sendFrame({ t: 'profile', name: 'one' });
		raw.sendFrame({ t: 'profile', name: 'two' });
		await eventually(() => alice.frames.length, (n) => n === 2);
		expect(raw.closed()).toBe(false);
		raw.sendFrame({ t: 'profile', name: 'three' });
		await eventually(() => raw.closed(), Boolean);
		expect(alice.frames).toHaveLength(2);
		expect(alice.rejects).toEqual([{ reason: 'rate-limited', detail: 'over the inbound frame or byte budget' }]);
	});

	it('counts the bytes of each wire message against the byte budget', async () => {
		const network = new FakeNetwork();
		const alice = await victim(network, { byteBurst: 2_000, bytesPerSecond: 0.001 });
		const { raw } = await attacker(network, alice.identity.peerId);
		raw.sendFrame({ t: 'profile', name: 'small' });
		await eventually(() => alice.frames.length, (n) => n === 1);
		raw.sendFrame({ t: 'profile', name: 'x'.repeat(1_900) });
		await eventually(() => raw.closed(), Boolean);
		expect(alice.frames).toHaveLength(1);
		expect(reasons(alice.rejects)).toEqual(['rate-limited']);
	});

	it('charges every frame of a pack, and closes the link of a pack over the budget', async () => {
		const network = new FakeNetwork();
		const alice = await victim(network, { frameBurst: 5, framesPerSecond: 0.001 });
		const { raw } = await attacker(network, alice.identity.peerId);
		// A pack of 4 message frames: one wire message, but 4 frames against a budget of 3 left.
		const frame = (n: number) => encode({ t: 'msg', id: `0190f1a0-0000-7000-8000-00000000000${n}`, seq: n, ts: 1, body: { kind: 'text', text: `m${n}` } });
		const parts = [1, 2, 3, 4].map(frame);
		const size = parts.reduce((sum, part) => sum + 2 + part.length, 2);
		const pack = new Uint8Array(size);
		pack[0] = 0xc1;
		pack[1] = parts.length;
		let at = 2;
		for (const part of parts) {
			new DataView(pack.buffer).setUint16(at, part.length);
			pack.set(part, at + 2);
			at += 2 + part.length;
		}
		raw.sendPlain(pack);
		await eventually(() => raw.closed(), Boolean);
		expect(alice.rejects).toContainEqual({ reason: 'rate-limited', detail: 'a pack over the inbound frame budget' });
	});
});

describe('rejected frames from an authenticated peer', () => {
	it('cut the peer off after too many, and refuse its links during the cool-down', async () => {
		const network = new FakeNetwork();
		const alice = await victim(network);
		const { identity, raw } = await attacker(network, alice.identity.peerId);
		for (let i = 0; i < ROOMY.maxRejectedFrames; i++) raw.sendFrame({ t: 'nonsense', n: i });
		await eventually(() => alice.rejects.length, (n) => n === ROOMY.maxRejectedFrames);
		expect(raw.closed()).toBe(false);
		raw.sendFrame({ t: 'nonsense', n: 99 });
		await eventually(() => raw.closed(), Boolean);
		expect(alice.rejects.at(-1)).toEqual({ reason: 'penalized', detail: 'too many rejected frames' });
		// A new link during the cool-down is closed at once.
		const again = await connectRaw(network, identity, alice.identity.peerId);
		await eventually(() => again.closed(), Boolean);
		expect(alice.rejects.at(-1)).toEqual({ reason: 'penalized', detail: 'link refused during cool-down' });
		expect(alice.connections.ensure(identity.peerId)).toBe(true);
		expect(alice.connections.isDialing(identity.peerId)).toBe(false);
		// After it, the peer is welcome again.
		alice.clock.ms += PENALTY_MS;
		const later = await connectRaw(network, identity, alice.identity.peerId);
		await eventually(() => later.ready(), Boolean);
		expect(later.closed()).toBe(false);
	});
});

describe('a peer without a channel', () => {
	it('is sent nothing and disconnecting it is harmless', async () => {
		const alice = await victim(new FakeNetwork());
		const nobody = createIdentity(await loadSodium()).peerId;
		expect(alice.connections.send(nobody, { t: 'profile', name: 'x' })).toBe(false);
		expect(() => alice.connections.disconnect(nobody)).not.toThrow();
		expect(alice.connections.peers()).toEqual([]);
	});
});

describe('two links to one peer', () => {
	async function reconnectAfter(ms: number) {
		const network = new FakeNetwork();
		const alice = await victim(network);
		const bob = await victim(network);
		alice.connections.ensure(bob.identity.peerId);
		const first = await eventually(() => alice.connections.channel(bob.identity.peerId), Boolean);
		let handshakes = 0;
		alice.connections.events.on('handshakeEnded', () => void (handshakes += 1));
		alice.clock.ms += ms;
		// Bob again (a second tab of the same identity, say) dials Alice: the opposite direction.
		const again = await victim(network, {}, bob.identity);
		again.connections.ensure(alice.identity.peerId);
		await eventually(() => handshakes, (n) => n === 1);
		return { alice, bob, first: first!, now: alice.connections.channel(bob.identity.peerId)! };
	}

	it('within 5 s in opposite directions count as a simultaneous dial: the smaller id’s dial wins', async () => {
		const { alice, bob, first, now } = await reconnectAfter(4_999);
		const aliceDialsWin = alice.identity.peerId < bob.identity.peerId;
		expect(now.link.outbound).toBe(aliceDialsWin);
		expect(now === first).toBe(aliceDialsWin);
	});

	it('5 s or more apart: the newer link replaces the older, whoever dialled', async () => {
		const { first, now } = await reconnectAfter(5_000);
		expect(now).not.toBe(first);
		expect(now.link.outbound).toBe(false);
		expect(first.link.isOpen).toBe(false);
	});
});
