import { BackupError } from './backup-error';
import { BACKUP_MAGIC, BACKUP_VERSION, KDF_LIMITS, SALT_BYTES, STREAM_HEADER_BYTES } from './backup-limits';

/**
 * The clear part of a backup file (docs/BACKUP.md): what the reader needs to derive the key and
 * open the stream, and nothing about the content (how many messages a file holds is inside).
 * The whole header is the additional data of the first chunk, so changing any byte of it makes
 * the first chunk fail to open.
 */
export interface BackupHeader {
	version: number;
	/** Bit 0: files and voice messages included. */
	flags: number;
	opsLimit: number;
	memLimitBytes: number;
	salt: Uint8Array;
	streamHeader: Uint8Array;
}

export const FLAG_FILES = 1;

const FIXED_BYTES = BACKUP_MAGIC.length + 2;
export const HEADER_BYTES = FIXED_BYTES + 8 + SALT_BYTES + STREAM_HEADER_BYTES;

export function encodeHeader(header: BackupHeader): Uint8Array {
	const out = new Uint8Array(HEADER_BYTES);
	const view = new DataView(out.buffer);
	out.set(BACKUP_MAGIC, 0);
	out[BACKUP_MAGIC.length] = header.version;
	out[BACKUP_MAGIC.length + 1] = header.flags;
	view.setUint32(FIXED_BYTES, header.opsLimit);
	view.setUint32(FIXED_BYTES + 4, header.memLimitBytes);
	out.set(header.salt, FIXED_BYTES + 8);
	out.set(header.streamHeader, FIXED_BYTES + 8 + SALT_BYTES);
	return out;
}

/** Parses and bounds the header: throws a BackupError before any key is derived. */
export function parseHeader(bytes: Uint8Array): BackupHeader {
	if (bytes.length < HEADER_BYTES || BACKUP_MAGIC.some((byte, i) => bytes[i] !== byte)) throw new BackupError('not-a-backup', 'no backup magic');
	const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
	const version = bytes[BACKUP_MAGIC.length] ?? 0;
	if (version > BACKUP_VERSION) throw new BackupError('newer-version', `version ${version}`);
	if (version < 1) throw new BackupError('not-a-backup', `version ${version}`);
	const opsLimit = view.getUint32(FIXED_BYTES);
	const memLimitBytes = view.getUint32(FIXED_BYTES + 4);
	if (opsLimit < KDF_LIMITS.minOps || opsLimit > KDF_LIMITS.maxOps) throw new BackupError('unsafe-kdf', `opslimit ${opsLimit}`);
	if (memLimitBytes < KDF_LIMITS.minMemBytes || memLimitBytes > KDF_LIMITS.maxMemBytes) throw new BackupError('unsafe-kdf', `memlimit ${memLimitBytes}`);
	return {
		version,
		flags: bytes[BACKUP_MAGIC.length + 1] ?? 0,
		opsLimit,
		memLimitBytes,
		salt: bytes.slice(FIXED_BYTES + 8, FIXED_BYTES + 8 + SALT_BYTES),
		streamHeader: bytes.slice(FIXED_BYTES + 8 + SALT_BYTES, HEADER_BYTES)
	};
}
