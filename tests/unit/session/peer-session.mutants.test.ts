import { describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { encodeHello } from '../../../src/lib/protocol/codec';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import type { ProtocolLog, RejectReason } from '../../../src/lib/protocol/reject';
import { PeerSession, type SessionHooks } from '../../../src/lib/session/peer-session';
import { RawPeer } from '../fuzz/raw-peer';
import { connectedPair, settle } from './session-pair';

const text = (body: string): AppFrame => ({ t: 'msg', id: newMessageId(), seq: 1, ts: 1, body: { kind: 'text', text: body } });

interface Watched {
	session: PeerSession;
	sent: Uint8Array[];
	closes: number;
	rejects: { reason: RejectReason; peer: string; detail?: string }[];
	failures: [RejectReason, string][];
}

/** A session whose link, log and hooks record everything, for checks on one end alone. */
function watchedSession(sodium: Sodium, identity: Identity, expectedPeer: PeerId, overrides: Partial<SessionHooks> & { accepts?: (peer: PeerId) => boolean } = {}): Watched {
	const watched = { sent: [], closes: 0, rejects: [], failures: [] } as unknown as Watched;
	const log: ProtocolLog = { reject: (reason, fields) => void watched.rejects.push({ reason, ...fields }), info() {} };
	watched.session = new PeerSession({
		sodium,
		identity,
		expectedPeer,
		accepts: overrides.accepts,
		log,
		link: {
			send: (bytes) => void watched.sent.push(bytes),
			close: () => void (watched.closes += 1)
		},
		hooks: {
			ready: overrides.ready ?? (() => {}),
			frame: overrides.frame ?? (() => {}),
			failed: (reason, detail) => void watched.failures.push([reason, detail])
		}
	});
	return watched;
}

describe('a session that was never started', () => {
	it('answers a hello with its own hello first, then its auth', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const bob = createIdentity(sodium);
		const eph = sodium.crypto_kx_keypair();
		const end = watchedSession(sodium, bob, alice.peerId);
		expect(end.session.state).toBe('new');
		end.session.receive(encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: eph.publicKey }));
		expect(end.sent).toHaveLength(2);
		expect(end.sent[0]?.[0]).toBe(0x01);
		expect(end.sent[1]?.[0]).toBe(0x02);
		expect(end.session.state).toBe('authenticating');
		expect(end.failures).toEqual([]);
	});

	it('lets a peer through when no acceptance rule is given, or when the rule accepts it', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const asked: PeerId[] = [];
		const end = watchedSession(sodium, createIdentity(sodium), alice.peerId, { accepts: (peer) => (asked.push(peer), true) });
		end.session.receive(encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: sodium.crypto_kx_keypair().publicKey }));
		expect(asked).toEqual([alice.peerId]);
		expect(end.session.state).toBe('authenticating');
	});
});

describe('handshake hygiene', () => {
	it('wipes its ephemeral secret once the session keys are derived', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		let ephemeralSecret: Uint8Array | null = null;
		// Watch the key pair the session draws, without changing what it gets.
		const watching = Object.create(sodium) as Sodium;
		const drawKeyPair = () => {
			const pair = sodium.crypto_kx_keypair();
			ephemeralSecret = pair.privateKey;
			return pair;
		};
		watching.crypto_kx_keypair = drawKeyPair as Sodium['crypto_kx_keypair'];
		const end = watchedSession(watching, createIdentity(sodium), alice.peerId);
		end.session.start();
		expect(ephemeralSecret).not.toEqual(new Uint8Array(32));
		end.session.receive(encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: sodium.crypto_kx_keypair().publicKey }));
		expect(end.session.state).toBe('authenticating');
		expect(ephemeralSecret).toEqual(new Uint8Array(32));
	});

	it('refuses an all-zero ephemeral key as a bad key, and tells the caller why', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const end = watchedSession(sodium, createIdentity(sodium), alice.peerId);
		end.session.start();
		end.session.receive(encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: new Uint8Array(32) }));
		expect(end.failures).toEqual([['bad-key', 'ephemeral key refused by key exchange']]);
		expect(end.rejects).toEqual([{ reason: 'bad-key', peer: alice.peerId, detail: 'ephemeral key refused by key exchange' }]);
		expect(end.closes).toBe(1);
		expect(end.session.state).toBe('failed');
	});

	it('reports the failure once, however many bad frames follow', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const end = watchedSession(sodium, createIdentity(sodium), alice.peerId);
		end.session.start();
		const wrongVersion = encodeHello({ t: 'hello', v: 2, id: alice.publicKey, eph: sodium.crypto_kx_keypair().publicKey });
		end.session.receive(wrongVersion);
		end.session.receive(wrongVersion);
		expect(end.failures).toEqual([['version', 'peer speaks v2']]);
		expect(end.closes).toBe(1);
		expect(end.rejects.map((r) => [r.reason, r.detail])).toEqual([
			['version', 'peer speaks v2'],
			['unexpected', 'frame while failed']
		]);
	});
});

describe('input that is not a frame', () => {
	it('names what arrived instead of bytes, and how big an oversized chunk was', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const end = watchedSession(sodium, createIdentity(sodium), alice.peerId);
		end.session.start();
		end.session.receive('a string');
		end.session.receive({ length: 3 });
		end.session.receive(new Uint8Array(64 * 1024 + 1));
		expect(end.rejects).toEqual([
			{ reason: 'not-binary', peer: alice.peerId, detail: 'string' },
			{ reason: 'not-binary', peer: alice.peerId, detail: 'object' },
			{ reason: 'oversized', peer: alice.peerId, detail: `${64 * 1024 + 1} bytes` }
		]);
		expect(end.session.state).toBe('hello-sent');
		expect(end.failures).toEqual([]);
	});
});

describe('a ready session', () => {
	it('ends the session when the application fails on a frame, instead of throwing into the data channel', async () => {
		const { alice, bob } = await connectedPair();
		const failed: RejectReason[] = [];
		const session = bob.session as unknown as { options: { hooks: SessionHooks } };
		session.options.hooks = {
			ready() {},
			frame() {
				throw new Error('handler broke');
			},
			failed: (reason) => void failed.push(reason)
		};
		alice.session.send(text('boom'));
		await settle();
		expect(failed).toEqual(['unexpected']);
		expect(bob.rejects).toEqual(['unexpected']);
		expect(bob.session.state).toBe('failed');
		expect(bob.closed).toBe(true);
	});

	it('closes once, then sends nothing and takes nothing', async () => {
		const { alice, bob } = await connectedPair();
		let closes = 0;
		(bob.session as unknown as { options: { link: { close(): void } } }).options.link.close = () => void (closes += 1);
		bob.session.close();
		bob.session.close();
		expect(closes).toBe(1);
		expect(bob.session.state).toBe('closed');
		expect(bob.session.send(text('after close'))).toBe(false);
		alice.session.send(text('to a closed session'));
		await settle();
		expect(bob.frames).toEqual([]);
		expect(bob.rejects).toEqual(['unexpected']);
		expect(bob.failures).toEqual([]);
	});

	it('sends sealed frames and says so', async () => {
		const { alice, bob } = await connectedPair();
		const before = alice.wire.length;
		expect(alice.session.send(text('sealed'))).toBe(true);
		expect(alice.wire).toHaveLength(before + 1);
		expect(alice.wire.at(-1)?.[0]).toBe(0x02);
		await settle();
		expect(bob.frames).toHaveLength(1);
	});
});

/** Bob's session wired to a raw peer that claims Alice and sends whatever auth the test picks. */
async function facingRawAlice(authFrame?: () => unknown) {
	const sodium = await loadSodium();
	const alice = createIdentity(sodium);
	const bob = createIdentity(sodium);
	const raw = new RawPeer({ sodium, claimed: alice, identity: alice, authFrame });
	const end = watchedSession(sodium, bob, alice.peerId);
	(end.session as unknown as { options: { link: { send(bytes: Uint8Array): void } } }).options.link.send = (bytes) => {
		end.sent.push(bytes);
		queueMicrotask(() => raw.receive(bytes));
	};
	end.session.start();
	raw.open((bytes) => queueMicrotask(() => end.session.receive(bytes)));
	await settle();
	return { sodium, alice, bob, raw, end };
}

describe('what a refused handshake tells the log and the caller', () => {
	it('says why, for each refusal', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const mallory = createIdentity(sodium);
		const eph = () => sodium.crypto_kx_keypair().publicKey;

		const wrongKey = watchedSession(sodium, createIdentity(sodium), alice.peerId);
		wrongKey.session.receive(encodeHello({ t: 'hello', v: 1, id: mallory.publicKey, eph: eph() }));
		expect(wrongKey.failures).toEqual([['wrong-key', 'key does not match the id dialled']]);

		const blocked = watchedSession(sodium, createIdentity(sodium), alice.peerId, { accepts: () => false });
		blocked.session.receive(encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: eph() }));
		expect(blocked.failures).toEqual([['blocked', 'peer not accepted']]);

		const reflected = watchedSession(sodium, createIdentity(sodium), alice.peerId);
		reflected.session.start();
		const ownHello = reflected.sent[0] ?? new Uint8Array(0);
		reflected.session.receive(encodeHello({ t: 'hello', v: 1, id: alice.publicKey, eph: ownHello.slice(-32) }));
		expect(reflected.failures).toEqual([['invalid', 'ephemeral key reflected']]);
	});

	it('fails on a hello that is not msgpack with the decoder\'s reason, not as a crash', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const end = watchedSession(sodium, createIdentity(sodium), alice.peerId);
		end.session.receive(Uint8Array.of(0x01, 0xc1));
		expect(end.failures.map(([reason]) => reason)).toEqual(['malformed']);
	});

	it('names the frame that came in place of the auth, and a bad signature as such', async () => {
		const early = await facingRawAlice(() => ({ t: 'ping', n: 1 }));
		expect(early.end.failures).toEqual([['unexpected', '"ping" before auth']]);
		const forged = await facingRawAlice(() => ({ t: 'auth', sig: new Uint8Array(64) }));
		expect(forged.end.failures).toEqual([['bad-signature', 'transcript signature invalid']]);
	});

	it('logs a second auth after the handshake as such, and an undecryptable frame without detail', async () => {
		const { raw, end } = await facingRawAlice();
		expect(end.session.state).toBe('ready');
		raw.sendValue({ t: 'auth', sig: new Uint8Array(64) });
		raw.sendRaw(Uint8Array.of(0x02, 0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3));
		await settle();
		expect(end.rejects.map((r) => [r.reason, r.detail])).toEqual([
			['unexpected', 'second auth'],
			['undecryptable', '']
		]);
	});
});

describe('a failure inside the hooks', () => {
	it('says what the application threw, cut to 120 characters', async () => {
		const { raw, end } = await facingRawAlice();
		const reason = 'x'.repeat(300);
		(end.session as unknown as { options: { hooks: SessionHooks } }).options.hooks.frame = () => {
			throw new Error(reason);
		};
		raw.sendValue({ t: 'profile', name: 'Alice' });
		await settle();
		expect(end.failures).toEqual([['unexpected', `receive threw: ${`Error: ${reason}`.slice(0, 120)}`]]);
	});

	it('reports nothing when the application closed the session before it threw', async () => {
		const { raw, end } = await facingRawAlice();
		(end.session as unknown as { options: { hooks: SessionHooks } }).options.hooks.frame = () => {
			end.session.close();
			throw new Error('closed and broke');
		};
		raw.sendValue({ t: 'profile', name: 'Alice' });
		await settle();
		expect(end.session.state).toBe('closed');
		expect(end.failures).toEqual([]);
		expect(end.closes).toBe(1);
	});

	it('reports a failure once even when the failure hook itself throws, and does not throw to the wire', async () => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const end = watchedSession(sodium, createIdentity(sodium), alice.peerId);
		let calls = 0;
		(end.session as unknown as { options: { hooks: SessionHooks } }).options.hooks.failed = () => {
			calls += 1;
			throw new Error('listener broke');
		};
		const wrongVersion = encodeHello({ t: 'hello', v: 2, id: alice.publicKey, eph: sodium.crypto_kx_keypair().publicKey });
		expect(() => end.session.receive(wrongVersion)).not.toThrow();
		expect(calls).toBe(1);
		expect(end.closes).toBe(1);
		expect(end.rejects.map((r) => r.reason)).toEqual(['version']);
	});
});
