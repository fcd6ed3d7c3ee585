import type { Sodium } from './sodium';

/**
 * One direction of an established session. XChaCha20-Poly1305 with the frame counter as nonce:
 * the key is unique to this session and direction, so a counter never repeats a nonce, and the
 * receiver refusing any counter it has already passed rejects replays and reordering.
 */
export const SEALED_HEADER_BYTES = 9;
export const SEALED_KIND = 0x02;
/** The Poly1305 tag XChaCha20-Poly1305 adds to every sealed frame. */
export const SEALED_TAG_BYTES = 16;

export class SealingKey {
	#counter = 0;
	constructor(
		private readonly sodium: Sodium,
		private readonly key: Uint8Array
	) {}

	seal(plaintext: Uint8Array): Uint8Array {
		this.#counter += 1;
		const header = sealedHeader(this.#counter);
		const ciphertext = this.sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
			plaintext,
			header,
			null,
			nonceFor(this.#counter),
			this.key
		);
		const out = new Uint8Array(header.length + ciphertext.length);
		out.set(header, 0);
		out.set(ciphertext, header.length);
		return out;
	}
}

export type OpenResult = { ok: true; plaintext: Uint8Array } | { ok: false; reason: 'replayed' | 'undecryptable' };

export class OpeningKey {
	#lastCounter = 0;
	constructor(
		private readonly sodium: Sodium,
		private readonly key: Uint8Array
	) {}

	open(wire: Uint8Array): OpenResult {
		const counter = readCounter(wire);
		if (counter === null) return { ok: false, reason: 'undecryptable' };
		if (counter <= this.#lastCounter) return { ok: false, reason: 'replayed' };
		let plaintext: Uint8Array;
		try {
			plaintext = this.sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
				null,
				wire.subarray(SEALED_HEADER_BYTES),
				wire.subarray(0, SEALED_HEADER_BYTES),
				nonceFor(counter),
				this.key
			);
		} catch {
			return { ok: false, reason: 'undecryptable' };
		}
		// Only an authentic frame may move the window, or a forged high counter could block the link.
		this.#lastCounter = counter;
		return { ok: true, plaintext };
	}
}

function sealedHeader(counter: number): Uint8Array {
	const header = new Uint8Array(SEALED_HEADER_BYTES);
	header[0] = SEALED_KIND;
	new DataView(header.buffer).setBigUint64(1, BigInt(counter));
	return header;
}

function readCounter(wire: Uint8Array): number | null {
	if (wire.length <= SEALED_HEADER_BYTES || wire[0] !== SEALED_KIND) return null;
	const counter = new DataView(wire.buffer, wire.byteOffset, wire.byteLength).getBigUint64(1);
	return counter > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(counter);
}

function nonceFor(counter: number): Uint8Array {
	const nonce = new Uint8Array(24);
	new DataView(nonce.buffer).setBigUint64(0, BigInt(counter));
	return nonce;
}
