import { loadPasswordHashing, loadSodium } from '../../../src/lib/crypto/sodium';
import type { BackupCrypto } from '../../../src/lib/backup/backup-crypto';
import { KDF_LIMITS } from '../../../src/lib/backup/backup-limits';
import type { BackupRecord } from '../../../src/lib/backup/backup-records';
import { openBackup } from '../../../src/lib/backup/backup-reader';
import { sealBackup, type SealOptions } from '../../../src/lib/backup/backup-writer';

export async function backupCrypto(): Promise<BackupCrypto> {
	const [sodium, hashing] = await Promise.all([loadSodium(), loadPasswordHashing()]);
	return { sodium, hashing };
}

/** The cheapest costs the reader accepts: tests derive many keys. */
export const CHEAP: SealOptions = { passphrase: 'correct horse battery staple', files: true, opsLimit: KDF_LIMITS.minOps, memLimitBytes: KDF_LIMITS.minMemBytes };

export const PEER = 'p' + 'a'.repeat(32);
export const MESSAGE_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

export function manifest(records = 0): BackupRecord {
	return { t: 'manifest', createdAt: 1_700_000_000_000, app: 'test', records, files: true };
}

export function sent(i: number, text = `message ${i}`): BackupRecord {
	const id = `0190a1b2-c3d4-7e5f-8a9b-${i.toString(16).padStart(12, '0')}`;
	return { t: 'sent', id: id as never, conversationId: PEER, peerId: PEER as never, seq: i + 1, text, time: 1_700_000_000_000 + i, status: 'pending' };
}

export async function* iterate<T>(items: Iterable<T>): AsyncGenerator<T> {
	for (const item of items) yield item;
}

export async function seal(crypto: BackupCrypto, records: BackupRecord[], options: SealOptions = CHEAP): Promise<Uint8Array[]> {
	const parts: Uint8Array[] = [];
	for await (const part of sealBackup(crypto, options, iterate(records))) parts.push(part);
	return parts;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

/** Splits bytes into arrays of `size`, as a File stream would hand them over. */
export function* slices(bytes: Uint8Array, size = 10_000): Generator<Uint8Array> {
	for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

export async function readAll(crypto: BackupCrypto, bytes: Uint8Array, passphrase = CHEAP.passphrase): Promise<BackupRecord[]> {
	const opened = await openBackup(crypto, passphrase, iterate(slices(bytes)));
	const out: BackupRecord[] = [];
	for await (const record of opened.records) out.push(record);
	return out;
}
