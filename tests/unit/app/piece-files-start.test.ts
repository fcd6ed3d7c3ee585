import { afterEach, describe, expect, it, vi } from 'vitest';
import { storePiecesInFiles, type PieceFileWriter } from '../../../src/lib/app/piece-files-start';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { FileRow } from '../../../src/lib/db/file-rows';
import { assembledFile } from '../../../src/lib/db/file-queries';
import { dropFiles, storeChunks } from '../../../src/lib/db/file-store';
import { pieceFilesOf, pieceReaderOf } from '../../../src/lib/db/piece-files';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { pieceFilePageSide, pieceFolderOf } from '../../../src/lib/opfs/opfs-piece-files';
import { FakeFs } from '../opfs/fake-opfs';
import { inProcessPieceFiles } from '../opfs/in-process';
import { FakeLocks, settle } from './fake-locks';

// One piece-file worker per origin (issue 12): tabs of one browser share one OPFS and one
// database; here each "tab" is its own ChatDb handle on the same database and its own lock client.

let counter = 0;
const dbs: ChatDb[] = [];
afterEach(async () => {
	for (const db of dbs.splice(0)) db.close();
	vi.restoreAllMocks();
});

const HASH = 'cd'.repeat(32);
const SIZE = 2 * CHUNK_BYTES;

function fileRow(id: string, state: FileRow['state'] = 'receiving'): FileRow {
	return { messageId: id as MessageId, conversationId: 'chat', direction: 'in', peerId: 'peer', hash: HASH, key: new Uint8Array(32), name: 'a.bin', type: 'application/octet-stream', size: SIZE, chunks: 2, state, have: [], time: 1 };
}

/** A browser: one fake OPFS and one lock manager shared by its tabs. */
function browser() {
	const fs = new FakeFs();
	const locks = new FakeLocks();
	const name = `piece-start-${++counter}`;
	const started: string[] = [];
	async function tab(label: string) {
		const db = new ChatDb(name);
		dbs.push(db);
		await db.open();
		const lock = locks.for();
		const startWriter = async (): Promise<PieceFileWriter> => {
			started.push(label);
			return inProcessPieceFiles(fs, name);
		};
		await storePiecesInFiles(db, { locks: lock, startWriter, reader: pieceFilePageSide(name, fs.rootHandle) });
		await settle();
		return { db, lock };
	}
	const folder = () => fs.root.folders.get(pieceFolderOf(name));
	return { fs, tab, started, folder };
}

describe('one piece-file worker per origin', () => {
	it('only the first tab starts a worker; the second writes nothing to files but shows what the first stored', async () => {
		const { tab, started, folder } = browser();
		const a = await tab('A');
		const b = await tab('B');
		expect(started).toEqual(['A']);
		expect(pieceFilesOf(a.db)).toBeDefined();
		expect(pieceFilesOf(b.db)).toBeUndefined();
		expect(pieceReaderOf(b.db)).toBeDefined();
		await a.db.files.put(fileRow('m1'));
		const bytes = new Uint8Array(SIZE).map((_, i) => i % 251);
		await storeChunks(a.db, 'm1' as MessageId, [0, 1].map((index) => ({ index, data: bytes.slice(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES) })), [[0, 2]]);
		expect(folder()?.files.get(HASH)?.bytes.length).toBe(SIZE);
		const row = { ...fileRow('m1', 'complete'), have: [[0, 2]] as [number, number][] };
		const shown = await assembledFile(b.db, row);
		expect(new Uint8Array(await shown!.arrayBuffer())).toEqual(bytes);
	});

	it("a second tab's start does not sweep a file the writer wrote but has not recorded yet", async () => {
		const { tab, folder } = browser();
		const a = await tab('A');
		const writer = pieceFilesOf(a.db)!;
		// Written, its handle closed (the worker keeps only a few open), its row not yet put.
		await writer.write(HASH, SIZE, [{ at: 0, bytes: new Uint8Array(CHUNK_BYTES).fill(7) }]);
		await writer.close(HASH);
		await tab('B');
		expect(folder()?.files.has(HASH)).toBe(true);
	});

	it('when the writing tab goes, the next one takes over: it starts its worker and sweeps what nobody claims', async () => {
		const { tab, started, folder } = browser();
		const a = await tab('A');
		const b = await tab('B');
		const writer = pieceFilesOf(a.db)!;
		await writer.write(HASH, SIZE, [{ at: 0, bytes: new Uint8Array(CHUNK_BYTES).fill(7) }]);
		await writer.close(HASH);
		a.lock.crash();
		await settle();
		await settle();
		expect(started).toEqual(['A', 'B']);
		expect(pieceFilesOf(b.db)).toBeDefined();
		expect(folder()?.files.has(HASH)).toBe(false);
	});

	it('a tab that does not write removes a deleted file from the page', async () => {
		const { tab, folder } = browser();
		const a = await tab('A');
		const b = await tab('B');
		await a.db.files.put(fileRow('m1'));
		await storeChunks(a.db, 'm1' as MessageId, [{ index: 0, data: new Uint8Array(CHUNK_BYTES).fill(1) }], [[0, 1]]);
		await pieceFilesOf(a.db)!.close(HASH);
		await dropFiles(b.db, ['m1']);
		await settle();
		expect(folder()?.files.has(HASH)).toBe(false);
	});

	it('without Web Locks, the tab writes as before', async () => {
		const fs = new FakeFs();
		const db = new ChatDb(`piece-start-${++counter}`);
		dbs.push(db);
		await db.open();
		await storePiecesInFiles(db, { startWriter: async () => inProcessPieceFiles(fs, db.name) });
		expect(pieceFilesOf(db)).toBeDefined();
	});

	it('a sweep that fails still leaves the started worker writing (it is not left running unused)', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const fs = new FakeFs();
		const name = `piece-start-${++counter}`;
		const db = new ChatDb(name);
		dbs.push(db);
		await db.open();
		const writer = inProcessPieceFiles(fs, name);
		writer.names = () => Promise.reject(new Error('listing refused'));
		const startWriter = async (): Promise<PieceFileWriter> => writer;
		await storePiecesInFiles(db, { locks: new FakeLocks().for(), startWriter, reader: pieceFilePageSide(name, fs.rootHandle) });
		await settle();
		expect(pieceFilesOf(db)).toBeDefined();
	});
});

