import { describe, expect, it } from 'vitest';
import { ContentHasher, FileCipher, sameHash } from '../../../src/lib/crypto/file-cipher';
import { loadPasswordHashing, loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';

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

/** The same sodium with its Emscripten module hidden: FileCipher falls back to the wrapper functions. */
function wrapperOnly(sodium: Sodium): Sodium {
	return Object.assign(Object.create(sodium) as Sodium, { libsodium: undefined });
}

/** Byte equality without vitest's per-element diff (slow on 64 KiB arrays). */
function same(a: Uint8Array | null, b: Uint8Array): boolean {
	return a !== null && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

function occurrences(haystack: Uint8Array, needle: Uint8Array): number {
	let found = 0;
	outer: for (let at = haystack.indexOf(needle[0] as number); at !== -1 && at <= haystack.length - needle.length; at = haystack.indexOf(needle[0] as number, at + 1)) {
		for (let i = 1; i < needle.length; i++) if (haystack[at + i] !== needle[i]) continue outer;
		found += 1;
	}
	return found;
}

describe('file chunks sealed in place (libsodium memory)', () => {
	it('are byte for byte what the wrapper functions make, and open either way', async () => {
		const sodium = await loadSodium();
		expect((sodium as unknown as { libsodium?: unknown }).libsodium).toBeDefined();
		const key = FileCipher.newKey(sodium);
		const hash = bytes(32, 3);
		const inPlace = new FileCipher(sodium, key, hash);
		const wrapped = new FileCipher(wrapperOnly(sodium), key, hash);
		const plain = new Uint8Array(65_536).map((_, i) => i * 7);
		for (const index of [0, 1, 4095, 0xfffffffe]) {
			const sealed = inPlace.seal(index, plain);
			expect(same(sealed, wrapped.seal(index, plain))).toBe(true);
			expect(same(wrapped.open(index, sealed), plain)).toBe(true);
			expect(same(inPlace.open(index, wrapped.seal(index, plain)), plain)).toBe(true);
		}
		// Its own buffer each time, not a view of libsodium's memory that the next call overwrites.
		const first = inPlace.seal(1, plain);
		const copy = first.slice();
		inPlace.seal(2, bytes(65_536, 0));
		expect(same(first, copy)).toBe(true);
		expect(first.byteOffset).toBe(0);
		expect(first.buffer.byteLength).toBe(first.length);
	});

	it('put a prefix in front of the sealed chunk in the same array', async () => {
		const sodium = await loadSodium();
		const key = FileCipher.newKey(sodium);
		for (const cipher of [new FileCipher(sodium, key, bytes(32, 4)), new FileCipher(wrapperOnly(sodium), key, bytes(32, 4))]) {
			const framed = cipher.sealAfter(bytes(37, 0xee), 9, bytes(500, 1));
			expect(framed.length).toBe(37 + 516);
			expect(framed.subarray(0, 37)).toEqual(bytes(37, 0xee));
			expect(framed.subarray(37)).toEqual(cipher.seal(9, bytes(500, 1)));
		}
		expect(() => new FileCipher(sodium, key, bytes(32, 4)).sealAfter(bytes(65, 0), 0, bytes(1, 0))).toThrow(RangeError);
	});

	it('open into the caller\'s buffer and feed the hasher only chunks that open', async () => {
		const sodium = await loadSodium();
		for (const which of [sodium, wrapperOnly(sodium)]) {
			const cipher = new FileCipher(which, FileCipher.newKey(sodium), bytes(32, 5));
			const arena = new Uint8Array(2000);
			let used = 0;
			const into = (length: number) => arena.subarray(used, (used += length));
			const hasher = new ContentHasher(which);
			const good = cipher.seal(0, bytes(700, 1));
			const tampered = cipher.seal(1, bytes(700, 2));
			tampered[20] = (tampered[20] as number) ^ 1;
			expect(cipher.open(1, tampered, into, hasher)).toBeNull();
			expect(cipher.open(1, good, into, hasher)).toBeNull();
			const opened = cipher.open(0, good, into, hasher);
			expect(opened).toEqual(bytes(700, 1));
			expect(opened?.buffer).toBe(arena.buffer);
			expect(hasher.digest()).toEqual(sodium.crypto_generichash(32, bytes(700, 1), null));
		}
	});

	it('grow for a chunk larger than 64 KiB', async () => {
		const sodium = await loadSodium();
		const cipher = new FileCipher(sodium, FileCipher.newKey(sodium), bytes(32, 6));
		const big = new Uint8Array(200_000).map((_, i) => i);
		expect(same(cipher.open(3, cipher.seal(3, big)), big)).toBe(true);
		expect(cipher.open(4, cipher.seal(4, bytes(10, 1)))).toEqual(bytes(10, 1));
	});

	it('leave no copy of the key in libsodium\'s memory', async () => {
		const sodium = await loadSodium();
		const heap = () => (sodium as unknown as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8;
		// Made here, never passed to a wrapper function (which would leave it in freed memory).
		const key = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
		const cipher = new FileCipher(sodium, key, bytes(32, 7));
		const sealed = cipher.seal(0, bytes(100, 1));
		expect(occurrences(heap(), key)).toBe(0);
		cipher.open(0, sealed);
		expect(occurrences(heap(), key)).toBe(0);
		cipher.open(0, sealed.subarray(1));
		expect(occurrences(heap(), key)).toBe(0);
	});

	it('refuse to hash from another libsodium module\'s memory', async () => {
		const sodium = await loadSodium();
		const sumo = (await loadPasswordHashing()) as unknown as Sodium;
		const cipher = new FileCipher(sodium, FileCipher.newKey(sodium), bytes(32, 8));
		const sealed = cipher.seal(0, bytes(10, 1));
		expect(() => cipher.open(0, sealed, undefined, new ContentHasher(sumo))).toThrow('another libsodium instance');
	});
});

describe('a lent sealed frame', () => {
	it('is the same bytes as a given one, lives in libsodium\'s memory, and is overwritten by the next chunk', async () => {
		const sodium = await loadSodium();
		const cipher = new FileCipher(sodium, FileCipher.newKey(sodium), bytes(32, 9));
		const given = cipher.sealAfter(bytes(37, 1), 3, bytes(1000, 2));
		const lent = cipher.sealAfterLent(bytes(37, 1), 3, bytes(1000, 2));
		expect(same(lent, given)).toBe(true);
		expect(lent.buffer).toBe((sodium as unknown as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8.buffer);
		cipher.sealAfterLent(bytes(37, 1), 4, bytes(1000, 2));
		expect(same(lent, given)).toBe(false);
		// Without the module, it is an array of its own.
		const fallback = new FileCipher(wrapperOnly(sodium), FileCipher.newKey(sodium), bytes(32, 9)).sealAfterLent(bytes(37, 1), 3, bytes(10, 2));
		expect(fallback.buffer.byteLength).toBe(37 + 26);
	});
});
