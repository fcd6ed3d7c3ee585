import type { Sodium } from './sodium';

/** BLAKE2b output that names a file by its content (32 bytes). */
export const FILE_HASH_BYTES = 32;
export const FILE_KEY_BYTES = 32;
/** The Poly1305 tag on every chunk. */
export const CHUNK_TAG_BYTES = 16;
const NONCE_BYTES = 24;
const AAD_BYTES = FILE_HASH_BYTES + 4;

/**
 * Chunk encryption of one file (PROTOCOL §13b). Each file gets a fresh random key, sent inside
 * the end-to-end encrypted message that announces the file, so chunks need no session: a group
 * member who holds the message can pass them on, and a transfer resumes in a later session.
 *
 * XChaCha20-Poly1305 with the chunk index as nonce: the key is used for this one file only, so
 * an index never meets two different plaintexts (a file is hashed before it is announced; if it
 * changed on disk afterwards, the receiver's hash check fails and it is never shown). The
 * additional data binds each chunk to its file hash and position: a chunk of another file, or
 * this file's chunk sent under another index, does not open.
 *
 * The chunks are sealed and opened in place in libsodium's own memory (`InPlace`): the wrapper
 * functions allocate and copy every input in and every output out, which for 64 KiB chunks cost
 * more than the cipher's arithmetic beside it (BENCHMARKS "Files (session 14)").
 */
export class FileCipher {
	readonly #sodium: Sodium;
	readonly #key: Uint8Array;
	readonly #hash: Uint8Array;
	readonly #inPlace: InPlace | null;

	constructor(sodium: Sodium, key: Uint8Array, contentHash: Uint8Array) {
		if (key.length !== FILE_KEY_BYTES) throw new RangeError('a file key is 32 bytes');
		if (contentHash.length !== FILE_HASH_BYTES) throw new RangeError('a file hash is 32 bytes');
		this.#sodium = sodium;
		this.#key = key;
		this.#hash = contentHash;
		this.#inPlace = InPlace.of(sodium);
	}

	static newKey(sodium: Sodium): Uint8Array {
		return sodium.randombytes_buf(FILE_KEY_BYTES);
	}

	seal(index: number, plaintext: Uint8Array): Uint8Array<ArrayBuffer> {
		return this.sealAfter(EMPTY, index, plaintext);
	}

	/**
	 * `prefix` followed by the sealed chunk, in one new array: a frame's header goes in front
	 * without another copy of the chunk.
	 */
	sealAfter(prefix: Uint8Array, index: number, plaintext: Uint8Array): Uint8Array<ArrayBuffer> {
		return this.#sealAfter(prefix, index, plaintext, true);
	}

	/**
	 * As sealAfter, but lent, not given: a view of libsodium's memory that the next seal or
	 * open by any FileCipher of the page overwrites. For a consumer that copies it before it
	 * returns (a data channel's `send`), it saves an allocation and a copy per chunk.
	 */
	sealAfterLent(prefix: Uint8Array, index: number, plaintext: Uint8Array): Uint8Array<ArrayBuffer> {
		return this.#sealAfter(prefix, index, plaintext, false);
	}

	#sealAfter(prefix: Uint8Array, index: number, plaintext: Uint8Array, own: boolean): Uint8Array<ArrayBuffer> {
		if (this.#inPlace !== null) return this.#inPlace.seal(prefix, plaintext, this.#key, nonceFor(index), this.#aad(index), own);
		const sealed = this.#sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, this.#aad(index), null, nonceFor(index), this.#key);
		const out = new Uint8Array(prefix.length + sealed.length);
		out.set(prefix, 0);
		out.set(sealed, prefix.length);
		return out;
	}

	/**
	 * The chunk's plaintext, or null when it was not sealed by this file's key for this index.
	 * `into`, when given, is where the plaintext goes (a view of its length, e.g. of a larger
	 * buffer shared by many chunks: one allocation instead of one per chunk). `hasher`, when
	 * given, is fed the plaintext of a chunk that opened, and only then.
	 */
	open(index: number, sealed: Uint8Array, into?: (length: number) => Uint8Array<ArrayBuffer>, hasher?: ContentHasher): Uint8Array<ArrayBuffer> | null {
		// Stryker disable next-line ConditionalExpression: libsodium refuses a short input too (caught below); this only says so first
		if (sealed.length < CHUNK_TAG_BYTES) return null;
		if (this.#inPlace !== null) return this.#inPlace.open(sealed, this.#key, nonceFor(index), this.#aad(index), into, hasher);
		let plain: Uint8Array<ArrayBuffer>;
		try {
			plain = this.#sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, this.#aad(index), nonceFor(index), this.#key) as Uint8Array<ArrayBuffer>;
		} catch {
			return null;
		}
		hasher?.update(plain);
		if (into === undefined) return plain;
		const out = into(plain.length);
		out.set(plain);
		return out;
	}

	#aad(index: number): Uint8Array {
		const aad = new Uint8Array(AAD_BYTES);
		aad.set(this.#hash, 0);
		new DataView(aad.buffer).setUint32(FILE_HASH_BYTES, index);
		return aad;
	}
}

const EMPTY = new Uint8Array(0);

function nonceFor(index: number): Uint8Array {
	const nonce = new Uint8Array(NONCE_BYTES);
	new DataView(nonce.buffer).setUint32(0, index);
	return nonce;
}

/**
 * The parts of libsodium.js's underlying Emscripten module that sealing in place needs (the
 * wrapper exposes it as `libsodium`). Lengths are 64-bit in C: each goes as a low and a high
 * 32-bit half, as the wrapper itself passes them.
 */
interface SodiumModule {
	HEAPU8: Uint8Array<ArrayBuffer>;
	_malloc(bytes: number): number;
	_free(address: number): void;
	_crypto_aead_xchacha20poly1305_ietf_encrypt(c: number, clenOut: number, m: number, mlen: number, mlenHigh: number, ad: number, adlen: number, adlenHigh: number, nsec: number, npub: number, k: number): number;
	_crypto_aead_xchacha20poly1305_ietf_decrypt(m: number, mlenOut: number, nsec: number, c: number, clen: number, clenHigh: number, ad: number, adlen: number, adlenHigh: number, npub: number, k: number): number;
	_crypto_generichash_update(state: number, input: number, inlen: number): number;
}

function moduleOf(sodium: Sodium): SodiumModule | null {
	const raw = (sodium as unknown as { libsodium?: Partial<SodiumModule> }).libsodium;
	const usable =
		raw !== undefined &&
		raw.HEAPU8 instanceof Uint8Array &&
		typeof raw._malloc === 'function' &&
		typeof raw._free === 'function' &&
		typeof raw._crypto_aead_xchacha20poly1305_ietf_encrypt === 'function' &&
		typeof raw._crypto_aead_xchacha20poly1305_ietf_decrypt === 'function' &&
		typeof raw._crypto_generichash_update === 'function';
	return usable ? (raw as SodiumModule) : null;
}

/** Room before the sealed bytes for a caller's prefix (a chunk frame's header is 37 bytes). */
const PREFIX_ROOM = 64;
const KEY_AT = 0;
const NONCE_AT = KEY_AT + FILE_KEY_BYTES;
const AAD_AT = NONCE_AT + NONCE_BYTES;
const DATA_AT = 128;
/** Enough for a 64 KiB chunk and its tag; grown for anything larger. */
const FIRST_CAPACITY = 64 * 1024 + CHUNK_TAG_BYTES;

/**
 * One scratch area in libsodium's memory per module, shared by every FileCipher of the page:
 * key, nonce, additional data, then a prefix and the chunk, sealed and opened where it lies.
 * Calls are synchronous, so no two use it at once; the key is wiped after each. It is
 * allocated once and kept for the page's life (a few tens of KiB), never per file, so no
 * cipher needs to be freed.
 */
class InPlace {
	static readonly #byModule = new WeakMap<SodiumModule, InPlace>();
	readonly #module: SodiumModule;
	#base: number;
	#capacity: number;

	private constructor(module: SodiumModule) {
		this.#module = module;
		this.#capacity = FIRST_CAPACITY;
		this.#base = this.#allocate(FIRST_CAPACITY);
	}

	static of(sodium: Sodium): InPlace | null {
		const module = moduleOf(sodium);
		if (module === null) return null;
		let found = InPlace.#byModule.get(module);
		if (found === undefined) {
			found = new InPlace(module);
			InPlace.#byModule.set(module, found);
		}
		return found;
	}

	seal(prefix: Uint8Array, plaintext: Uint8Array, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, own: boolean): Uint8Array<ArrayBuffer> {
		const sealedLength = plaintext.length + CHUNK_TAG_BYTES;
		if (prefix.length > PREFIX_ROOM) throw new RangeError('a prefix is at most 64 bytes');
		this.#reserve(sealedLength);
		const base = this.#base;
		const data = base + DATA_AT + PREFIX_ROOM;
		this.#load(key, nonce, aad);
		let heap = this.#module.HEAPU8;
		heap.set(plaintext, data);
		this.#module._crypto_aead_xchacha20poly1305_ietf_encrypt(data, 0, data, plaintext.length, 0, base + AAD_AT, aad.length, 0, 0, base + NONCE_AT, base + KEY_AT);
		heap = this.#module.HEAPU8;
		heap.fill(0, base + KEY_AT, base + KEY_AT + FILE_KEY_BYTES);
		heap.set(prefix, data - prefix.length);
		return own ? heap.slice(data - prefix.length, data + sealedLength) : heap.subarray(data - prefix.length, data + sealedLength);
	}

	open(sealed: Uint8Array, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, into: ((length: number) => Uint8Array<ArrayBuffer>) | undefined, hasher: ContentHasher | undefined): Uint8Array<ArrayBuffer> | null {
		const plainLength = sealed.length - CHUNK_TAG_BYTES;
		this.#reserve(sealed.length);
		const base = this.#base;
		const data = base + DATA_AT + PREFIX_ROOM;
		this.#load(key, nonce, aad);
		this.#module.HEAPU8.set(sealed, data);
		const failed = this.#module._crypto_aead_xchacha20poly1305_ietf_decrypt(data, 0, 0, data, sealed.length, 0, base + AAD_AT, aad.length, 0, base + NONCE_AT, base + KEY_AT);
		const heap = this.#module.HEAPU8;
		heap.fill(0, base + KEY_AT, base + KEY_AT + FILE_KEY_BYTES);
		if (failed !== 0) return null;
		hasher?.updateInModule(this.#module, data, plainLength);
		const plain = heap.subarray(data, data + plainLength);
		if (into === undefined) return plain.slice();
		const out = into(plainLength);
		out.set(plain);
		return out;
	}

	#load(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array): void {
		const heap = this.#module.HEAPU8;
		heap.set(key, this.#base + KEY_AT);
		heap.set(nonce, this.#base + NONCE_AT);
		heap.set(aad, this.#base + AAD_AT);
	}

	#reserve(dataBytes: number): void {
		if (dataBytes <= this.#capacity) return;
		this.#module._free(this.#base);
		this.#base = this.#allocate(dataBytes);
		this.#capacity = dataBytes;
	}

	#allocate(dataBytes: number): number {
		const address = this.#module._malloc(DATA_AT + PREFIX_ROOM + dataBytes);
		if (address === 0) throw new RangeError('out of memory for file chunks');
		return address;
	}
}

/**
 * BLAKE2b-256 over a file's bytes fed in order, in slices: the sender hashes a `File` slice by
 * slice and the receiver its stored chunks, so neither holds the whole file in memory.
 */
export class ContentHasher {
	readonly #sodium: Sodium;
	readonly #state: ReturnType<Sodium['crypto_generichash_init']>;
	readonly #module: SodiumModule | null;
	#done = false;

	constructor(sodium: Sodium) {
		this.#sodium = sodium;
		this.#module = moduleOf(sodium);
		this.#state = sodium.crypto_generichash_init(null, FILE_HASH_BYTES);
	}

	update(bytes: Uint8Array): void {
		if (this.#done) throw new Error('hasher already finished');
		this.#sodium.crypto_generichash_update(this.#state, bytes);
	}

	/**
	 * Feeds bytes that already lie in libsodium's memory (FileCipher.open): no copy in. The
	 * address means something only in the module this hasher's state lives in.
	 */
	updateInModule(module: SodiumModule, address: number, length: number): void {
		if (this.#done) throw new Error('hasher already finished');
		if (module !== this.#module) throw new Error('another libsodium instance');
		if (module._crypto_generichash_update(this.#state as unknown as number, address, length) !== 0) throw new Error('hash update failed');
	}

	digest(): Uint8Array {
		if (this.#done) throw new Error('hasher already finished');
		this.#done = true;
		return this.#sodium.crypto_generichash_final(this.#state, FILE_HASH_BYTES);
	}

	/**
	 * Lets go of the state without a digest (a transfer cancelled, failed or restarted).
	 * libsodium.js keeps the state in the wasm module's own memory, which no garbage collector
	 * sees, and frees it only in `crypto_generichash_final`: a hasher dropped without one leaks
	 * it for the page's lifetime. Nothing happens after a digest or a first discard.
	 */
	discard(): void {
		if (this.#done) return;
		this.#done = true;
		this.#sodium.crypto_generichash_final(this.#state, FILE_HASH_BYTES);
	}
}

/** Constant-time comparison of two hashes. */
export function sameHash(sodium: Sodium, a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && sodium.memcmp(a, b);
}
