import { FileCipher } from './file-cipher';
import { FILE_CIPHER_AES256_GCM, knownFileCipher } from './file-cipher-id';
import { GcmFileCipher } from './file-cipher-gcm';
import type { Sodium } from './sodium';

/**
 * A file's chunk cipher as its announcement names it (crypto/file-cipher-id.ts): XChaCha20-
 * Poly1305 seals and opens at once, in libsodium's memory; AES-256-GCM through WebCrypto answers
 * later, so the engine keeps its chunks in order itself (files/in-order-queue.ts).
 */
export type ChunkCipher = { sync: true; cipher: FileCipher } | { sync: false; cipher: GcmFileCipher };

/** The cipher of a file row or announcement, or null when its id is not one this version knows. */
export function chunkCipherFor(sodium: Sodium, file: { key: Uint8Array; cipher?: number }, contentHash: Uint8Array): ChunkCipher | null {
	const id = knownFileCipher(file.cipher);
	if (id === null) return null;
	if (id === FILE_CIPHER_AES256_GCM) return { sync: false, cipher: new GcmFileCipher(file.key, contentHash) };
	return { sync: true, cipher: new FileCipher(sodium, file.key, contentHash) };
}
