import { decode } from '@msgpack/msgpack';
import * as v from 'valibot';
import { scanStructure } from '../protocol/structure-scan';
import { deriveKey, type BackupCrypto } from './backup-crypto';
import { BackupError, type BackupFailure } from './backup-error';
import { HEADER_BYTES, parseHeader, type BackupHeader } from './backup-header';
import { CHUNK_PLAIN_BYTES, MAX_RECORD_BYTES, RECORD_STRUCTURE, STREAM_OVERHEAD_BYTES } from './backup-limits';
import { BackupRecord } from './backup-records';
import { ByteReader } from './byte-reader';

const DECODE_LIMITS = {
	maxStrLength: RECORD_STRUCTURE.maxStringBytes,
	maxBinLength: RECORD_STRUCTURE.maxBinaryBytes,
	maxArrayLength: RECORD_STRUCTURE.maxArrayLength,
	maxMapLength: RECORD_STRUCTURE.maxMapSize,
	maxExtLength: 0
};

export interface OpenedBackup {
	header: BackupHeader;
	/** Every record, checked, in file order; throws a BackupError at the first problem. */
	records: AsyncGenerator<BackupRecord>;
}

/**
 * Reads a backup file (docs/BACKUP.md). The header is parsed and its KDF costs bounded before
 * the key is derived; then each chunk is opened in order (secretstream refuses a changed, moved
 * or dropped chunk), and each record is size-checked, structure-scanned and schema-checked before
 * it is yielded. A file that ends before the FINAL chunk, or goes on after it, is refused, so a
 * caller that writes records as they come must treat everything as provisional until the
 * generator has returned.
 */
export async function openBackup(crypto: BackupCrypto, passphrase: string, source: AsyncIterable<Uint8Array>): Promise<OpenedBackup> {
	const input = new ByteReader(source);
	const headerBytes = await input.read(HEADER_BYTES);
	const header = parseHeader(headerBytes);
	const key = deriveKey(crypto, passphrase, header.salt, header.opsLimit, header.memLimitBytes);
	let state: ReturnType<BackupCrypto['sodium']['crypto_secretstream_xchacha20poly1305_init_pull']>;
	try {
		state = crypto.sodium.crypto_secretstream_xchacha20poly1305_init_pull(header.streamHeader, key);
	} finally {
		crypto.sodium.memzero(key);
	}
	return { header, records: readRecordStream(crypto.sodium, input, state, headerBytes, 'wrong-passphrase') };
}

/**
 * The records of a stream of chunks after its header (see openBackup for the checks). A first
 * chunk that does not open is `firstFailure`: a wrong passphrase for a file, damage for a
 * transfer whose key both sides have already confirmed.
 */
export async function* readRecordStream(
	sodium: BackupCrypto['sodium'],
	input: ByteReader,
	state: unknown,
	headerBytes: Uint8Array,
	firstFailure: BackupFailure
): AsyncGenerator<BackupRecord> {
	let pending = new Uint8Array(0);
	let first = true;
	let final = false;
	let count = 0;
	while (!final) {
		const prefix = await input.read(4);
		if (prefix.length < 4) throw new BackupError('truncated', `ends after ${input.consumed} bytes, before the final chunk`);
		const length = new DataView(prefix.buffer, prefix.byteOffset, 4).getUint32(0);
		if (length < STREAM_OVERHEAD_BYTES || length > CHUNK_PLAIN_BYTES + STREAM_OVERHEAD_BYTES) throw new BackupError('damaged', `chunk length ${length}`);
		const cipher = await input.read(length);
		if (cipher.length < length) throw new BackupError('truncated', `ends inside a chunk at ${input.consumed} bytes`);
		const opened = pull(sodium, state, cipher, first ? headerBytes : null);
		if (!opened) throw new BackupError(first ? firstFailure : 'damaged', first ? 'the first chunk does not open' : `chunk at ${input.consumed - length} does not open`);
		first = false;
		final = opened.tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
		const joined = new Uint8Array(pending.length + opened.message.length);
		joined.set(pending);
		joined.set(opened.message, pending.length);
		let offset = 0;
		for (;;) {
			if (joined.length - offset < 4) break;
			const size = new DataView(joined.buffer, offset, 4).getUint32(0);
			if (size > MAX_RECORD_BYTES) throw new BackupError('record-too-large', `${size} bytes`);
			if (joined.length - offset - 4 < size) break;
			const record = parseRecord(joined.subarray(offset + 4, offset + 4 + size));
			if (count === 0 && record.t !== 'manifest') throw new BackupError('invalid-record', 'the first record is not the manifest');
			if (count > 0 && record.t === 'manifest') throw new BackupError('invalid-record', 'a second manifest');
			count += 1;
			offset += 4 + size;
			yield record;
		}
		pending = joined.slice(offset);
	}
	if (pending.length > 0) throw new BackupError('truncated', 'the final chunk ends inside a record');
	if (count === 0) throw new BackupError('invalid-record', 'no records');
	if (!(await input.atEnd())) throw new BackupError('damaged', 'bytes after the final chunk');
}

function pull(sodium: BackupCrypto['sodium'], state: unknown, cipher: Uint8Array, ad: Uint8Array | null): { message: Uint8Array; tag: number } | null {
	try {
		// libsodium.js returns false or throws, depending on the build, when a chunk does not open.
		const result = sodium.crypto_secretstream_xchacha20poly1305_pull(state as never, cipher, ad) as { message: Uint8Array; tag: number } | false;
		return result || null;
	} catch {
		return null;
	}
}

function parseRecord(body: Uint8Array): BackupRecord {
	const shape = scanStructure(body, RECORD_STRUCTURE);
	if (!shape.ok) throw new BackupError('invalid-record', shape.detail);
	let value: unknown;
	try {
		value = decode(body, DECODE_LIMITS);
	} catch (error) {
		throw new BackupError('invalid-record', error instanceof Error ? error.message : 'undecodable');
	}
	const result = v.safeParse(BackupRecord, value, { abortEarly: true });
	if (!result.success) {
		const issue = result.issues[0];
		const type = (value as { t?: unknown } | null)?.t;
		throw new BackupError('invalid-record', `${typeof type === 'string' ? type.slice(0, 20) : '?'} ${v.getDotPath(issue) ?? ''}: ${issue.message}`);
	}
	return result.output;
}
