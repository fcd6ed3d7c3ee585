import { beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../../../src/lib/backup/backup-error';
import type { BackupRecord } from '../../../src/lib/backup/backup-records';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { openTransfer, sealTransfer, TRANSFER_HEADER_BYTES } from '../../../src/lib/transfer/transfer-stream';
import { concat, iterate, manifest, sent, slices } from '../backup/backup-fixtures';

let sodium: Sodium;
let key: Uint8Array;
beforeAll(async () => {
	sodium = await loadSodium();
	key = sodium.randombytes_buf(32);
});

async function seal(records: BackupRecord[], files = true): Promise<Uint8Array> {
	const parts: Uint8Array[] = [];
	for await (const part of sealTransfer(sodium, key, files, iterate(records))) parts.push(part);
	return concat(parts);
}

async function receive(bytes: Uint8Array, streamKey = key): Promise<BackupRecord[]> {
	const opened = await openTransfer(sodium, streamKey, iterate(slices(bytes, 16_000)));
	const out: BackupRecord[] = [];
	for await (const record of opened.records) out.push(record);
	return out;
}

async function failure(promise: Promise<unknown>): Promise<string | null> {
	try {
		await promise;
		return null;
	} catch (error) {
		return error instanceof BackupError ? error.failure : 'other';
	}
}

// Enough records for several 64 KiB chunks, so a change in the middle is a change of a middle chunk.
const RECORDS: BackupRecord[] = [manifest(400), ...Array.from({ length: 400 }, (_, i) => sent(i, 'x'.repeat(500)))];

describe('transfer stream', () => {
	it('carries every record in order and says whether files are included', async () => {
		const bytes = await seal(RECORDS, false);
		expect(await receive(bytes)).toEqual(RECORDS);
		expect((await openTransfer(sodium, key, iterate([bytes]))).files).toBe(false);
	});

	it('has no passphrase KDF: its clear header is magic, version, flags and the stream header only', async () => {
		const bytes = await seal(RECORDS);
		expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('PARLEYTX');
		expect(TRANSFER_HEADER_BYTES).toBe(34);
	});

	it('refuses a stream under another key', async () => {
		expect(await failure(receive(await seal(RECORDS), sodium.randombytes_buf(32)))).toBe('damaged');
	});

	it('refuses a changed chunk in the middle', async () => {
		const bytes = (await seal(RECORDS)).slice();
		bytes[Math.floor(bytes.length / 2)]! ^= 1;
		expect(await failure(receive(bytes))).toBe('damaged');
	});

	it('refuses a changed header (the flags are the first chunk’s additional data)', async () => {
		const bytes = (await seal(RECORDS)).slice();
		bytes[9]! ^= 1;
		expect(await failure(receive(bytes))).toBe('damaged');
	});

	it('refuses a stream cut before the final chunk, and bytes after it', async () => {
		const bytes = await seal(RECORDS);
		expect(await failure(receive(bytes.subarray(0, bytes.length - 100)))).toBe('truncated');
		expect(await failure(receive(concat([bytes, new Uint8Array([0])])))).toBe('damaged');
		expect(await failure(receive(bytes.subarray(0, 20)))).toBe('truncated');
	});

	it('refuses something that is not a transfer stream', async () => {
		expect(await failure(receive(new Uint8Array(100)))).toBe('not-a-backup');
		const bytes = (await seal(RECORDS)).slice();
		bytes[8] = 2;
		expect(await failure(receive(bytes))).toBe('newer-version');
	});
});
