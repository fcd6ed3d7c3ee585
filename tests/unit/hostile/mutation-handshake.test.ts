import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { encodeHello } from '../../../src/lib/protocol/codec';
import { MAX_FRAME_BYTES } from '../../../src/lib/protocol/limits';
import { connectedPair, makeEnd, settle } from '../session/session-pair';
import { RawPeer, type RawPeerOptions } from '../fuzz/raw-peer';

// One test per check in PeerSession and the handshake that no other test pinned down (found by
// `npm run mutate` on src/lib/session): each fails when its check is removed or weakened.

const message = (text: string) => ({ t: 'msg', id: newMessageId(), seq: 1, ts: Date.now(), body: { kind: 'text', text } });

/** Bob's session expecting `expected`, wired to a raw attacker that claims `claimed`. */
async function victimAndAttacker(claim: (ids: { alice: Identity; bob: Identity }) => Identity, options: Partial<RawPeerOptions> = {}) {
	const sodium = await loadSodium();
	const alice = createIdentity(sodium);
	const bob = createIdentity(sodium);
	const claimed = claim({ alice, bob });
	const attacker = new RawPeer({ sodium, claimed, identity: claimed, ...options });
	const victim = makeEnd(sodium, bob, claimed.peerId, (bytes) => queueMicrotask(() => attacker.receive(bytes)));
	victim.session.start();
	attacker.open((bytes) => queueMicrotask(() => victim.session.receive(bytes)));
	await settle();
	return { sodium, alice, bob, victim, attacker };
}

describe('handshake checks', () => {
	it("refuses our own ephemeral key reflected back in the peer's hello", async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const bob = createIdentity(sodium);
		const victim = makeEnd(sodium, bob, alice.peerId, () => {});
		victim.session.start();
		const ownHello = victim.wire[0]!;
		const ownEph = ownHello.slice(ownHello.length - 32);
		victim.session.receive(encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: ownEph }));
		expect(victim.failures).toEqual(['invalid']);
		expect(victim.session.state).toBe('failed');
	});

	it("refuses our own auth signature reflected back by a peer claiming our own key", async () => {
		const { victim, attacker } = await victimAndAttacker(({ bob }) => bob, { authFrame: () => undefined });
		const ours = attacker.received.find((frame) => frame.t === 'auth');
		if (!ours || ours.t !== 'auth') throw new Error('the victim sent no auth');
		attacker.sendValue({ t: 'auth', sig: ours.sig });
		await settle();
		expect(victim.failures).toEqual(['bad-signature']);
		expect(victim.ready).toEqual([]);
	});

	it('refuses an application frame in place of the auth frame, and delivers nothing', async () => {
		const { victim } = await victimAndAttacker(({ alice }) => alice, { authFrame: () => message('skip the auth') });
		expect(victim.failures).toEqual(['unexpected']);
		expect(victim.frames).toEqual([]);
		expect(victim.ready).toEqual([]);
	});

	it('ignores everything once a handshake has failed', async () => {
		const { victim, attacker } = await victimAndAttacker(({ alice }) => alice, { sign: () => new Uint8Array(64) });
		expect(victim.session.state).toBe('failed');
		attacker.sendValue(message('still here'));
		await settle();
		expect(victim.frames).toEqual([]);
		expect(victim.session.state).toBe('failed');
		expect(victim.rejects.at(-1)).toBe('unexpected');
	});

	it('sends one hello however often start() is called', async () => {
		const sodium = await loadSodium();
		const end = makeEnd(sodium, createIdentity(sodium), createIdentity(sodium).peerId, () => {});
		end.session.start();
		end.session.start();
		expect(end.wire).toHaveLength(1);
	});
});

describe('after the handshake', () => {
	it('takes frames as an ArrayBuffer and as a view into a larger buffer (what data channels and Node hand over)', async () => {
		const { victim, attacker } = await victimAndAttacker(({ alice }) => alice);
		expect(victim.session.state).toBe('ready');
		const first = attacker.seal(encode(message('as ArrayBuffer')));
		const second = attacker.seal(encode(message('as a view')));
		const padded = new Uint8Array(second.length + 10);
		padded.set(second, 7);
		victim.session.receive(first.slice().buffer);
		victim.session.receive(new DataView(padded.buffer, 7, second.length));
		expect(victim.rejects).toEqual([]);
		expect(victim.frames.map((frame) => (frame.t === 'msg' && frame.body.kind === 'text' ? frame.body.text : frame.t))).toEqual(['as ArrayBuffer', 'as a view']);
	});

	it(`accepts a frame of exactly ${MAX_FRAME_BYTES} bytes for opening, and refuses one byte more as oversized`, async () => {
		const { bob } = await connectedPair();
		const exact = new Uint8Array(MAX_FRAME_BYTES);
		exact.set([2, 0, 0, 0, 0, 0, 0, 0, 9]);
		bob.session.receive(exact);
		bob.session.receive(new Uint8Array(MAX_FRAME_BYTES + 1));
		expect(bob.rejects).toEqual(['undecryptable', 'oversized']);
	});

	it('a forged frame with a far-ahead counter does not block the genuine frames after it', async () => {
		const { alice, bob } = await connectedPair();
		const forged = new Uint8Array(64);
		forged.set([2, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]);
		bob.session.receive(forged);
		alice.session.send(message('after the forgery') as never);
		await settle();
		expect(bob.rejects).toEqual(['undecryptable']);
		expect(bob.frames).toMatchObject([{ t: 'msg', body: { text: 'after the forgery' } }]);
	});
});
