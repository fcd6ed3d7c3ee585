// @ts-nocheck
// 
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import {
	decodeRegistrationToken,
	makeRegistrationToken,
	REGISTRATION_TOKEN_CHARS,
	REGISTRATION_WINDOW,
	verifyRegistrationToken
} from '../../../src/lib/directory/registration-token';
import { lengthPrefixed } from '../../../src/lib/directory/bytes';
import { fromBase64Url, toBase64Url, utf8 } from '../../../src/lib/ids/encoding';

const NOW = 1_750_000_000_000;
const HERE = 'aGVyZS1kZXBsb3ltZW50LQ';
const ELSEWHERE = 'b3RoZXItZGVwbG95bWVudA';
const MINUTE = 60_000;

async function setup() {
	const sodium = await loadSodium();
	const identity = createIdentity(sodium);
	return { sodium, identity, token: makeRegistrationToken(sodium, identity, HERE, NOW) };
}

function mutate(token: string, index: number): string {
	const bytes = fromBase64Url(token) as Uint8Array;
	bytes[index] = (bytes[index] ?? 0) ^ 0x80;
	return toBase64Url(bytes);
}

describe('registration tokens', () => {
	it('are URL-safe, fixed-length and carry key, ts and signature', async () => {
		const { sodium, identity, token } = await setup();
		expect(token).toHaveLength(REGISTRATION_TOKEN_CHARS);
		expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(encodeURIComponent(token)).toBe(token);
		const decoded = decodeRegistrationToken(token);
		expect(decoded?.publicKey).toEqual(identity.publicKey);
		expect(decoded?.ts).toBe(NOW);
		const signed = lengthPrefixed(utf8('parley/register/v2'), utf8(HERE), utf8(identity.peerId), (fromBase64Url(token) as Uint8Array).slice(32, 40));
		expect(sodium.crypto_sign_verify_detached(decoded?.sig as Uint8Array, signed, identity.publicKey)).toBe(true);
	});

	it('round-trip: a fresh token verifies for its own id', async () => {
		const { sodium, identity, token } = await setup();
		const checked = verifyRegistrationToken(sodium, token, identity.peerId, HERE, NOW);
		expect(checked).toMatchObject({ ok: true, ts: NOW });
		expect(checked.ok && checked.publicKey).toEqual(identity.publicKey);
	});

	it('refuses a token for another id', async () => {
		const { sodium, token } = await setup();
		const other = createIdentity(sodium);
		expect(verifyRegistrationToken(sodium, token, other.peerId, HERE, NOW)).toEqual({ ok: false, reason: 'wrong-key' });
	});

	it('refuses another key with a signature copied from a real token', async () => {
		const { sodium, identity, token } = await setup();
		const mallory = createIdentity(sodium);
		const bytes = fromBase64Url(token) as Uint8Array;
		bytes.set(mallory.publicKey, 0);
		// Mallory's key names Mallory's id, so this is caught as the wrong key for the victim's id…
		expect(verifyRegistrationToken(sodium, toBase64Url(bytes), identity.peerId, HERE, NOW)).toEqual({
			ok: false,
			reason: 'wrong-key'
		});
		// …and as a bad signature for Mallory's own id.
		expect(verifyRegistrationToken(sodium, toBase64Url(bytes), mallory.peerId, HERE, NOW)).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
	});

	it.each([
		['a signature byte', 80],
		['a timestamp byte', 39]
	])('refuses a token with a flipped %s', async (_name, index) => {
		const { sodium, identity, token } = await setup();
		const checked = verifyRegistrationToken(sodium, mutate(token, index), identity.peerId, HERE, NOW, { maxAgeMs: Infinity, maxAheadMs: Infinity });
		expect(checked).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('lives 5 minutes and may be 2 minutes ahead; reports stale (only) outside that', async () => {
		const { sodium, identity, token } = await setup();
		expect(REGISTRATION_WINDOW).toEqual({ maxAgeMs: 5 * MINUTE, maxAheadMs: 2 * MINUTE });
		const at = (now: number) => verifyRegistrationToken(sodium, token, identity.peerId, HERE, now);
		expect(at(NOW + 5 * MINUTE).ok).toBe(true);
		expect(at(NOW - 2 * MINUTE).ok).toBe(true);
		expect(at(NOW + 5 * MINUTE + 1)).toEqual({ ok: false, reason: 'stale', ts: NOW });
		expect(at(NOW - 2 * MINUTE - 1)).toEqual({ ok: false, reason: 'stale', ts: NOW });
		// Issue 8, finding 9: a token replayed a day later.
		expect(at(NOW + 24 * 60 * MINUTE)).toEqual({ ok: false, reason: 'stale', ts: NOW });
	});

	it('is bound to its deployment: the same token means nothing on another', async () => {
		const { sodium, identity, token } = await setup();
		expect(verifyRegistrationToken(sodium, token, identity.peerId, ELSEWHERE, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
		const there = makeRegistrationToken(sodium, identity, ELSEWHERE, NOW);
		expect(verifyRegistrationToken(sodium, there, identity.peerId, ELSEWHERE, NOW).ok).toBe(true);
		expect(verifyRegistrationToken(sodium, there, identity.peerId, HERE, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it.each([
		['a stock peerjs token', 'k2j5f0x9q1'],
		['a UUID', 'd7d2f8a2-4c0e-4b8b-9a5e-2c1f0e1d2c3b'],
		['empty', ''],
		['padded base64url', 'A'.repeat(REGISTRATION_TOKEN_CHARS - 1) + '='],
		['plain base64', '+'.repeat(REGISTRATION_TOKEN_CHARS)],
		['one character short', 'A'.repeat(REGISTRATION_TOKEN_CHARS - 1)]
	])('refuses %s as malformed', async (_name, token) => {
		const { sodium, identity } = await setup();
		expect(verifyRegistrationToken(sodium, token, identity.peerId, HERE, NOW)).toEqual({ ok: false, reason: 'malformed' });
	});

	it('refuses a non-canonical spelling of a valid token', async () => {
		const { sodium, identity, token } = await setup();
		// 104 bytes leave 4 unused low bits in the last character; setting one changes the string only.
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		const last = token.at(-1) as string;
		const sibling = token.slice(0, -1) + (alphabet[alphabet.indexOf(last) ^ 1] as string);
		expect(fromBase64Url(sibling)).toEqual(fromBase64Url(token));
		expect(verifyRegistrationToken(sodium, sibling, identity.peerId, HERE, NOW)).toEqual({ ok: false, reason: 'malformed' });
	});

	it('refuses a timestamp beyond the safe-integer range without throwing', async () => {
		const { sodium, identity, token } = await setup();
		const bytes = fromBase64Url(token) as Uint8Array;
		bytes.fill(0xff, 32, 40);
		expect(verifyRegistrationToken(sodium, toBase64Url(bytes), identity.peerId, HERE, NOW)).toEqual({
			ok: false,
			reason: 'malformed'
		});
	});
});
