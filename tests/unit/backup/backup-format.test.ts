import { encode } from '@msgpack/msgpack';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackupCrypto } from '../../../src/lib/backup/backup-crypto';
import { BackupError, type BackupFailure } from '../../../src/lib/backup/backup-error';
import { HEADER_BYTES } from '../../../src/lib/backup/backup-header';
import { CHUNK_PLAIN_BYTES, MAX_RECORD_BYTES } from '../../../src/lib/backup/backup-limits';
import type { BackupRecord } from '../../../src/lib/backup/backup-records';
import { sealBackup } from '../../../src/lib/backup/backup-writer';
import { backupCrypto, CHEAP, concat, iterate, manifest, MESSAGE_ID, PEER, readAll, seal, sent } from './backup-fixtures';

let crypto: BackupCrypto;
beforeAll(async () => {
	crypto = await backupCrypto();
});

async function failure(promise: Promise<unknown>): Promise<BackupFailure> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof BackupError) return error.failure;
		throw error;
	}
	throw new Error('read without an error');
}

/** A file of many records: several chunks, records crossing chunk boundaries. */
function history(count: number): BackupRecord[] {
	return [manifest(count), ...Array.from({ length: count }, (_, i) => sent(i, `message ${i} `.repeat(20)))];
}

/** Offsets of each chunk's 4-byte length prefix in a sealed file. */
function chunkOffsets(bytes: Uint8Array): number[] {
	const offsets: number[] = [];
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let offset = HEADER_BYTES; offset < bytes.length; offset += 4 + view.getUint32(offset)) offsets.push(offset);
	return offsets;
}

describe('backup format', () => {
	it('gives back every record, in order, across chunk boundaries', async () => {
		const records = history(2000);
		const file = concat(await seal(crypto, records));
		expect(chunkOffsets(file).length).toBeGreaterThan(3);
		expect(await readAll(crypto, file)).toEqual(records);
	});

	it('keeps bytes, optional fields and a file chunk of the largest size', async () => {
		const records: BackupRecord[] = [
			manifest(),
			{ t: 'identity', publicKey: new Uint8Array(32).fill(1), secretKey: new Uint8Array(64).fill(2), displayName: 'Ada', createdAt: 5 },
			{ t: 'user', peerId: PEER as never, name: 'Bob', state: 'blocked', blockWindows: [{ from: 1, to: 9 }], addedAt: 1, lastActivity: 2, verifiedKey: new Uint8Array(32).fill(3) },
			{ t: 'setting', key: 'theme', value: { mode: 'dark', list: [1, 2] } },
			{ t: 'fileChunk', hash: 'ab'.repeat(32), index: 7, data: new Uint8Array(64 * 1024).fill(9) },
			{ t: 'received', id: MESSAGE_ID as never, conversationId: PEER, peerId: PEER as never, seq: 3, text: 'hi', time: 4, authoredAt: 3, unread: 1, transcript: { state: 'done', text: 'hello' } }
		];
		expect(await readAll(crypto, concat(await seal(crypto, records)))).toEqual(records);
	});

	it('refuses a wrong passphrase before yielding anything', async () => {
		const file = concat(await seal(crypto, history(10)));
		expect(await failure(readAll(crypto, file, 'Correct horse battery staple'))).toBe('wrong-passphrase');
	});

	it('refuses a changed byte in a later chunk', async () => {
		const file = concat(await seal(crypto, history(2000)));
		const third = chunkOffsets(file)[2] ?? 0;
		file[third + 100] = (file[third + 100] ?? 0) ^ 1;
		expect(await failure(readAll(crypto, file))).toBe('damaged');
	});

	it('refuses a changed header byte (the KDF cost is authenticated)', async () => {
		const file = concat(await seal(crypto, history(3)));
		file[9] = 0; // flags
		expect(await failure(readAll(crypto, file))).toBe('wrong-passphrase');
	});

	it('refuses a file cut at a chunk boundary (no final tag)', async () => {
		const file = concat(await seal(crypto, history(2000)));
		const last = chunkOffsets(file).at(-1) ?? 0;
		expect(await failure(readAll(crypto, file.subarray(0, last)))).toBe('truncated');
	});

	it('refuses a file cut inside a chunk', async () => {
		const file = concat(await seal(crypto, history(2000)));
		expect(await failure(readAll(crypto, file.subarray(0, file.length - 5)))).toBe('truncated');
	});

	it('refuses bytes after the final chunk', async () => {
		const file = concat(await seal(crypto, history(3)));
		expect(await failure(readAll(crypto, concat([file, new Uint8Array([0, 0, 0, 0])])))).toBe('damaged');
	});

	it('refuses two chunks swapped', async () => {
		const file = concat(await seal(crypto, history(2000)));
		const [, b, c, d] = chunkOffsets(file) as [number, number, number, number];
		const swapped = concat([file.subarray(0, b), file.subarray(c, d), file.subarray(b, c), file.subarray(d)]);
		expect(swapped.length).toBe(file.length);
		expect(await failure(readAll(crypto, swapped))).toBe('damaged');
	});

	it('refuses a file that is no backup, and a newer version', async () => {
		const file = concat(await seal(crypto, history(3)));
		expect(await failure(readAll(crypto, new TextEncoder().encode('hello, this is not a backup file at all, not a bit of it')))).toBe('not-a-backup');
		const newer = file.slice();
		newer[8] = 2;
		expect(await failure(readAll(crypto, newer))).toBe('newer-version');
	});

	it.each([
		['opslimit 0', 10, 0],
		['opslimit 11', 10, 11],
		['memlimit 4 GiB - 1', 14, 0xffff_ffff],
		['memlimit 1 MiB', 14, 1024 * 1024]
	])('refuses hostile KDF costs (%s) before deriving a key', async (_name, offset, value) => {
		const file = concat(await seal(crypto, history(3)));
		new DataView(file.buffer).setUint32(offset, value);
		const started = performance.now();
		expect(await failure(readAll(crypto, file))).toBe('unsafe-kdf');
		expect(performance.now() - started).toBeLessThan(2000);
	});

	it('refuses a record above the size limit without reading it', async () => {
		const big: BackupRecord = { t: 'setting', key: 'x', value: 'y'.repeat(MAX_RECORD_BYTES) };
		await expect(seal(crypto, [manifest(), big])).rejects.toThrow(/over the limit/u);
		// A hostile writer ignores its own limit: only the length prefix is read.
		const file = await sealRaw([framed(encode(manifest())), lengthOnly(MAX_RECORD_BYTES + 1)]);
		expect(await failure(readAll(crypto, file))).toBe('record-too-large');
	});

	it.each<[string, unknown]>([
		['a text above the limit', { ...sent(1), text: 'x'.repeat(8001) }],
		['a peer id of the wrong shape', { ...sent(1), peerId: 'bob' }],
		['an unknown record type', { t: 'wallet', coins: 5 }],
		['a secret key of the wrong size', { t: 'identity', publicKey: new Uint8Array(32), secretKey: new Uint8Array(10), displayName: 'x', createdAt: 1 }],
		['a group op whose frame fails the network schema', { t: 'groupOp', id: 'o' + 'a'.repeat(26), group: 'g' + 'a'.repeat(26), frame: { t: 'gop' }, time: 1 }]
	])('refuses a record with %s', async (_name, record) => {
		const file = await sealRaw([framed(encode(manifest())), framed(encode(record))]);
		expect(await failure(readAll(crypto, file))).toBe('invalid-record');
	});

	it('refuses a file whose first record is not the manifest', async () => {
		const file = concat(await seal(crypto, [sent(1)]));
		expect(await failure(readAll(crypto, file))).toBe('invalid-record');
	});

	it('refuses a chunk length above the limit without reading it', async () => {
		const file = concat(await seal(crypto, history(2000)));
		const second = chunkOffsets(file)[1] ?? 0;
		// Unchecked, the reader would allocate and wait for 10 MiB, then call the file cut short.
		new DataView(file.buffer).setUint32(second, 10 * 1024 * 1024);
		expect(await failure(readAll(crypto, file))).toBe('damaged');
	});

	it('refuses a second manifest, a file with no records, and a record cut by the final chunk', async () => {
		expect(await failure(readAll(crypto, concat(await seal(crypto, [manifest(), sent(1), manifest()]))))).toBe('invalid-record');
		expect(await failure(readAll(crypto, concat(await seal(crypto, []))))).toBe('invalid-record');
		const body = framed(encode(sent(1)));
		expect(await failure(readAll(crypto, await sealRaw([framed(encode(manifest())), body.subarray(0, body.length - 3)])))).toBe('truncated');
	});

	it('refuses deep nesting before decoding it', async () => {
		let value: unknown = 1;
		for (let i = 0; i < 50; i += 1) value = [value];
		const file = await sealRaw([framed(encode(manifest())), framed(encode({ t: 'setting', key: 'x', value }))]);
		expect(await failure(readAll(crypto, file))).toBe('invalid-record');
	});

	it('writes chunks of bounded size whatever the number of records', async () => {
		let largest = 0;
		for await (const part of sealBackup(crypto, CHEAP, iterate(history(3000)))) largest = Math.max(largest, part.length);
		expect(largest).toBeLessThanOrEqual(CHUNK_PLAIN_BYTES + 4 + 17);
	});
});

/** A file sealed with the real format around raw plaintext (a hostile or buggy writer). */
async function sealRaw(plainParts: Uint8Array[]): Promise<Uint8Array> {
	const { sodium } = crypto;
	const real = await seal(crypto, [manifest()]);
	const header = real[0] ?? new Uint8Array();
	// Re-derive the stream from the real header: same salt, same key.
	const { deriveKey } = await import('../../../src/lib/backup/backup-crypto');
	const { parseHeader } = await import('../../../src/lib/backup/backup-header');
	const parsed = parseHeader(header);
	const key = deriveKey(crypto, CHEAP.passphrase, parsed.salt, parsed.opsLimit, parsed.memLimitBytes);
	const { state, header: streamHeader } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
	const newHeader = header.slice();
	newHeader.set(streamHeader, HEADER_BYTES - streamHeader.length);
	const plain = concat(plainParts);
	const cipher = sodium.crypto_secretstream_xchacha20poly1305_push(state, plain, newHeader, sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL);
	const prefix = new Uint8Array(4);
	new DataView(prefix.buffer).setUint32(0, cipher.length);
	return concat([newHeader, prefix, cipher]);
}

function framed(body: Uint8Array): Uint8Array {
	const out = new Uint8Array(4 + body.length);
	new DataView(out.buffer).setUint32(0, body.length);
	out.set(body, 4);
	return out;
}

/** A bare length prefix claiming `size` bytes. */
function lengthOnly(size: number): Uint8Array {
	const out = new Uint8Array(4);
	new DataView(out.buffer).setUint32(0, size);
	return out;
}
