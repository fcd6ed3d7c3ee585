import { BackupError } from '../backup/backup-error';
import { FLAG_FILES } from '../backup/backup-header';
import { STREAM_HEADER_BYTES } from '../backup/backup-limits';
import { readRecordStream } from '../backup/backup-reader';
import type { BackupRecord } from '../backup/backup-records';
import { sealRecordStream } from '../backup/backup-writer';
import { ByteReader } from '../backup/byte-reader';
import type { Sodium } from '../crypto/sodium';
import { concatBytes, utf8 } from '../ids/encoding';

// The backup record stream (docs/BACKUP.md) keyed by the handshake's stream key instead of a
// passphrase: no KDF, no salt. Same chunks, same checks, same limits; the header is the first
// chunk's additional data.
//
//   header  "PARLEYTX" (8), version (1), flags (1, bit 0: files), secretstream header (24)

const MAGIC = utf8('PARLEYTX');
export const TRANSFER_VERSION = 1;
export const TRANSFER_HEADER_BYTES = MAGIC.length + 2 + STREAM_HEADER_BYTES;

export async function* sealTransfer(sodium: Sodium, streamKey: Uint8Array, files: boolean, records: AsyncIterable<BackupRecord>): AsyncGenerator<Uint8Array> {
	const { state, header: streamHeader } = sodium.crypto_secretstream_xchacha20poly1305_init_push(streamKey);
	const header = concatBytes(MAGIC, new Uint8Array([TRANSFER_VERSION, files ? FLAG_FILES : 0]), streamHeader);
	yield header;
	yield* sealRecordStream(sodium, state, header, records);
}

export interface OpenedTransfer {
	files: boolean;
	/** Checked records in order; provisional until the generator has returned (FINAL seen, nothing after). */
	records: AsyncGenerator<BackupRecord>;
}

export async function openTransfer(sodium: Sodium, streamKey: Uint8Array, source: AsyncIterable<Uint8Array>): Promise<OpenedTransfer> {
	const input = new ByteReader(source);
	const header = await input.read(TRANSFER_HEADER_BYTES);
	if (MAGIC.some((byte, i) => header[i] !== byte)) throw new BackupError('not-a-backup', 'no transfer magic');
	if (header.length < TRANSFER_HEADER_BYTES) throw new BackupError('truncated', `ends inside the header at ${header.length} bytes`);
	const version = header[MAGIC.length] ?? 0;
	if (version !== TRANSFER_VERSION) throw new BackupError('newer-version', `transfer version ${version}`);
	let state: unknown;
	try {
		state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header.subarray(MAGIC.length + 2), streamKey);
	} catch {
		throw new BackupError('damaged', 'unusable stream header');
	}
	// The key is confirmed by the handshake: a first chunk that does not open was changed on the way.
	return { files: ((header[MAGIC.length + 1] ?? 0) & FLAG_FILES) !== 0, records: readRecordStream(sodium, input, state, header, 'damaged') };
}
