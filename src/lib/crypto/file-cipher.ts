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
 */
export class FileCipher {
	readonly #sodium: Sodium;
	readonly #key: Uint8Array;
	readonly #hash: Uint8Array;

	constructor(sodium: Sodium, key: Uint8Array, contentHash: Uint8Array) {
		if (key.length !== FILE_KEY_BYTES) throw new RangeError('a file key is 32 bytes');
		if (contentHash.length !== FILE_HASH_BYTES) throw new RangeError('a file hash is 32 bytes');
		this.#sodium = sodium;
		this.#key = key;
		this.#hash = contentHash;
	}

	static newKey(sodium: Sodium): Uint8Array {
		return sodium.randombytes_buf(FILE_KEY_BYTES);
	}

	seal(index: number, plaintext: Uint8Array): Uint8Array {
		return this.#sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, this.#aad(index), null, nonceFor(index), this.#key);
	}

	/** The chunk's plaintext, or null when it was not sealed by this file's key for this index. */
	open(index: number, sealed: Uint8Array): Uint8Array | null {
		// Stryker disable next-line ConditionalExpression: libsodium refuses a short input too (caught below); this only says so first
		if (sealed.length < CHUNK_TAG_BYTES) return null;
		try {
			return this.#sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, this.#aad(index), nonceFor(index), this.#key);
		} catch {
			return null;
		}
	}

	#aad(index: number): Uint8Array {
		const aad = new Uint8Array(AAD_BYTES);
		aad.set(this.#hash, 0);
		new DataView(aad.buffer).setUint32(FILE_HASH_BYTES, index);
		return aad;
	}
}

function nonceFor(index: number): Uint8Array {
	const nonce = new Uint8Array(NONCE_BYTES);
	new DataView(nonce.buffer).setUint32(0, index);
	return nonce;
}

/**
 * BLAKE2b-256 over a file's bytes fed in order, in slices: the sender hashes a `File` slice by
 * slice and the receiver its stored chunks, so neither holds the whole file in memory.
 */
export class ContentHasher {
	readonly #sodium: Sodium;
	readonly #state: ReturnType<Sodium['crypto_generichash_init']>;
	#done = false;

	constructor(sodium: Sodium) {
		this.#sodium = sodium;
		this.#state = sodium.crypto_generichash_init(null, FILE_HASH_BYTES);
	}

	update(bytes: Uint8Array): void {
		if (this.#done) throw new Error('hasher already finished');
		this.#sodium.crypto_generichash_update(this.#state, bytes);
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
