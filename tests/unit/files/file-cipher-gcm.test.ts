import { describe, expect, it } from 'vitest';
import { FileCipher } from '../../../src/lib/crypto/file-cipher';
import { FILE_CIPHER_AES256_GCM, knownFileCipher } from '../../../src/lib/crypto/file-cipher-id';
import { chunkCipherFor } from '../../../src/lib/crypto/file-ciphers';
import { GcmFileCipher, gcmNonceFor } from '../../../src/lib/crypto/file-cipher-gcm';
import { loadSodium } from '../../../src/lib/crypto/sodium';

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);
const key = () => crypto.getRandomValues(new Uint8Array(32));

describe('file chunks under AES-256-GCM', () => {
	it('open under the same key, hash and index, and are AES-256-GCM as WebCrypto makes it', async () => {
		const k = key();
		const cipher = new GcmFileCipher(k, bytes(32, 1));
		const sealed = await cipher.seal(7, bytes(1000, 9));
		expect(sealed.length).toBe(1016);
		expect(await cipher.open(7, sealed)).toEqual(bytes(1000, 9));
		// The construction of PROTOCOL §13b: nonce = index (u32 BE, zero padded to 96 bits), AAD = hash ‖ index.
		const aad = new Uint8Array(36);
		aad.set(bytes(32, 1));
		new DataView(aad.buffer).setUint32(32, 7);
		const raw = await crypto.subtle.importKey('raw', k, 'AES-GCM', false, ['decrypt']);
		const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array([0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0]), additionalData: aad }, raw, sealed);
		expect(new Uint8Array(plain)).toEqual(bytes(1000, 9));
	});

	it('refuse a chunk altered anywhere: ciphertext, tag, or cut short', async () => {
		const cipher = new GcmFileCipher(key(), bytes(32, 1));
		const sealed = await cipher.seal(3, bytes(300, 5));
		for (const at of [0, 150, 299, 300, 315]) {
			const altered = sealed.slice();
			altered[at] = (altered[at] as number) ^ 1;
			expect(await cipher.open(3, altered)).toBeNull();
		}
		expect(await cipher.open(3, sealed.subarray(0, sealed.length - 1))).toBeNull();
		expect(await cipher.open(3, sealed.subarray(0, 15))).toBeNull();
		expect(await cipher.open(3, sealed.subarray(16))).toBeNull();
	});

	it('refuse a chunk under another index (reordered, swapped) or of another file (hash or key)', async () => {
		const k = key();
		const cipher = new GcmFileCipher(k, bytes(32, 1));
		const [zero, one] = [await cipher.seal(0, bytes(64, 1)), await cipher.seal(1, bytes(64, 2))];
		expect(await cipher.open(1, zero)).toBeNull();
		expect(await cipher.open(0, one)).toBeNull();
		// The same key under another file's hash (two messages of one key can't exist, but the AAD still binds it).
		expect(await new GcmFileCipher(k, bytes(32, 2)).open(0, zero)).toBeNull();
		expect(await new GcmFileCipher(key(), bytes(32, 1)).open(0, zero)).toBeNull();
		expect(await cipher.open(0, zero)).toEqual(bytes(64, 1));
	});

	it('open an empty chunk, which is its tag alone', async () => {
		const cipher = new GcmFileCipher(key(), bytes(32, 1));
		const sealed = await cipher.seal(0, new Uint8Array(0));
		expect(sealed.length).toBe(16);
		expect(await cipher.open(0, sealed)).toEqual(new Uint8Array(0));
	});

	it('put a prefix in front of the sealed chunk, and seal the bytes as they were when called', async () => {
		const cipher = new GcmFileCipher(key(), bytes(32, 1));
		const plain = bytes(100, 4);
		const framed = cipher.sealAfter(bytes(37, 3), 2, plain);
		// The caller's buffer changes while the key is still being imported: what was passed is sealed.
		plain.fill(0);
		const frame = await framed;
		expect(frame.subarray(0, 37)).toEqual(bytes(37, 3));
		expect(await cipher.open(2, frame.subarray(37))).toEqual(bytes(100, 4));
	});

	it('give every index its own nonce, and refuse an index outside u32 rather than wrap it to 0', () => {
		const seen = new Set<string>();
		for (const index of [0, 1, 255, 256, 65_535, 65_536, 2 ** 24, 2 ** 31, 2 ** 32 - 1]) seen.add(gcmNonceFor(index).join(','));
		expect(seen.size).toBe(9);
		expect(gcmNonceFor(0x01020304)).toEqual(new Uint8Array([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]));
		for (const index of [2 ** 32, -1, 1.5, Number.NaN]) expect(() => gcmNonceFor(index)).toThrow(RangeError);
	});

	it('refuse keys and hashes of the wrong size', () => {
		expect(() => new GcmFileCipher(bytes(16, 0), bytes(32, 0))).toThrow(new RangeError('a file key is 32 bytes'));
		expect(() => new GcmFileCipher(bytes(32, 0), bytes(31, 0))).toThrow(new RangeError('a file hash is 32 bytes'));
	});
});

describe('the cipher a file is announced under', () => {
	it('is XChaCha20-Poly1305 without an id (every file before), AES-256-GCM for id 1, nothing else', async () => {
		const sodium = await loadSodium();
		const k = FileCipher.newKey(sodium);
		const hash = bytes(32, 1);
		const old = chunkCipherFor(sodium, { key: k }, hash);
		expect(old?.sync).toBe(true);
		// A chunk sealed before session 15 still opens.
		const sealedBefore = new FileCipher(sodium, k, hash).seal(4, bytes(50, 8));
		expect(old?.sync === true && old.cipher.open(4, sealedBefore)).toEqual(bytes(50, 8));
		const gcm = chunkCipherFor(sodium, { key: k, cipher: FILE_CIPHER_AES256_GCM }, hash);
		expect(gcm?.sync).toBe(false);
		// The same key's XChaCha chunk does not open as GCM: the id decides, not a guess.
		expect(gcm?.sync === false && (await gcm.cipher.open(4, sealedBefore))).toBeNull();
		for (const unknown of [0, 2, 255]) {
			expect(knownFileCipher(unknown)).toBeNull();
			expect(chunkCipherFor(sodium, { key: k, cipher: unknown }, hash)).toBeNull();
		}
	});
});
