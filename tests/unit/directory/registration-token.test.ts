import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import {
	decodeRegistrationToken,
	makeRegistrationToken,
	REGISTRATION_MAX_SKEW_MS,
	REGISTRATION_TOKEN_CHARS,
	verifyRegistrationToken
} from '../../../src/lib/directory/registration-token';
import { concatBytes, fromBase64Url, toBase64Url, utf8 } from '../../../src/lib/ids/encoding';

const NOW = 1_750_000_000_000;

async function setup() {
	const sodium = await loadSodium();
	const identity = createIdentity(sodium);
	return { sodium, identity, token: makeRegistrationToken(sodium, identity, NOW) };
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
		const signed = concatBytes(utf8('parley/register/v1'), utf8(identity.peerId), (fromBase64Url(token) as Uint8Array).slice(32, 40));
		expect(sodium.crypto_sign_verify_detached(decoded?.sig as Uint8Array, signed, identity.publicKey)).toBe(true);
	});

	it('round-trip: a fresh token verifies for its own id', async () => {
		const { sodium, identity, token } = await setup();
		const checked = verifyRegistrationToken(sodium, token, identity.peerId, NOW, REGISTRATION_MAX_SKEW_MS);
		expect(checked).toMatchObject({ ok: true, ts: NOW });
		expect(checked.ok && checked.publicKey).toEqual(identity.publicKey);
	});

	it('refuses a token for another id', async () => {
		const { sodium, token } = await setup();
		const other = createIdentity(sodium);
		expect(verifyRegistrationToken(sodium, token, other.peerId, NOW, REGISTRATION_MAX_SKEW_MS)).toEqual({ ok: false, reason: 'wrong-key' });
	});

	it('refuses another key with a signature copied from a real token', async () => {
		const { sodium, identity, token } = await setup();
		const mallory = createIdentity(sodium);
		const bytes = fromBase64Url(token) as Uint8Array;
		bytes.set(mallory.publicKey, 0);
		// Mallory's key names Mallory's id, so this is caught as the wrong key for the victim's id…
		expect(verifyRegistrationToken(sodium, toBase64Url(bytes), identity.peerId, NOW, REGISTRATION_MAX_SKEW_MS)).toEqual({
			ok: false,
			reason: 'wrong-key'
		});
		// …and as a bad signature for Mallory's own id.
		expect(verifyRegistrationToken(sodium, toBase64Url(bytes), mallory.peerId, NOW, REGISTRATION_MAX_SKEW_MS)).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
	});

	it.each([
		['a signature byte', 80],
		['a timestamp byte', 39]
	])('refuses a token with a flipped %s', async (_name, index) => {
		const { sodium, identity, token } = await setup();
		const checked = verifyRegistrationToken(sodium, mutate(token, index), identity.peerId, NOW, Number.POSITIVE_INFINITY);
		expect(checked).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('reports stale (only) for an otherwise valid token outside the window', async () => {
		const { sodium, identity, token } = await setup();
		expect(verifyRegistrationToken(sodium, token, identity.peerId, NOW + REGISTRATION_MAX_SKEW_MS, REGISTRATION_MAX_SKEW_MS).ok).toBe(true);
		expect(verifyRegistrationToken(sodium, token, identity.peerId, NOW - REGISTRATION_MAX_SKEW_MS, REGISTRATION_MAX_SKEW_MS).ok).toBe(true);
		expect(verifyRegistrationToken(sodium, token, identity.peerId, NOW + REGISTRATION_MAX_SKEW_MS + 1, REGISTRATION_MAX_SKEW_MS)).toEqual({
			ok: false,
			reason: 'stale',
			ts: NOW
		});
		expect(verifyRegistrationToken(sodium, token, identity.peerId, NOW - REGISTRATION_MAX_SKEW_MS - 1, REGISTRATION_MAX_SKEW_MS)).toEqual({
			ok: false,
			reason: 'stale',
			ts: NOW
		});
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
		expect(verifyRegistrationToken(sodium, token, identity.peerId, NOW, REGISTRATION_MAX_SKEW_MS)).toEqual({ ok: false, reason: 'malformed' });
	});

	it('refuses a non-canonical spelling of a valid token', async () => {
		const { sodium, identity, token } = await setup();
		// 104 bytes leave 4 unused low bits in the last character; setting one changes the string only.
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		const last = token.at(-1) as string;
		const sibling = token.slice(0, -1) + (alphabet[alphabet.indexOf(last) ^ 1] as string);
		expect(fromBase64Url(sibling)).toEqual(fromBase64Url(token));
		expect(verifyRegistrationToken(sodium, sibling, identity.peerId, NOW, REGISTRATION_MAX_SKEW_MS)).toEqual({ ok: false, reason: 'malformed' });
	});

	it('refuses a timestamp beyond the safe-integer range without throwing', async () => {
		const { sodium, identity, token } = await setup();
		const bytes = fromBase64Url(token) as Uint8Array;
		bytes.fill(0xff, 32, 40);
		expect(verifyRegistrationToken(sodium, toBase64Url(bytes), identity.peerId, NOW, REGISTRATION_MAX_SKEW_MS)).toEqual({
			ok: false,
			reason: 'malformed'
		});
	});
});
