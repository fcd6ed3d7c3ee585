import { toHex, utf8, concatBytes } from '../ids/encoding';
import type { Sodium } from '../crypto/sodium';

/**
 * Speaker labels for one export: keyed BLAKE2b of the speaker's peer id under a key drawn at random
 * for that export and never stored. Within the export the same person always gets the same label;
 * across two exports the keys differ, so nobody can tell whether two labels are the same person.
 * A plain (unkeyed) hash would not do: peer ids are public, anyone could hash them and match.
 */
export const PSEUDONYM_KEY_BYTES = 32;
const DOMAIN = utf8('parley/dataset-speaker/v1\u0000');
const DIGEST_BYTES = 16;
/** Hex digits in a label; more only when two speakers of one export collide on the first four. */
const LABEL_HEX = 4;

export class Pseudonyms {
	readonly #sodium: Sodium;
	readonly #key: Uint8Array;
	readonly #labels = new Map<string, string>();
	readonly #taken = new Set<string>();

	constructor(sodium: Sodium, key: Uint8Array = sodium.randombytes_buf(PSEUDONYM_KEY_BYTES)) {
		if (key.length !== PSEUDONYM_KEY_BYTES) throw new Error('a pseudonym key is 32 bytes');
		this.#sodium = sodium;
		this.#key = key;
	}

	/** `speaker_3f9a`: the label of one identity (a peer id, or 'self') in this export. */
	label(identity: string): string {
		const known = this.#labels.get(identity);
		if (known) return known;
		const digest = toHex(this.#sodium.crypto_generichash(DIGEST_BYTES, concatBytes(DOMAIN, utf8(identity)), this.#key));
		let length = LABEL_HEX;
		while (this.#taken.has(digest.slice(0, length)) && length < digest.length) length += 2;
		const label = `speaker_${digest.slice(0, length)}`;
		this.#taken.add(digest.slice(0, length));
		this.#labels.set(identity, label);
		return label;
	}
}
