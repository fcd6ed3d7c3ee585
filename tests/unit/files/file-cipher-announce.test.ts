import { encode } from '@msgpack/msgpack';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileRecord } from '../../../src/lib/backup/backup-records';
import { FILE_CIPHER_AES256_GCM, FILE_CIPHER_XCHACHA20_POLY1305 } from '../../../src/lib/crypto/file-cipher-id';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { incomingFileRow } from '../../../src/lib/db/file-rows';
import { FileBody } from '../../../src/lib/files/file-frames';
import { GROUP_ID_LENGTH, parseGroupId, type GroupId } from '../../../src/lib/group/group-ids';
import { signGroupMessage, verifyGroupMessage } from '../../../src/lib/group/group-signing';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { prepareFile } from '../../../src/lib/messenger/files/file-prepare';
import { fileBody as bodyOfRow } from '../../../src/lib/messenger/outbox';
import { decodeSealedPlaintext } from '../../../src/lib/protocol/codec';

let sodium: Sodium;
let alice: Identity;

beforeAll(async () => {
	sodium = await loadSodium();
	alice = createIdentity(sodium);
});

const body = (overrides: Record<string, unknown> = {}) => ({
	kind: 'file',
	hash: new Uint8Array(32).fill(1),
	key: new Uint8Array(32).fill(2),
	name: 'report.pdf',
	type: 'application/pdf',
	size: 40_000,
	cipher: FILE_CIPHER_AES256_GCM,
	...overrides
});
const message = (fileBody: Record<string, unknown>) => ({ t: 'msg', id: newMessageId(), seq: 1, ts: 1_700_000_000_000, body: fileBody });
const decode = (frame: unknown) => decodeSealedPlaintext(encode(frame));
const g = parseGroupId(`g${'a'.repeat(GROUP_ID_LENGTH - 1)}`) as GroupId;

describe("a file's cipher id in its announcement (PROTOCOL §13b)", () => {
	it('is AES-256-GCM for a new file, in its message and its row, and on every resend', async () => {
		const prepared = await prepareFile(sodium, new Blob([new Uint8Array(1000)]), 'a.bin', { cipher: FILE_CIPHER_AES256_GCM });
		expect(prepared.body.cipher).toBe(FILE_CIPHER_AES256_GCM);
		const row = prepared.row(newMessageId(), 'peer', 'peer', 1);
		expect(row.cipher).toBe(FILE_CIPHER_AES256_GCM);
		expect(bodyOfRow(row, '').cipher).toBe(FILE_CIPHER_AES256_GCM);
	});

	it('is absent, never 0, for a file sealed with XChaCha20-Poly1305 (recipients who do not open GCM)', async () => {
		const prepared = await prepareFile(sodium, new Blob([new Uint8Array(1000)]), 'a.bin', { cipher: FILE_CIPHER_XCHACHA20_POLY1305 });
		expect(prepared.body).not.toHaveProperty('cipher');
		const row = prepared.row(newMessageId(), 'peer', 'peer', 1);
		expect(row).not.toHaveProperty('cipher');
		expect(bodyOfRow(row, '')).not.toHaveProperty('cipher');
	});

	it('stays absent for a file announced before: its row and resent body keep XChaCha20-Poly1305', () => {
		const old = v.parse(FileBody, body({ cipher: undefined }));
		const row = incomingFileRow(old, newMessageId(), 'peer', 'peer', 1, true);
		expect(row).not.toHaveProperty('cipher');
		expect(bodyOfRow({ ...row, direction: 'out' }, '')).not.toHaveProperty('cipher');
		const now = incomingFileRow(v.parse(FileBody, body()), newMessageId(), 'peer', 'peer', 1, true);
		expect(now.cipher).toBe(FILE_CIPHER_AES256_GCM);
	});

	it('keeps an unknown id so the file can be refused, and refuses ids that are no ids', () => {
		expect(decode(message(body({ cipher: 200 })))).toMatchObject({ ok: true });
		for (const cipher of [0, -1, 1.5, 256, '1', new Uint8Array([1])]) expect(decode(message(body({ cipher }))), String(cipher)).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('is signed in a group: a relay cannot strip, add or change it', () => {
		const frame = signGroupMessage(sodium, alice, { g, seq: 1, id: newMessageId(), ts: 1, body: body() as never });
		expect(verifyGroupMessage(sodium, frame).ok).toBe(true);
		for (const cipher of [undefined, 2]) expect(verifyGroupMessage(sodium, { ...frame, body: { ...frame.body, cipher } } as typeof frame).ok).toBe(false);
		const old = signGroupMessage(sodium, alice, { g, seq: 1, id: newMessageId(), ts: 1, body: body({ cipher: undefined }) as never });
		expect(verifyGroupMessage(sodium, old).ok).toBe(true);
		expect(verifyGroupMessage(sodium, { ...old, body: { ...old.body, cipher: FILE_CIPHER_AES256_GCM } } as typeof old).ok).toBe(false);
	});

	it('survives a backup and restore of the file row', () => {
		const row = incomingFileRow(v.parse(FileBody, body()), newMessageId(), 'p' + 'a'.repeat(32), 'p' + 'a'.repeat(32), 1, true);
		const record = v.parse(FileRecord, { t: 'file', ...row });
		expect(record.cipher).toBe(FILE_CIPHER_AES256_GCM);
		const { cipher: _cipher, ...before } = row;
		expect(v.parse(FileRecord, { t: 'file', ...before })).not.toHaveProperty('cipher');
		expect(v.is(FileRecord, { t: 'file', ...row, cipher: 0 })).toBe(false);
	});
});
