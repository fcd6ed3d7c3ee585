import { describe, expect, it } from 'vitest';
import { FILE_CIPHER_AES256_GCM, MAX_ANNOUNCED_FILE_CIPHERS } from '../../../src/lib/crypto/file-cipher-id';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { FILE_CHANNEL_VERSION, MAX_FILE_CHANNEL_VERSION } from '../../../src/lib/files/file-stream';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import type { RejectReason } from '../../../src/lib/protocol/reject';
import { signTranscript } from '../../../src/lib/session/handshake';
import { PeerSession, type VerifiedPeer } from '../../../src/lib/session/peer-session';
import { RawPeer } from '../fuzz/raw-peer';
import { connectedPair, settle } from './session-pair';

/**
 * Bob's session facing a hand-built Alice whose auth frame carries `ciphers` as given (absent: an
 * older version), and the other fields in `more`.
 */
async function facingAlice(ciphers?: unknown, more: Record<string, unknown> = {}) {
	const sodium = await loadSodium();
	const alice = createIdentity(sodium);
	const bob = createIdentity(sodium);
	const raw = new RawPeer({
		sodium,
		claimed: alice,
		identity: alice,
		answerPings: false,
		authFrame: (secrets) => ({ t: 'auth', sig: signTranscript(sodium, alice, secrets), pack: 64, ...(ciphers === undefined ? {} : { ciphers }), ...more })
	});
	const ready: VerifiedPeer[] = [];
	const failures: RejectReason[] = [];
	const logged: { reason: RejectReason; detail: string }[] = [];
	const session = new PeerSession({
		sodium,
		identity: bob,
		expectedPeer: alice.peerId,
		log: { reject: (reason, context) => void logged.push({ reason, detail: String(context.detail ?? '') }), info() {} },
		link: { send: (bytes) => void queueMicrotask(() => raw.receive(bytes)), close() {} },
		hooks: { ready: (peer) => void ready.push(peer), frame() {}, failed: (reason) => void failures.push(reason) }
	});
	session.start();
	raw.open((bytes) => queueMicrotask(() => session.receive(bytes)));
	await settle();
	return { raw, session, ready, failures, logged };
}

describe('file ciphers said in the auth frame (PROTOCOL §4, §13b)', () => {
	it('each end tells the other it opens AES-256-GCM files, and learns the same', async () => {
		const { alice, bob } = await connectedPair();
		expect(alice.ready.map((peer) => peer.fileCiphers)).toEqual([[FILE_CIPHER_AES256_GCM]]);
		expect(bob.ready.map((peer) => peer.fileCiphers)).toEqual([[FILE_CIPHER_AES256_GCM]]);
	});

	it('an older peer says nothing: it opens only XChaCha20-Poly1305 files', async () => {
		const { ready, failures, raw } = await facingAlice();
		expect(failures).toEqual([]);
		expect(ready.map((peer) => peer.fileCiphers)).toEqual([[]]);
		// And what we said reached it in our own auth frame.
		expect(raw.received[0]).toMatchObject({ t: 'auth', ciphers: [FILE_CIPHER_AES256_GCM] });
	});

	it('keeps ids this version does not know, up to the bound', async () => {
		const { ready } = await facingAlice([1, 7, 255]);
		expect(ready.map((peer) => peer.fileCiphers)).toEqual([[1, 7, 255]]);
	});

	it('refuses a hostile list (too long, not a list, not cipher ids): the session fails with a logged reason', async () => {
		const hostile: unknown[] = [
			Array.from({ length: MAX_ANNOUNCED_FILE_CIPHERS + 1 }, () => 1),
			Array.from({ length: 500 }, (_, i) => (i % 255) + 1),
			1,
			'1',
			{ 0: 1 },
			[0],
			[256],
			[1.5],
			['1']
		];
		for (const ciphers of hostile) {
			const { ready, failures, logged } = await facingAlice(ciphers);
			expect(ready, JSON.stringify(ciphers)).toEqual([]);
			expect(failures, JSON.stringify(ciphers)).toEqual(['invalid']);
			expect(logged.map((entry) => entry.reason)).toEqual(['invalid']);
			expect(logged[0]?.detail, JSON.stringify(ciphers)).not.toBe('');
		}
		// Nested deeper than any frame may be: refused by the structure scan, before the schema.
		expect((await facingAlice([[1]])).failures).toEqual(['malformed']);
	});
});

describe('the file channel version said in the auth frame (PROTOCOL §4, §13c)', () => {
	it('each end says this version and learns the other’s', async () => {
		const { alice, bob } = await connectedPair();
		expect(alice.ready.map((peer) => peer.fileChannel)).toEqual([FILE_CHANNEL_VERSION]);
		expect(bob.ready.map((peer) => peer.fileChannel)).toEqual([FILE_CHANNEL_VERSION]);
	});

	it('an older peer says nothing: version 1, and what we said reached it', async () => {
		const { ready, failures, raw } = await facingAlice();
		expect(failures).toEqual([]);
		expect(ready.map((peer) => peer.fileChannel)).toEqual([1]);
		expect(raw.received[0]).toMatchObject({ t: 'auth', fch: FILE_CHANNEL_VERSION });
	});

	it('keeps a later version as said, up to the bound', async () => {
		expect((await facingAlice(undefined, { fch: 7 })).ready.map((peer) => peer.fileChannel)).toEqual([7]);
		expect((await facingAlice(undefined, { fch: MAX_FILE_CHANNEL_VERSION })).ready.map((peer) => peer.fileChannel)).toEqual([MAX_FILE_CHANNEL_VERSION]);
	});

	it('refuses a version that is not one (0, over the bound, a fraction, a string): the session fails with a logged reason', async () => {
		for (const fch of [0, MAX_FILE_CHANNEL_VERSION + 1, 1.5, '2', -1]) {
			const { ready, failures, logged } = await facingAlice(undefined, { fch });
			expect(ready, String(fch)).toEqual([]);
			expect(failures, String(fch)).toEqual(['invalid']);
			expect(logged.map((entry) => entry.reason)).toEqual(['invalid']);
		}
	});
});
