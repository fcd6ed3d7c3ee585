/**
 * Which AEAD seals a file's chunks (PROTOCOL §13b), named in the file's announcement (`FileBody`
 * `cipher`), which travels inside the end-to-end sealed message (and in a group is signed by its
 * author): nobody between the two ends can change it.
 *
 * Absent means XChaCha20-Poly1305 (every file announced before session 15, for ever: their rows,
 * resends, relays and resumes keep it). Never 0 on the wire, so absent and present never mean
 * the same.
 */
export const FILE_CIPHER_XCHACHA20_POLY1305 = 0;
/** AES-256-GCM through WebCrypto: what every new file uses (BENCHMARKS "Files (session 15)"). */
export const FILE_CIPHER_AES256_GCM = 1;
/** Ids a peer may announce (the schema's bound); only the known ones are fetched. */
export const MAX_FILE_CIPHER_ID = 255;

export type FileCipherId = typeof FILE_CIPHER_XCHACHA20_POLY1305 | typeof FILE_CIPHER_AES256_GCM;

/** The cipher of a stored or announced file, or null for an id this version does not know. */
export function knownFileCipher(id: number | undefined): FileCipherId | null {
	if (id === undefined) return FILE_CIPHER_XCHACHA20_POLY1305;
	return id === FILE_CIPHER_AES256_GCM ? FILE_CIPHER_AES256_GCM : null;
}

/**
 * What this version can open besides XChaCha20-Poly1305, which every version opens and nobody
 * lists: told to each peer in the `auth` frame (`ciphers`, PROTOCOL §4 and §13b).
 */
export const OPENED_FILE_CIPHERS: readonly number[] = [FILE_CIPHER_AES256_GCM];
/** Most ids a peer's `ciphers` list may hold: room for a few more ciphers, no room for abuse. */
export const MAX_ANNOUNCED_FILE_CIPHERS = 16;

/**
 * The cipher of a new file for these recipients: AES-256-GCM only when every one of them said,
 * in their last session, that they open it; a recipient who never said (an older version, or
 * never connected: undefined) gets XChaCha20-Poly1305, which every version opens.
 */
export function fileCipherFor(recipients: readonly (readonly number[] | undefined)[]): FileCipherId {
	if (recipients.length === 0) return FILE_CIPHER_XCHACHA20_POLY1305;
	return recipients.every((opens) => opens?.includes(FILE_CIPHER_AES256_GCM) === true) ? FILE_CIPHER_AES256_GCM : FILE_CIPHER_XCHACHA20_POLY1305;
}
