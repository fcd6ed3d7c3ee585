// @ts-nocheck
// 
import { describe, expect, it } from 'vitest';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { HANDLE_HASH_PATTERN, handleLookupKey, isHandleHash, normalizeHandle } from '../../../src/lib/directory/handle';
import { UNKNOWN_DEPLOYMENT } from '../../../src/lib/directory/deployment';

describe('normalizeHandle', () => {
	it.each([
		['alice', 'alice'],
		['  Alice  ', 'alice'],
		['ALICE.Smith_99-x', 'alice.smith_99-x'],
		['\uff21\uff4c\uff49\uff43\uff45', 'alice'], // full-width letters fold under NFKC
		['\u212aate', 'kate'], // Kelvin sign
		['0day', '0day'],
		['abc', 'abc'],
		['a'.repeat(32), 'a'.repeat(32)],
		['\talice\n', 'alice']
	])('accepts %j as %j', (input, expected) => {
		expect(normalizeHandle(input)).toBe(expected);
	});

	it.each([
		['ab'], // too short
		['a'.repeat(33)], // too long
		['.alice'], // must start with a letter or digit
		['_alice'],
		['-alice'],
		['al ice'],
		['al@ice'],
		['@alice'],
		['alïce'], // only ASCII survives
		['аlice'], // Cyrillic а, a homoglyph
		['alice\u200b'], // zero-width space
		[''],
		['   '],
		[' '.repeat(300) + 'alice'] // absurdly long input is refused before normalising
	])('refuses %j', (input) => {
		expect(normalizeHandle(input)).toBeNull();
	});

	it('refuses non-strings', () => {
		expect(normalizeHandle(undefined)).toBeNull();
		expect(normalizeHandle(42)).toBeNull();
		expect(normalizeHandle({ toString: () => 'alice' })).toBeNull();
	});
});

describe('handleLookupKey', () => {
	const SALT = 'AQIDBAUGBwgJCgsMDQ4PEA';
	const OTHER_SALT = 'EA8ODQwLCgkIBwYFBAMCAQ';

	it('is stable, normalises first, and separates different handles', async () => {
		const sodium = await loadSodium();
		const alice = handleLookupKey(sodium, 'alice', SALT);
		expect(alice).toMatch(HANDLE_HASH_PATTERN);
		expect(isHandleHash(alice)).toBe(true);
		// A known answer pins the parameters (Argon2id13, interactive limits, 32 bytes, the salt as given).
		const expected = sodium.crypto_pwhash(32, new TextEncoder().encode('alice'), Uint8Array.from({ length: 16 }, (_, i) => i + 1), 2, 67108864, 2);
		expect(alice).toBe(Buffer.from(expected).toString('hex'));
		expect(handleLookupKey(sodium, '  ALICE ', SALT)).toBe(alice);
		expect(handleLookupKey(sodium, 'alice2', SALT)).not.toBe(alice);
		expect(handleLookupKey(sodium, 'bob', SALT)).not.toBe(alice);
	});

	it('depends on the deployment’s salt: one precomputed table does not fit two servers (issue 8, finding 8)', async () => {
		const sodium = await loadSodium();
		expect(handleLookupKey(sodium, 'alice', SALT)).not.toBe(handleLookupKey(sodium, 'alice', OTHER_SALT));
	});

	it('refuses to hash without a real salt (an app that never reached its server)', async () => {
		const sodium = await loadSodium();
		expect(() => handleLookupKey(sodium, 'alice', UNKNOWN_DEPLOYMENT.handleSalt)).toThrow(/handle salt/);
		expect(() => handleLookupKey(sodium, 'alice', 'AQID')).toThrow(/handle salt/);
	});

	it('throws for an invalid handle instead of hashing it', async () => {
		const sodium = await loadSodium();
		expect(() => handleLookupKey(sodium, 'a', SALT)).toThrow(/not a valid handle/);
	});

	it('recognises only lower-case 64-digit hex as a handle hash', () => {
		expect(isHandleHash('a'.repeat(64))).toBe(true);
		expect(isHandleHash('A'.repeat(64))).toBe(false);
		expect(isHandleHash('a'.repeat(63))).toBe(false);
		expect(isHandleHash('alice')).toBe(false);
		expect(isHandleHash(null)).toBe(false);
	});
});
