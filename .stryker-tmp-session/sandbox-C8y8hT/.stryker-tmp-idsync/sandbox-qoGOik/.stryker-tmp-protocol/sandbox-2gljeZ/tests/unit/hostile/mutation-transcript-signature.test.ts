// @ts-nocheck
// 
// 
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import { signTranscript, type SessionSecrets } from '../../../src/lib/session/handshake';
import { eventually, makePeer, startedPeers } from '../messenger/messenger-harness';
import { makeEnd, settle } from '../session/session-pair';
import { RawPeer, type AuthSigner } from '../fuzz/raw-peer';

// Kills the mutant "transcript signature check removed from PeerSession #onAuth": an impostor who
// knows only Alice's PUBLIC key can complete the key exchange (its own ephemeral key), so the
// signature over the transcript is the one thing that proves the peer holds Alice's secret key.

const start = startedPeers();

const message = (text: string) => ({ t: 'msg', id: newMessageId(), seq: 1, ts: Date.now(), body: { kind: 'text', text } });

/** Everything an impostor without Alice's secret key could put in the auth frame. */
const IMPOSTOR_SIGNATURES: [string, (sodium: Sodium) => AuthSigner][] = [
	["a signature by the attacker's own key", (sodium) => {
		const mallory = createIdentity(sodium);
		return (secrets: SessionSecrets) => signTranscript(sodium, mallory, secrets);
	}],
	['64 random bytes', (sodium) => () => sodium.randombytes_buf(64)],
	['64 zero bytes', () => () => new Uint8Array(64)]
];

describe('handshake: a hello with Alice’s public key but the attacker’s ephemeral key', () => {
	it.each(IMPOSTOR_SIGNATURES)('with %s as auth: never ready, and the next message is not taken as Alice’s', async (_, makeSigner) => {
		const sodium = await loadSodium();
		const alice = createIdentity(sodium);
		const bob = createIdentity(sodium);
		const sign = makeSigner(sodium);
		const impostor = new RawPeer({ sodium, network: new FakeNetwork(), claimed: { peerId: alice.peerId, publicKey: alice.publicKey }, sign });
		const victim = makeEnd(sodium, bob, alice.peerId, (bytes) => queueMicrotask(() => impostor.receive(bytes)));
		victim.session.start();
		impostor.open((bytes) => queueMicrotask(() => victim.session.receive(bytes)));
		await settle();
		expect(victim.session.state).toBe('failed');
		expect(victim.failures).toEqual(['bad-signature']);
		expect(victim.ready).toEqual([]);
		expect(victim.closed).toBe(true);
		// Had the session gone ready, this frame would be delivered as Alice's.
		impostor.sendValue(message('I am Alice, send money'));
		await settle();
		expect(victim.frames).toEqual([]);
	});

	it('the same attack against a whole Messenger stores nothing as Alice and warns the user', async () => {
		const sodium = await loadSodium();
		const network = new FakeNetwork();
		const bob = await makePeer(network, 'Bob');
		const alice = createIdentity(sodium);
		const warnings: string[] = [];
		bob.messenger.events.on('warning', (peer, reason) => void warnings.push(`${peer}:${reason}`));
		await start(bob);
		const mallory = createIdentity(sodium);
		const impostor = new RawPeer({
			sodium,
			network,
			claimed: { peerId: alice.peerId, publicKey: alice.publicKey },
			sign: (secrets) => signTranscript(sodium, mallory, secrets)
		});
		impostor.dial(bob.identity.peerId);
		await eventually(() => warnings.length > 0 || bob.messenger.presence(alice.peerId) === 'online', Boolean);
		expect(warnings).toEqual([`${alice.peerId}:bad-signature`]);
		// The impostor holds the session keys the victim derived, so only the signature stood in the way.
		impostor.sendValue(message('I am Alice'));
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await bob.db.receiver.count()).toBe(0);
		expect(await bob.db.users.get(alice.peerId)).toBeUndefined();
		expect(bob.messenger.presence(alice.peerId)).toBe('offline');
	});

	it('an honest raw peer with the same code path does get through (the attack is not failing for another reason)', async () => {
		const sodium = await loadSodium();
		const network = new FakeNetwork();
		const bob = await makePeer(network, 'Bob');
		await start(bob);
		const alice = createIdentity(sodium);
		const honest = new RawPeer({ sodium, network, claimed: { peerId: alice.peerId, publicKey: alice.publicKey }, identity: alice });
		honest.dial(bob.identity.peerId);
		// A stranger gets no profile: wait for Bob's side of the channel instead.
		await eventually(() => bob.messenger.connections.channel(alice.peerId)?.session.state === 'ready', Boolean);
		honest.sendValue(message('really Alice'));
		const row = await eventually(() => bob.db.receiver.toArray(), (rows) => rows.length === 1);
		expect(row[0]).toMatchObject({ peerId: alice.peerId, text: 'really Alice' });
	});
});
