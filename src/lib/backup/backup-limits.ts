import { CHUNK_BYTES } from '../files/file-limits';
import { MAX_TRANSCRIPT_CHARS } from '../speech/transcript-record';

/** The format this code writes; a file of a newer version is refused, never half-read. */
export const BACKUP_VERSION = 1;

/** "PARLEYBK": the first bytes of every backup file. */
export const BACKUP_MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x4c, 0x45, 0x59, 0x42, 0x4b]);

/** Plaintext bytes per secretstream chunk: memory per step stays at a few of these. */
export const CHUNK_PLAIN_BYTES = 64 * 1024;

/**
 * Largest record, its length prefix excluded. The largest legitimate one is a file chunk
 * (CHUNK_BYTES of data plus its keys); anything above is refused before it is buffered.
 */
export const MAX_RECORD_BYTES = CHUNK_BYTES + 4 * 1024;

/**
 * Argon2id costs this code writes: 3 passes over 64 MiB, ~0.5 s on a laptop, within what a
 * phone's browser can allocate for wasm. A file states its own costs in its header.
 */
export const KDF_OPSLIMIT = 3;
export const KDF_MEMLIMIT_BYTES = 64 * 1024 * 1024;

/**
 * What a file may ask of the reader's Argon2id. The header is unauthenticated until the key is
 * derived, so a hostile file could otherwise make the restore allocate gigabytes or spin for
 * minutes before any check can fail.
 */
export const KDF_LIMITS = {
	minOps: 1,
	maxOps: 10,
	minMemBytes: 8 * 1024 * 1024,
	maxMemBytes: 256 * 1024 * 1024
} as const;

/** crypto_pwhash_SALTBYTES and the secretstream header size (libsodium constants, fixed by its format). */
export const SALT_BYTES = 16;
export const STREAM_HEADER_BYTES = 24;
/** crypto_secretstream_xchacha20poly1305_ABYTES: the tag byte and the MAC per chunk. */
export const STREAM_OVERHEAD_BYTES = 17;

/** Shape of one decoded record, checked on the raw bytes before msgpack builds anything. */
export const RECORD_STRUCTURE = {
	maxDepth: 6,
	maxArrayLength: 4096,
	maxMapSize: 40,
	maxItems: 20_000,
	maxStringBytes: MAX_TRANSCRIPT_CHARS * 3,
	maxBinaryBytes: CHUNK_BYTES
} as const;
