import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContentHasher } from '../../../src/lib/crypto/file-cipher';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium, type Sodium } from '../../../src/lib/crypto/sodium';
import { StagingRestore } from '../../../src/lib/db/backup-restore';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { assembledFile, hasBytes } from '../../../src/lib/db/file-queries';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { checkRestoredFile, RESTORED_DAMAGED, uncheckedFiles } from '../../../src/lib/db/restored-files';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { hexOf } from '../../../src/lib/files/hex';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { RestoredFileCheck } from '../../../src/lib/messenger/files/restored-check';

// A backup or another device is a hostile file (docs/SECURITY.md "Backups"): the bytes of a file
// it brings are shown only once they hash, on this device, to the content hash that names them.

let sodium: Sodium;
let me: Identity;
beforeAll(async () => {
	sodium = await loadSodium();
	me = createIdentity(sodium);
});

const ID = (n: number) => `0190a1b2-c3d4-7e5f-8a9b-${n.toString(16).padStart(12, '0')}` as MessageId;
const content = (size: number, seed: number) => new Uint8Array(size).map((_, i) => (i * seed + 3) % 251);
const hashOf = (bytes: Uint8Array) => {
	const hasher = new ContentHasher(sodium);
	hasher.update(bytes);
	return hexOf(hasher.digest());
};
const chunks = (size: number) => Math.ceil(size / CHUNK_BYTES);

let staged = 0;
const restored: ChatDb[] = [];
afterEach(async () => {
	vi.restoreAllMocks();
	for (const db of restored.splice(0)) await db.delete();
});

/** A restore of a backup holding received files (`chunks` as stored) and own files (`blob` as stored). */
async function restore(files: { id: MessageId; direction: 'in' | 'out'; state: FileRow['state']; named: Uint8Array; stored: Uint8Array }[]): Promise<ChatDb> {
	const staging = new StagingRestore(`restored-files-${++staged}`, sodium);
	await staging.add({ t: 'identity', publicKey: me.publicKey, secretKey: me.secretKey, displayName: 'Me', createdAt: 1 });
	for (const [n, file] of files.entries()) {
		const size = file.named.length;
		const base = { t: 'file' as const, messageId: file.id, conversationId: 'chat', direction: file.direction, peerId: 'chat', hash: hashOf(file.named), key: new Uint8Array(32), name: `f${n}.bin`, type: 'application/octet-stream', size, chunks: chunks(size), state: file.state, have: [[0, chunks(size)]] as [number, number][], time: n };
		if (file.direction === 'out') {
			await staging.add({ ...base, blobBytes: file.stored.length });
			for (let at = 0; at < file.stored.length; at += CHUNK_BYTES) await staging.add({ t: 'fileBlob', messageId: file.id, offset: at, data: file.stored.slice(at, at + CHUNK_BYTES) });
		} else {
			await staging.add(base);
			for (let i = 0; i * CHUNK_BYTES < file.stored.length; i++) await staging.add({ t: 'fileChunk', hash: base.hash, index: i, data: file.stored.slice(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES) });
		}
	}
	await staging.finish();
	restored.push(staging.db);
	return staging.db;
}

const tampered = (bytes: Uint8Array) => {
	const copy = bytes.slice();
	copy[copy.length - 1] = (copy.at(-1) ?? 0) ^ 1;
	return copy;
};

describe('files from a restore', () => {
	it('are not shown, played or saved until checked: received and own, honest or not', async () => {
		const good = content(150_000, 7);
		const db = await restore([
			{ id: ID(1), direction: 'in', state: 'complete', named: good, stored: good },
			{ id: ID(2), direction: 'in', state: 'complete', named: good, stored: tampered(good) },
			{ id: ID(3), direction: 'out', state: 'sending', named: good, stored: tampered(good) }
		]);
		for (const id of [ID(1), ID(2), ID(3)]) {
			const row = (await db.files.get(id))!;
			expect(row.unchecked, id).toBe(1);
			expect(hasBytes(row), id).toBe(false);
			expect(await assembledFile(db, row), id).toBeNull();
		}
		expect(await uncheckedFiles(db)).toEqual([ID(1), ID(2), ID(3)]);
	});

	it('a received file whose bytes hash to its name is shown; one whose bytes do not is declined as damaged and its bytes go', async () => {
		const good = content(200_000, 7);
		const other = content(90_000, 11);
		const db = await restore([
			{ id: ID(1), direction: 'in', state: 'complete', named: good, stored: good },
			{ id: ID(2), direction: 'in', state: 'complete', named: other, stored: tampered(other) }
		]);
		expect(await checkRestoredFile(db, sodium, ID(1))).toBe('verified');
		const shown = (await db.files.get(ID(1)))!;
		expect(shown).not.toHaveProperty('unchecked');
		expect(hasBytes(shown)).toBe(true);
		expect(new Uint8Array(await (await assembledFile(db, shown))!.arrayBuffer())).toEqual(good);

		expect(await checkRestoredFile(db, sodium, ID(2))).toBe('damaged');
		const refused = (await db.files.get(ID(2)))!;
		expect(refused).toMatchObject({ state: 'declined', problem: RESTORED_DAMAGED, have: [] });
		expect(refused).not.toHaveProperty('unchecked');
		expect(hasBytes(refused)).toBe(false);
		expect(await db.fileChunks.where('hash').equals(refused.hash).count()).toBe(0);
		// A restore, two hashes and an assembly: seven seconds once on a loaded 2-core machine.
	}, 30_000);

	it('a received file with its last chunk missing is damaged', async () => {
		const good = content(3 * CHUNK_BYTES, 5);
		const db = await restore([{ id: ID(1), direction: 'in', state: 'complete', named: good, stored: good.slice(0, 2 * CHUNK_BYTES) }]);
		expect(await checkRestoredFile(db, sodium, ID(1))).toBe('damaged');
	});

	it('an own file whose kept bytes are not the file is marked removed, its bytes dropped; an honest one stays', async () => {
		const good = content(150_000, 7);
		const db = await restore([
			{ id: ID(1), direction: 'out', state: 'sending', named: good, stored: tampered(good) },
			{ id: ID(2), direction: 'out', state: 'sending', named: good, stored: good }
		]);
		expect(await checkRestoredFile(db, sodium, ID(1))).toBe('damaged');
		const refused = (await db.files.get(ID(1)))!;
		expect(refused).toMatchObject({ state: 'removed', problem: RESTORED_DAMAGED });
		expect(refused.blob).toBeUndefined();
		expect(await checkRestoredFile(db, sodium, ID(2))).toBe('verified');
		expect(hasBytes((await db.files.get(ID(2)))!)).toBe(true);
	});

	it('is read at most 4 MiB at a time, whatever the size', async () => {
		const big = content(10 * 1024 * 1024 + 5, 13);
		const db = await restore([
			{ id: ID(1), direction: 'out', state: 'sending', named: big, stored: big },
			{ id: ID(2), direction: 'in', state: 'complete', named: big, stored: big }
		]);
		const reads = vi.spyOn(Blob.prototype, 'arrayBuffer');
		expect(await checkRestoredFile(db, sodium, ID(1))).toBe('verified');
		expect(await checkRestoredFile(db, sodium, ID(2))).toBe('verified');
		const largest = Math.max(...(await Promise.all(reads.mock.results.map(async (result) => ((await result.value) as ArrayBuffer).byteLength))));
		expect(largest).toBeLessThanOrEqual(4 * 1024 * 1024);
		expect(reads.mock.calls.length).toBeGreaterThanOrEqual(6);
	});

	it('files that were still arriving keep no mark: their transfer hashes what is stored when it completes', async () => {
		const good = content(150_000, 7);
		const db = await restore([{ id: ID(1), direction: 'in', state: 'receiving', named: good, stored: good.slice(0, CHUNK_BYTES) }]);
		expect(await db.files.get(ID(1))).not.toHaveProperty('unchecked');
	});
});

describe('the background check of restored files', () => {
	it('checks every restored file after start; one the user opens is checked first', async () => {
		const files = Array.from({ length: 4 }, (_, n) => ({ id: ID(n + 1), direction: 'in' as const, state: 'complete' as const, named: content(70_000, n + 2), stored: content(70_000, n + 2) }));
		files[1]!.stored = tampered(files[1]!.stored);
		const db = await restore(files);
		const log: string[] = [];
		const check = new RestoredFileCheck({ db, sodium, log: (event, detail) => void log.push(`${event} ${detail}`) });
		const all = check.start();
		await check.first(ID(4));
		expect(await db.files.get(ID(4))).not.toHaveProperty('unchecked');
		await all;
		expect(await uncheckedFiles(db)).toEqual([]);
		expect((await db.files.get(ID(2)))?.problem).toBe(RESTORED_DAMAGED);
		expect(log).toEqual([`restored-file-damaged ${ID(2)}`]);
	});
});

describe('the list of restored files to check', () => {
	it('reads only the rows still unchecked, through their own index, not every file of the library', async () => {
		const files = [1, 2, 3].map((n) => ({ id: ID(n), direction: 'in' as const, state: 'complete' as const, named: content(70_000, n + 2), stored: content(70_000, n + 2) }));
		const db = await restore(files);
		await checkRestoredFile(db, sodium, ID(1));
		await checkRestoredFile(db, sodium, ID(3));
		// A second connection that counts every file row IndexedDB hands up, by query or cursor.
		const read: MessageId[] = [];
		const counted = new ChatDb(db.name);
		counted.use({
			stack: 'dbcore',
			name: 'count-file-reads',
			create: (down) => ({
				...down,
				table: (name) => {
					const table = down.table(name);
					if (name !== 'files') return table;
					return {
						...table,
						query: async (request) => {
							const result = await table.query(request);
							if (request.values) for (const row of result.result as FileRow[]) read.push(row.messageId);
							return result;
						},
						openCursor: async (request) => {
							const cursor = await table.openCursor(request);
							if (cursor === null) return null;
							const step = cursor.start.bind(cursor);
							return Object.create(cursor, {
								start: {
									value: (onNext: () => void) =>
										step(() => {
											if (request.values !== false) read.push((cursor.value as FileRow).messageId);
											onNext();
										})
								}
							}) as typeof cursor;
						}
					};
				}
			})
		});
		try {
			expect(await uncheckedFiles(counted)).toEqual([ID(2)]);
		} finally {
			counted.close();
		}
		expect(read).toEqual([ID(2)]);
	});

	it('queues a file once, however often start() and first() name it', async () => {
		const files = [1, 2].map((n) => ({ id: ID(n), direction: 'in' as const, state: 'complete' as const, named: content(70_000, n + 2), stored: content(70_000, n + 2) }));
		const db = await restore(files);
		const checked: MessageId[] = [];
		const check = new RestoredFileCheck({ db, sodium, log: (event, detail) => void checked.push(`${event} ${detail}` as MessageId) });
		const spy = vi.spyOn(db.files, 'get');
		const opened = check.first(ID(2));
		await Promise.all([check.start(), check.start(), opened]);
		// Each check reads its row twice (before hashing, and to settle): two files, four reads.
		expect(spy.mock.calls.map(([id]) => id).sort()).toEqual([ID(1), ID(1), ID(2), ID(2)]);
		expect(checked).toEqual([]);
	});
});

/** Whether `promise` settles within `ms` (a check that never answers leaves its card "Checking…" for good). */
const settlesWithin = (promise: Promise<unknown>, ms: number) => Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('the background check of restored files, one after another', () => {
	it('a file opened just as the queue ran dry is still checked (review, session 18)', async () => {
		const files = [1, 2].map((n) => ({ id: ID(n), direction: 'in' as const, state: 'complete' as const, named: content(70_000, n + 2), stored: content(70_000, n + 2) }));
		const db = await restore(files);
		const check = new RestoredFileCheck({ db, sodium, log: () => undefined });
		await check.first(ID(1));
		// Asked for at once after the first one's answer: the queue had just emptied.
		expect(await settlesWithin(check.first(ID(2)), 3000)).toBe(true);
		expect(await db.files.get(ID(2))).not.toHaveProperty('unchecked');
	});

	it('asked for after the check stopped (the messenger went), a file is answered at once, not left waiting for ever', async () => {
		const db = await restore([{ id: ID(1), direction: 'in', state: 'complete', named: content(70_000, 3), stored: content(70_000, 3) }]);
		const check = new RestoredFileCheck({ db, sodium, log: () => undefined });
		check.stop();
		expect(await settlesWithin(check.first(ID(1)), 1000)).toBe(true);
	});
});

describe('a received file from a restore', () => {
	it('keeps no Blob of its own: bytes a hostile backup attached beside its chunks are never kept, so nothing (the transcript of a voice message) reads them unchecked', async () => {
		const good = content(90_000, 7);
		const staging = new StagingRestore(`restored-files-${++staged}`, sodium);
		await staging.add({ t: 'identity', publicKey: me.publicKey, secretKey: me.secretKey, displayName: 'Me', createdAt: 1 });
		const other = tampered(good);
		await staging.add({ t: 'file', messageId: ID(1), conversationId: 'chat', direction: 'in', peerId: 'chat', hash: hashOf(good), key: new Uint8Array(32), name: 'voice.webm', type: 'audio/webm', size: good.length, chunks: chunks(good.length), state: 'complete', have: [[0, chunks(good.length)]], time: 1, blobBytes: other.length });
		for (let at = 0; at < other.length; at += CHUNK_BYTES) await staging.add({ t: 'fileBlob', messageId: ID(1), offset: at, data: other.slice(at, at + CHUNK_BYTES) });
		for (let i = 0; i * CHUNK_BYTES < good.length; i++) await staging.add({ t: 'fileChunk', hash: hashOf(good), index: i, data: good.slice(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES) });
		await staging.finish();
		restored.push(staging.db);
		expect(await checkRestoredFile(staging.db, sodium, ID(1))).toBe('verified');
		const row = (await staging.db.files.get(ID(1)))!;
		expect(hasBytes(row)).toBe(true);
		expect(row.blob).toBeUndefined();
	});
});
