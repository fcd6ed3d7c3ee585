import { describe, expect, it } from 'vitest';
import { ContentHasher, FileCipher, sameHash } from '../../../src/lib/crypto/file-cipher';
import { loadSodium } from '../../../src/lib/crypto/sodium';

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);

describe('file chunks', () => {
	it('open under the same key, hash and index', async () => {
		const sodium = await loadSodium();
		const cipher = new FileCipher(sodium, FileCipher.newKey(sodium), bytes(32, 1));
		const sealed = cipher.seal(7, bytes(1000, 9));
		expect(sealed.length).toBe(1016);
		expect(cipher.open(7, sealed)).toEqual(bytes(1000, 9));
	});

	it('do not open under another index, another file hash, another key, or altered', async () => {
		const sodium = await loadSodium();
		const key = FileCipher.newKey(sodium);
		const cipher = new FileCipher(sodium, key, bytes(32, 1));
		const sealed = cipher.seal(7, bytes(100, 9));
		expect(cipher.open(8, sealed)).toBeNull();
		expect(new FileCipher(sodium, key, bytes(32, 2)).open(7, sealed)).toBeNull();
		expect(new FileCipher(sodium, FileCipher.newKey(sodium), bytes(32, 1)).open(7, sealed)).toBeNull();
		const altered = sealed.slice();
		altered[3] = (altered[3] as number) ^ 1;
		expect(cipher.open(7, altered)).toBeNull();
		expect(cipher.open(7, sealed.subarray(0, 10))).toBeNull();
	});

	it('refuse keys and hashes of the wrong size', async () => {
		const sodium = await loadSodium();
		expect(() => new FileCipher(sodium, bytes(16, 0), bytes(32, 0))).toThrow(new RangeError('a file key is 32 bytes'));
		expect(() => new FileCipher(sodium, bytes(32, 0), bytes(31, 0))).toThrow(new RangeError('a file hash is 32 bytes'));
	});

	it('open an empty chunk, which is its tag alone', async () => {
		const sodium = await loadSodium();
		const cipher = new FileCipher(sodium, FileCipher.newKey(sodium), bytes(32, 1));
		const sealed = cipher.seal(0, new Uint8Array(0));
		expect(sealed.length).toBe(16);
		expect(cipher.open(0, sealed)).toEqual(new Uint8Array(0));
	});
});

describe('content hash', () => {
	it('is the same whatever the slicing, and differs for other bytes', async () => {
		const sodium = await loadSodium();
		const data = new Uint8Array(300_000).map((_, i) => i * 31);
		const whole = new ContentHasher(sodium);
		whole.update(data);
		const sliced = new ContentHasher(sodium);
		for (let at = 0; at < data.length; at += 65_536) sliced.update(data.subarray(at, at + 65_536));
		const a = whole.digest();
		const b = sliced.digest();
		expect(a.length).toBe(32);
		expect(sameHash(sodium, a, b)).toBe(true);
		expect(a).toEqual(sodium.crypto_generichash(32, data, null));
		const changed = data.slice();
		changed[299_999] = (changed[299_999] as number) ^ 1;
		const other = new ContentHasher(sodium);
		other.update(changed);
		expect(sameHash(sodium, a, other.digest())).toBe(false);
		expect(sameHash(sodium, a, a.subarray(0, 16))).toBe(false);
	});

	it('cannot be used after its digest', async () => {
		const sodium = await loadSodium();
		const hasher = new ContentHasher(sodium);
		hasher.digest();
		expect(() => hasher.update(bytes(1, 0))).toThrow('hasher already finished');
		expect(() => hasher.digest()).toThrow('hasher already finished');
	});
});
