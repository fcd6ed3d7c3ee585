import { Encoder } from '@msgpack/msgpack';
import { deriveKey, type BackupCrypto } from './backup-crypto';
import { encodeHeader, FLAG_FILES } from './backup-header';
import { BACKUP_VERSION, CHUNK_PLAIN_BYTES, KDF_MEMLIMIT_BYTES, KDF_OPSLIMIT, MAX_RECORD_BYTES, SALT_BYTES } from './backup-limits';
import type { BackupRecord } from './backup-records';

export interface SealOptions {
	passphrase: string;
	files: boolean;
	/** Argon2id costs; the defaults are KDF_OPSLIMIT / KDF_MEMLIMIT_BYTES (tests use cheaper ones). */
	opsLimit?: number;
	memLimitBytes?: number;
}

/**
 * Turns a stream of records into the bytes of a backup file (docs/BACKUP.md): the header, then
 * each secretstream chunk as a 4-byte big-endian length and the ciphertext; the last chunk is
 * tagged FINAL. Records are a 4-byte length and msgpack, packed across chunk boundaries. Holds
 * one chunk of plaintext at a time, whatever the number of records.
 */
export async function* sealBackup(crypto: BackupCrypto, options: SealOptions, records: AsyncIterable<BackupRecord>): AsyncGenerator<Uint8Array> {
	const { sodium } = crypto;
	const opsLimit = options.opsLimit ?? KDF_OPSLIMIT;
	const memLimitBytes = options.memLimitBytes ?? KDF_MEMLIMIT_BYTES;
	const salt = sodium.randombytes_buf(SALT_BYTES);
	const key = deriveKey(crypto, options.passphrase, salt, opsLimit, memLimitBytes);
	const { state, header: streamHeader } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
	sodium.memzero(key);
	const header = encodeHeader({ version: BACKUP_VERSION, flags: options.files ? FLAG_FILES : 0, opsLimit, memLimitBytes, salt, streamHeader });
	yield header;

	yield* sealRecordStream(sodium, state, header, records);
}

type PushState = ReturnType<BackupCrypto['sodium']['crypto_secretstream_xchacha20poly1305_init_push']>['state'];

/**
 * The chunks after a header: records packed into secretstream chunks of CHUNK_PLAIN_BYTES, each a
 * 4-byte length and the ciphertext, the last one tagged FINAL. `firstAd` (the header) is the
 * first chunk's additional data. Shared by the backup file and the device transfer, which keys
 * the same stream from its handshake instead of a passphrase.
 */
export async function* sealRecordStream(sodium: BackupCrypto['sodium'], state: PushState, firstAd: Uint8Array, records: AsyncIterable<BackupRecord>): AsyncGenerator<Uint8Array> {
	let first = true;
	const seal = (plain: Uint8Array, final: boolean): Uint8Array => {
		const tag = final ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
		// The header is the first chunk's additional data: a changed KDF cost or flag is caught.
		const cipher = sodium.crypto_secretstream_xchacha20poly1305_push(state, plain, first ? firstAd : null, tag);
		first = false;
		const out = new Uint8Array(4 + cipher.length);
		new DataView(out.buffer).setUint32(0, cipher.length);
		out.set(cipher, 4);
		return out;
	};

	const encoder = new Encoder({ ignoreUndefined: true });
	const plain = new Uint8Array(CHUNK_PLAIN_BYTES);
	let used = 0;
	for await (const record of records) {
		const body = encoder.encode(record);
		if (body.length > MAX_RECORD_BYTES) throw new Error(`a ${record.t} record of ${body.length} bytes is over the limit`);
		const framed = new Uint8Array(4 + body.length);
		new DataView(framed.buffer).setUint32(0, body.length);
		framed.set(body, 4);
		let offset = 0;
		while (offset < framed.length) {
			const take = Math.min(framed.length - offset, CHUNK_PLAIN_BYTES - used);
			plain.set(framed.subarray(offset, offset + take), used);
			used += take;
			offset += take;
			if (used === CHUNK_PLAIN_BYTES) {
				yield seal(plain, false);
				used = 0;
			}
		}
	}
	yield seal(plain.subarray(0, used), true);
}
