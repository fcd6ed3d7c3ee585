import { CHUNK_TAG_BYTES, FILE_HASH_BYTES, FILE_KEY_BYTES } from './file-cipher';

const IV_BYTES = 12;
const AAD_BYTES = FILE_HASH_BYTES + 4;

/**
 * Chunk encryption of one file under AES-256-GCM (PROTOCOL §13b, cipher id 1), through
 * WebCrypto: the browser's own AES (hardware AES-NI / ARMv8 crypto) runs off the page's thread
 * and costs about half of XChaCha20-Poly1305 in libsodium's wasm (BENCHMARKS "Files
 * (session 14)", the A/B).
 *
 * The same construction as XChaCha20-Poly1305's: the key is fresh and random for this one file
 * (never reused across files, FileBody `key`), the nonce is the chunk index (u32 big-endian in
 * the first 4 of GCM's 12 bytes, the rest zero), so a nonce never meets two plaintexts under one
 * key; the additional data is the file's hash ‖ the index, so a chunk of another file, or of this
 * one under another index, does not open. GCM's 96-bit nonce is safe here only because the key
 * is per file: at most 2^32 chunks, one nonce each.
 *
 * The key is imported once per file, non-extractable: page scripts that get the CryptoKey still
 * cannot read it back out. Every call is asynchronous; the engine keeps chunks in order itself
 * (files/in-order-queue.ts).
 */
export class GcmFileCipher {
	readonly #key: Promise<CryptoKey>;
	/** The imported key once it is there: calls then pass their bytes to WebCrypto at once. */
	#ready: CryptoKey | null = null;
	readonly #hash: Uint8Array<ArrayBuffer>;

	constructor(key: Uint8Array, contentHash: Uint8Array) {
		if (key.length !== FILE_KEY_BYTES) throw new RangeError('a file key is 32 bytes');
		if (contentHash.length !== FILE_HASH_BYTES) throw new RangeError('a file hash is 32 bytes');
		this.#hash = contentHash.slice();
		this.#key = crypto.subtle.importKey('raw', key.slice(), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
		// A key that fails to import fails each call that awaits it; this keeps it from also
		// being reported as an unhandled rejection.
		this.#key.then(
			(imported) => (this.#ready = imported),
			() => undefined
		);
	}

	/**
	 * The key, and `bytes` safe to hand over after waiting for it: WebCrypto copies its input
	 * when called, but a caller's view (of a slice read ahead, a channel's buffer) may change
	 * while the import is still on its way, so only then is it copied first.
	 */
	async #keyAnd(bytes: Uint8Array): Promise<[CryptoKey, Uint8Array<ArrayBuffer>]> {
		if (this.#ready !== null) return [this.#ready, bytes as Uint8Array<ArrayBuffer>];
		const copy = bytes.slice();
		return [await this.#key, copy];
	}

	/** `prefix` followed by the sealed chunk (ciphertext ‖ 16-byte tag), in one new array. */
	async sealAfter(prefix: Uint8Array, index: number, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
		const params = this.#params(index);
		const [key, data] = this.#ready !== null ? [this.#ready, plaintext as Uint8Array<ArrayBuffer>] : await this.#keyAnd(plaintext);
		const sealed = await crypto.subtle.encrypt(params, key, data);
		if (prefix.length === 0) return new Uint8Array(sealed);
		const out = new Uint8Array(prefix.length + sealed.byteLength);
		out.set(prefix, 0);
		out.set(new Uint8Array(sealed), prefix.length);
		return out;
	}

	seal(index: number, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
		return this.sealAfter(EMPTY, index, plaintext);
	}

	/** The chunk's plaintext in a new buffer, or null when it was not sealed by this file's key for this index. */
	async open(index: number, sealed: Uint8Array): Promise<Uint8Array<ArrayBuffer> | null> {
		if (sealed.length < CHUNK_TAG_BYTES) return null;
		try {
			const params = this.#params(index);
			const [key, data] = this.#ready !== null ? [this.#ready, sealed as Uint8Array<ArrayBuffer>] : await this.#keyAnd(sealed);
			return new Uint8Array(await crypto.subtle.decrypt(params, key, data));
		} catch {
			return null;
		}
	}

	#params(index: number): AesGcmParams {
		const iv = gcmNonceFor(index);
		const aad = new Uint8Array(AAD_BYTES);
		aad.set(this.#hash, 0);
		new DataView(aad.buffer).setUint32(FILE_HASH_BYTES, index);
		return { name: 'AES-GCM', iv, additionalData: aad, tagLength: CHUNK_TAG_BYTES * 8 };
	}
}

const EMPTY = new Uint8Array(0);

/**
 * The nonce chunk `index` is sealed under. An index outside u32 is refused, not wrapped
 * (DataView would store 2^32 as 0: the nonce of chunk 0 again).
 */
export function gcmNonceFor(index: number): Uint8Array<ArrayBuffer> {
	if (!Number.isInteger(index) || index < 0 || index > 0xffff_ffff) throw new RangeError('a chunk index is a u32');
	const iv = new Uint8Array(IV_BYTES);
	new DataView(iv.buffer).setUint32(0, index);
	return iv;
}
