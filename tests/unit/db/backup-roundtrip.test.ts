import Dexie from 'dexie';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../../../src/lib/backup/backup-error';
import type { BackupCrypto } from '../../../src/lib/backup/backup-crypto';
import type { BackupRecord } from '../../../src/lib/backup/backup-records';
import { openBackup } from '../../../src/lib/backup/backup-reader';
import { sealBackup } from '../../../src/lib/backup/backup-writer';
import type { ChatDb } from '../../../src/lib/db/chat-db';
import type { FileChunkRow } from '../../../src/lib/db/file-rows';
import { exportRecords } from '../../../src/lib/db/backup-export';
import { SEQ_JUMP_AFTER_RESTORE, StagingRestore } from '../../../src/lib/db/backup-restore';
import { recordOutgoingGroupMessage } from '../../../src/lib/db/group-outbox';
import { applyGroupOp } from '../../../src/lib/db/group-store';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { backupCrypto, CHEAP, concat, iterate, slices } from '../backup/backup-fixtures';
import { cast, createGroup, type Cast } from '../group/group-fixtures';
import { freshDb, signed } from './group-db-fixtures';

let c: Cast;
let crypto: BackupCrypto;
beforeAll(async () => {
	[c, crypto] = await Promise.all([cast(), backupCrypto()]);
});

const ID = (n: number) => `0190a1b2-c3d4-7e5f-8a9b-${n.toString(16).padStart(12, '0')}` as MessageId;
const HASH = 'cd'.repeat(32);

/** One device's worth of everything: a contact, a blocked one, an edit, a pending message, a group, files. */
async function device(): Promise<ChatDb> {
	const db = freshDb();
	const bob = c.bob.peerId;
	const carol = c.carol.peerId;
	await db.identity.put({ key: 'self', publicKey: c.alice.publicKey, secretKey: c.alice.secretKey, displayName: 'Alice', createdAt: 1, peerId: c.alice.peerId });
	await db.settings.bulkPut([{ key: 'theme', value: 'dark' }, { key: 'voice.maxMs', value: 60_000 }]);
	await db.users.bulkPut([
		{ peerId: bob, name: 'Bob', nickname: 'Bobby', publicKey: c.bob.publicKey, verifiedKey: c.bob.publicKey, state: 'contact', addedAt: 2, lastActivity: 9, lastSentSeq: 2, unread: 1, readUpTo: 1 },
		{ peerId: carol, name: 'Carol', state: 'blocked', blockWindows: [{ from: 5, to: 100 }], addedAt: 3, lastActivity: 4 }
	]);
	await db.sender.bulkPut([
		{ id: ID(1), conversationId: bob, peerId: bob, seq: 1, text: 'hello, edited', time: 5, status: 'sent', version: 1, editedAt: 6 },
		{ id: ID(2), conversationId: bob, peerId: bob, seq: 2, text: '', kind: 'file', fileName: 'a.bin', time: 7, status: 'pending' }
	]);
	await db.receiver.put({ id: ID(3), conversationId: bob, peerId: bob, seq: 1, text: 'hi', authoredAt: 7, time: 8, unread: 1, transcript: { state: 'done', text: 'words' } });
	await db.edits.put({ id: ID(4), target: ID(1), peerId: bob, version: 1, text: 'hello, edited', time: 6, status: 'sent' });
	await db.editHistory.bulkPut([
		{ id: `${ID(1)}:0`, target: ID(1), author: 'self', version: 0, text: 'hello', time: 5 },
		{ id: `${ID(1)}:1`, target: ID(1), author: 'self', version: 1, text: 'hello, edited', time: 6 }
	]);
	await db.deliveryMarks.put({ peerId: bob, sentThrough: 1 });
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol], 'Climbing');
	await applyGroupOp(db, c.alice.peerId, create, 10);
	await recordOutgoingGroupMessage(db, c.alice.peerId, signed(c.sodium, c.alice, create.group, 1, 'to the group').frame, 11);
	const content = new Uint8Array(200_000).map((_, i) => i % 251);
	await db.files.put({ messageId: ID(2), conversationId: bob, direction: 'out', peerId: bob, hash: HASH, key: new Uint8Array(32).fill(7), name: 'a.bin', type: 'application/octet-stream', size: content.length, chunks: 4, state: 'sending', have: [[0, 4]], blob: new Blob([content]), time: 7 });
	await db.fileChunks.bulkPut([
		{ hash: HASH, index: 0, count: 3, data: new Blob([content.subarray(0, 3 * 65536)]) },
		{ hash: HASH, index: 3, count: 1, data: new Blob([content.subarray(3 * 65536)]) }
	]);
	return db;
}

async function backup(db: ChatDb, files = true): Promise<Uint8Array> {
	const parts: Uint8Array[] = [];
	const records = exportRecords(db, { files, onSkipped: (table, reason) => skipped.push(`${table}: ${reason}`) });
	const withManifest = (async function* () {
		yield { t: 'manifest' as const, createdAt: 1, app: 'test', records: 0, files };
		yield* records;
	})();
	for await (const part of sealBackup(crypto, { ...CHEAP, files }, withManifest)) parts.push(part);
	return concat(parts);
}

/** Rows the export left out as invalid: none in a device this code wrote. */
const skipped: string[] = [];
afterEach(() => {
	expect(skipped.splice(0)).toEqual([]);
});

let staged = 0;
async function restore(file: Uint8Array, passphrase = CHEAP.passphrase): Promise<StagingRestore> {
	const staging = new StagingRestore(`staging-${++staged}`, c.sodium);
	try {
		const opened = await openBackup(crypto, passphrase, iterate(slices(file, 7000)));
		for await (const record of opened.records) await staging.add(record);
		await staging.finish();
		return staging;
	} catch (error) {
		await staging.abandon();
		throw error;
	}
}

async function dump(db: ChatDb): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const table of db.tables) {
		const rows = await table.toArray();
		if (table.name === 'fileChunks') {
			out[table.name] = await chunksOf(db);
			continue;
		}
		out[table.name] = await Promise.all(rows.map(async (row: Record<string, unknown>) => {
			const plain: Record<string, unknown> = { ...row };
			for (const [key, value] of Object.entries(plain)) if (value instanceof Blob) plain[key] = Array.from(new Uint8Array(await value.arrayBuffer()));
			return plain;
		}));
	}
	return out;
}

/** Stored chunks one by one: the restore may group them into pieces differently (any grouping reads the same). */
async function chunksOf(db: ChatDb): Promise<unknown[]> {
	const out: unknown[] = [];
	for (const piece of (await db.fileChunks.toArray()) as FileChunkRow[]) {
		const bytes = new Uint8Array(await piece.data.arrayBuffer());
		for (let i = 0; i < (piece.count ?? 1); i += 1) out.push({ hash: piece.hash, index: piece.index + i, data: Array.from(bytes.subarray(i * 65536, (i + 1) * 65536)) });
	}
	return out;
}

describe('backup and restore of a whole device', () => {
	it('gives back every table row by row, the counters moved past anything sent after the backup', async () => {
		const db = await device();
		const restored = await restore(await backup(db));
		const [before, after] = await Promise.all([dump(db), dump(restored.db)]);
		const bump = <T extends { lastSentSeq?: number }>(rows: T[]) => rows.map((row) => ({ ...row, lastSentSeq: (row.lastSentSeq ?? 0) + SEQ_JUMP_AFTER_RESTORE }));
		// The own file's bytes came from the backup: shown only once they hash to its name (restored-files.ts).
		const unchecked = (before.files as Record<string, unknown>[]).map((row) => ({ ...row, unchecked: 1 }));
		expect(after).toEqual({ ...before, users: bump(before.users as { lastSentSeq?: number }[]), groups: bump(before.groups as { lastSentSeq?: number }[]), files: unchecked });
		expect(before.groups).toHaveLength(1);
		expect(before.groupDelivery).toHaveLength(2);
		restored.db.close();
	});

	it('leaves files out when asked: rows, chunks and the own file', async () => {
		const db = await device();
		const restored = await restore(await backup(db, false));
		expect(await restored.db.files.count()).toBe(0);
		expect(await restored.db.fileChunks.count()).toBe(0);
		expect(await restored.db.sender.count()).toBe(3);
		restored.db.close();
	});

	it('on a wrong passphrase or a cut file deletes the staging database', async () => {
		const file = await backup(await device());
		for (const [bytes, passphrase, failure] of [
			[file, 'wrong', 'wrong-passphrase'],
			[file.subarray(0, file.length - 30), CHEAP.passphrase, 'truncated']
		] as const) {
			const names = await Dexie.getDatabaseNames();
			const error = await restore(bytes, passphrase).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(BackupError);
			expect((error as BackupError).failure).toBe(failure);
			expect(await Dexie.getDatabaseNames()).toEqual(names);
		}
	});

	it('refuses a backup without an identity, or with keys that do not belong together', async () => {
		const db = await device();
		await db.identity.clear();
		expect(((await restore(await backup(db)).catch((e: unknown) => e)) as BackupError).failure).toBe('invalid-record');
		await db.identity.put({ key: 'self', publicKey: c.bob.publicKey, secretKey: c.alice.secretKey, displayName: 'Alice', createdAt: 1 });
		expect(((await restore(await backup(db)).catch((e: unknown) => e)) as BackupError).failure).toBe('invalid-record');
	});

	it('refuses a second identity, and an own file whose slices are out of order, too long or too short', async () => {
		const identity = { t: 'identity', publicKey: c.alice.publicKey, secretKey: c.alice.secretKey, displayName: 'A', createdAt: 1 } as const;
		const file: BackupRecord = { t: 'file', messageId: ID(9), conversationId: c.bob.peerId, direction: 'out', peerId: c.bob.peerId, hash: HASH, key: new Uint8Array(32), name: 'a', type: '', size: 4, chunks: 1, state: 'sending', have: [[0, 1]], blobBytes: 4, time: 1 };
		const slice = (offset: number, length: number) => ({ t: 'fileBlob', messageId: ID(9), offset, data: new Uint8Array(length) }) as const;
		const cases: [string, BackupRecord[]][] = [
			['a second identity', [identity, identity]],
			['slices out of order', [identity, file, slice(2, 2), slice(0, 2)]],
			['a file longer than announced', [identity, file, slice(0, 4), slice(4, 1)]],
			['a file shorter than announced', [identity, file, slice(0, 3)]],
			['a slice without its file', [identity, slice(0, 4)]]
		];
		for (const [name, records] of cases) {
			const staging = new StagingRestore(`staging-${++staged}`, c.sodium);
			const error = await (async () => {
				for (const record of records) await staging.add(record);
				await staging.finish();
			})().catch((e: unknown) => e);
			await staging.abandon();
			expect((error as BackupError).failure, name).toBe('invalid-record');
		}
	});

	it('writes file pieces in batches of at most 8 MiB, however many chunks a file has', async () => {
		const staging = new StagingRestore(`staging-${++staged}`, c.sodium);
		const batches: number[] = [];
		const bulkPut = staging.db.fileChunks.bulkPut.bind(staging.db.fileChunks);
		staging.db.fileChunks.bulkPut = ((rows: { data: Blob }[]) => {
			batches.push(rows.reduce((sum, row) => sum + row.data.size, 0));
			return bulkPut(rows as never);
		}) as never;
		await staging.add({ t: 'identity', publicKey: c.alice.publicKey, secretKey: c.alice.secretKey, displayName: 'A', createdAt: 1 });
		for (let index = 0; index < 600; index += 1) await staging.add({ t: 'fileChunk', hash: HASH, index, data: new Uint8Array(65536) });
		await staging.finish();
		expect(batches.reduce((a, b) => a + b, 0)).toBe(600 * 65536);
		expect(Math.max(...batches)).toBeLessThanOrEqual(8 * 1024 * 1024);
		expect(await staging.db.fileChunks.count()).toBe(Math.ceil(600 / 64));
		await staging.abandon();
	});
});
