import { describe, expect, it } from 'vitest';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { HANDLE_HASH_PATTERN, handleLookupKey, handleSalt, isHandleHash, normalizeHandle } from '../../../src/lib/directory/handle';
import { toHex } from '../../../src/lib/ids/encoding';

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
	it('uses the first 16 bytes of BLAKE2b-256("parley/handle/v1") as salt', async () => {
		const sodium = await loadSodium();
		const full = sodium.crypto_generichash(32, new TextEncoder().encode('parley/handle/v1'), null);
		expect(toHex(handleSalt(sodium))).toBe(toHex(full.slice(0, 16)));
	});

	it('is stable, normalises first, and separates different handles', async () => {
		const sodium = await loadSodium();
		const alice = handleLookupKey(sodium, 'alice');
		expect(alice).toMatch(HANDLE_HASH_PATTERN);
		expect(isHandleHash(alice)).toBe(true);
		// A known answer pins the parameters (Argon2id13, interactive limits, 32 bytes, salt).
		expect(alice).toBe('b3c5ba2fd38695492be386616894ea7ff589b1e2a41231903b079a876d3d37bb');
		expect(handleLookupKey(sodium, '  ALICE ')).toBe(alice);
		expect(handleLookupKey(sodium, 'alice2')).not.toBe(alice);
		expect(handleLookupKey(sodium, 'bob')).not.toBe(alice);
	});

	it('throws for an invalid handle instead of hashing it', async () => {
		const sodium = await loadSodium();
		expect(() => handleLookupKey(sodium, 'a')).toThrow(/not a valid handle/);
	});

	it('recognises only lower-case 64-digit hex as a handle hash', () => {
		expect(isHandleHash('a'.repeat(64))).toBe(true);
		expect(isHandleHash('A'.repeat(64))).toBe(false);
		expect(isHandleHash('a'.repeat(63))).toBe(false);
		expect(isHandleHash('alice')).toBe(false);
		expect(isHandleHash(null)).toBe(false);
	});
});
