import type { PasswordHashing, Sodium } from '../crypto/sodium';

/** Both libsodium builds, loaded by the caller: secretstream from the standard one, Argon2id from sumo. */
export interface BackupCrypto {
	sodium: Sodium;
	hashing: PasswordHashing;
}

export const KEY_BYTES = 32;

export function deriveKey(crypto: BackupCrypto, passphrase: string, salt: Uint8Array, opsLimit: number, memLimitBytes: number): Uint8Array {
	const { hashing } = crypto;
	return hashing.crypto_pwhash(KEY_BYTES, new TextEncoder().encode(passphrase.normalize('NFKC')), salt, opsLimit, memLimitBytes, hashing.crypto_pwhash_ALG_ARGON2ID13);
}
