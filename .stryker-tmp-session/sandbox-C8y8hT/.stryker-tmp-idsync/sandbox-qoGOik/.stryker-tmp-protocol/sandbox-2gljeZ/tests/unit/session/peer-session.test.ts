// @ts-nocheck
// 
// 
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { utf8 } from '../../../src/lib/ids/encoding';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { encodeHello } from '../../../src/lib/protocol/codec';
import { MAX_FRAME_BYTES } from '../../../src/lib/protocol/limits';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import { connectedPair, makeEnd, settle } from './session-pair';

const text = (body: string): AppFrame => ({ t: 'msg', id: newMessageId(), seq: 1, ts: Date.now(), body: { kind: 'text', text: body } });

function containsSubsequence(haystack: Uint8Array, needle: Uint8Array): boolean {
	outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
		for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
		return true;
	}
	return false;
}

describe('PeerSession handshake', () => {
	it('authenticates both ends and names the verified key', async () => {
		const { alice, bob } = await connectedPair();
		expect(alice.session.state).toBe('ready');
		expect(bob.session.state).toBe('ready');
		expect(alice.ready[0]?.peerId).toBe(bob.identity.peerId);
		expect(bob.ready[0]?.publicKey).toEqual(alice.identity.publicKey);
	});

	it('delivers frames both ways once ready', async () => {
		const { alice, bob } = await connectedPair();
		alice.session.send(text('hello bob'));
		bob.session.send(text('hello alice'));
		await settle();
		expect(bob.frames).toMatchObject([{ t: 'msg', body: { text: 'hello bob' } }]);
		expect(alice.frames).toMatchObject([{ t: 'msg', body: { text: 'hello alice' } }]);
	});

	it('puts only ciphertext on the wire', async () => {
		const { alice } = await connectedPair();
		const secret = 'the eagle lands at midnight';
		alice.session.send(text(secret));
		await settle();
		const all = alice.wire;
		expect(all.length).toBeGreaterThan(2);
		for (const bytes of all) expect(containsSubsequence(bytes, utf8(secret))).toBe(false);
		for (const bytes of all) expect(containsSubsequence(bytes, utf8('eagle'))).toBe(false);
	});

	it('refuses a peer whose key does not hash to the id that was dialled', async () => {
		const sodium = await loadSodium();
		const bob = createIdentity(sodium);
		const alice = createIdentity(sodium);
		const mallory = createIdentity(sodium);
		// Bob dials Alice's id, but the signalling server hands the connection to Mallory.
		const bobEnd = makeEnd(sodium, bob, alice.peerId, (bytes) => queueMicrotask(() => malloryEnd.session.receive(bytes)));
		const malloryEnd = makeEnd(sodium, mallory, bob.peerId, (bytes) => queueMicrotask(() => bobEnd.session.receive(bytes)));
		bobEnd.session.start();
		malloryEnd.session.start();
		await settle();
		expect(bobEnd.session.state).toBe('failed');
		expect(bobEnd.failures).toEqual(['wrong-key']);
		expect(bobEnd.ready).toEqual([]);
		expect(bobEnd.closed).toBe(true);
	});

	it("refuses a replayed hello: without the ephemeral secret the impostor cannot sign this transcript", async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const bob = createIdentity(sodium);
		const replayedHello = encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: sodium.crypto_kx_keypair().publicKey });
		const bobEnd = makeEnd(sodium, bob, alice.peerId, () => {});
		bobEnd.session.start();
		bobEnd.session.receive(replayedHello);
		expect(bobEnd.session.state).toBe('authenticating');
		// The impostor can only send something that is not a valid sealed auth frame.
		bobEnd.session.receive(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]));
		expect(bobEnd.session.state).toBe('failed');
		expect(bobEnd.failures).toEqual(['undecryptable']);
		expect(bobEnd.ready).toEqual([]);
	});

	it('refuses a peer on another protocol version', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const bob = createIdentity(sodium);
		const bobEnd = makeEnd(sodium, bob, alice.peerId, () => {});
		bobEnd.session.receive(encodeHello({ t: 'hello', v: 99, id: alice.publicKey, eph: new Uint8Array(32).fill(7) }));
		expect(bobEnd.failures).toEqual(['version']);
	});

	it('refuses a peer the application does not accept (blocked) before deriving keys', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const bob = createIdentity(sodium);
		const bobEnd = makeEnd(sodium, bob, alice.peerId, () => {});
		(bobEnd.session as unknown as { options: { accepts: () => boolean } }).options.accepts = () => false;
		bobEnd.session.receive(encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: new Uint8Array(32).fill(7) }));
		expect(bobEnd.failures).toEqual(['blocked']);
	});
});

describe('PeerSession after the handshake', () => {
	it('drops a replayed sealed frame and keeps going', async () => {
		const { alice, bob } = await connectedPair();
		alice.session.send(text('once'));
		await settle();
		const sealed = alice.wire.at(-1);
		if (!sealed) throw new Error('nothing sent');
		bob.session.receive(sealed);
		expect(bob.rejects).toEqual(['replayed']);
		expect(bob.frames).toHaveLength(1);
		alice.session.send(text('twice'));
		await settle();
		expect(bob.frames).toHaveLength(2);
		expect(bob.session.state).toBe('ready');
	});

	it('drops a tampered frame as undecryptable', async () => {
		const { alice, bob } = await connectedPair();
		alice.session.send(text('intact'));
		const sealed = alice.wire.at(-1)!.slice();
		await settle();
		sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
		// Bump the counter so the frame is not simply a replay.
		sealed[8] = (sealed[8] ?? 0) + 5;
		bob.session.receive(sealed);
		expect(bob.rejects).toEqual(['undecryptable']);
		expect(bob.frames).toHaveLength(1);
	});

	it('drops oversized and non-binary input without touching state', async () => {
		const { bob } = await connectedPair();
		bob.session.receive(new Uint8Array(MAX_FRAME_BYTES + 1));
		bob.session.receive('a string');
		bob.session.receive({ t: 'msg' });
		expect(bob.rejects).toEqual(['oversized', 'not-binary', 'not-binary']);
		expect(bob.session.state).toBe('ready');
		expect(bob.frames).toEqual([]);
	});

	it('refuses to send before the handshake completes', async () => {
		const sodium = await loadSodium();
		const end = makeEnd(sodium, createIdentity(sodium), createIdentity(sodium).peerId, () => {});
		expect(end.session.send(text('too early'))).toBe(false);
	});
});
