import { describe, expect, it } from 'vitest';
import { identityFromKeys } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { FILE_CHANNEL_VERSION } from '../../../src/lib/files/file-stream';
import { concatBytes, utf8 } from '../../../src/lib/ids/encoding';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { ProtocolLog } from '../../../src/lib/protocol/reject';
import { deriveSecrets, signTranscript } from '../../../src/lib/session/handshake';
import { PeerSession } from '../../../src/lib/session/peer-session';
import { connectedPair, settle } from '../session/session-pair';
import { RawPeer } from '../fuzz/raw-peer';
import { OPENED_FILE_CIPHERS } from '../../../src/lib/crypto/file-cipher-id';

// The handshake re-derived from docs/PROTOCOL.md §handshake with libsodium directly. Both ends of
// every other test run the same code, so a change that both ends make alike (roles swapped,
// labels dropped, role bytes swapped) still lets them talk to each other, but not to any other
// build: only an independent derivation catches it (found by `npm run mutate` on session/).

function party(sodium: Sodium, seedByte: number) {
	const sign = sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(seedByte));
	const eph = sodium.crypto_kx_seed_keypair(new Uint8Array(32).fill(seedByte + 100));
	return { identity: identityFromKeys(sodium, sign.publicKey, sign.privateKey), ephemeral: eph };
}

describe('handshake as PROTOCOL.md specifies it', () => {
	it('roles, session keys, transcript and auth signature match an independent derivation', async () => {
		const sodium = await loadSodium();
		const a = party(sodium, 1);
		const b = party(sodium, 2);
		const [client, server] = sodium.compare(a.ephemeral.publicKey, b.ephemeral.publicKey) < 0 ? [a, b] : [b, a];
		const clientSide = deriveSecrets(sodium, client, { identityKey: server.identity.publicKey, ephemeralKey: server.ephemeral.publicKey });
		const serverSide = deriveSecrets(sodium, server, { identityKey: client.identity.publicKey, ephemeralKey: client.ephemeral.publicKey });
		expect(clientSide?.role).toBe('client');
		expect(serverSide?.role).toBe('server');

		const keys = sodium.crypto_kx_client_session_keys(client.ephemeral.publicKey, client.ephemeral.privateKey, server.ephemeral.publicKey);
		expect(clientSide?.tx).toEqual(keys.sharedTx);
		expect(clientSide?.rx).toEqual(keys.sharedRx);
		expect(serverSide?.rx).toEqual(keys.sharedTx);

		const th = sodium.crypto_generichash(
			32,
			concatBytes(utf8('parley/handshake/v1'), client.identity.publicKey, client.ephemeral.publicKey, server.identity.publicKey, server.ephemeral.publicKey),
			null
		);
		expect(clientSide?.transcript).toEqual(th);
		expect(serverSide?.transcript).toEqual(th);

		const clientSig = signTranscript(sodium, client.identity, clientSide!);
		const serverSig = signTranscript(sodium, server.identity, serverSide!);
		const authMessage = (roleByte: number) => concatBytes(utf8('parley/auth/v1'), Uint8Array.of(roleByte), th);
		expect(sodium.crypto_sign_verify_detached(clientSig, authMessage(1), client.identity.publicKey)).toBe(true);
		expect(sodium.crypto_sign_verify_detached(serverSig, authMessage(2), server.identity.publicKey)).toBe(true);
	});
});

describe('session details other code relies on', () => {
	it('names the verified peer on the session once ready (the messenger records that key)', async () => {
		const { alice, bob } = await connectedPair();
		expect(alice.session.peer).toEqual({ peerId: bob.identity.peerId, publicKey: bob.identity.publicKey, fileCiphers: [...OPENED_FILE_CIPHERS], fileChannel: FILE_CHANNEL_VERSION });
	});

	it('drops a second auth frame after the handshake instead of handing it to the application', async () => {
		const sodium = await loadSodium();
		const alice = party(sodium, 3).identity;
		const bob = party(sodium, 4).identity;
		const rejects: { reason: string; peer: string }[] = [];
		const log: ProtocolLog = { reject: (reason, fields) => void rejects.push({ reason, peer: fields.peer }), info() {} };
		const frames: string[] = [];
		const attacker = new RawPeer({ sodium, claimed: alice, identity: alice });
		const victim = new PeerSession({
			sodium,
			identity: bob,
			expectedPeer: alice.peerId,
			link: { send: (bytes) => queueMicrotask(() => attacker.receive(bytes)), close() {} },
			log,
			hooks: { ready() {}, frame: (frame) => void frames.push(frame.t), failed() {} }
		});
		victim.start();
		attacker.open((bytes) => queueMicrotask(() => victim.receive(bytes)));
		await settle();
		expect(victim.state).toBe('ready');
		attacker.sendValue({ t: 'auth', sig: new Uint8Array(64) });
		attacker.sendValue({ t: 'msg', id: newMessageId(), seq: 1, ts: 1, body: { kind: 'text', text: 'still fine' } });
		await settle();
		expect(frames).toEqual(['msg']);
		// Rejections are logged against the peer, so the user (and the logs) can tell who misbehaved.
		expect(rejects).toEqual([{ reason: 'unexpected', peer: alice.peerId }]);
	});
});
