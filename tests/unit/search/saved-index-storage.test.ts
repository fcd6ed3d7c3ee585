import { afterEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { loadSearchIndex } from '../../../src/lib/db/search-queries';
import type { SearchIndexRow, SentRow } from '../../../src/lib/db/schema';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { SearchClient } from '../../../src/lib/search/search-client';
import { SearchIndexer } from '../../../src/lib/state/search-indexer';
import { InProcessWorker } from './in-process-worker';

// WebKit in private and automation sessions refuses to store a Blob in IndexedDB
// (UnknownError). The saved search index must then be stored another way, or every start
// rebuilds the whole index from the database.

const BOB = 'pbob' as PeerId;
let dbCounter = 0;
const open: ChatDb[] = [];
const running: SearchIndexer[] = [];

/** A database whose saved-index table fails like WebKit's on any row holding a Blob. */
function blobRefusingDb(): ChatDb {
	const db = new ChatDb(`saved-index-storage-${++dbCounter}`);
	open.push(db);
	const put = db.searchIndex.put.bind(db.searchIndex);
	vi.spyOn(db.searchIndex, 'put').mockImplementation((row: SearchIndexRow, key?: 'index') => {
		if (row.json instanceof Blob) return Promise.reject(new Dexie.UnknownError('Error preparing Blob/File data to be stored in object store')) as never;
		return put(row, key);
	});
	return db;
}

function sent(id: string, text: string, time: number): SentRow {
	return { id: id as MessageId, conversationId: BOB, peerId: BOB, seq: time, text, time, status: 'sent' };
}

function session(db: ChatDb) {
	const client = new SearchClient(new InProcessWorker());
	const indexer = new SearchIndexer(db, client, { batchSize: 2, saveDelayMs: 10 });
	running.push(indexer);
	const find = async (query: string) => (await client.search(query))?.hits.map((hit) => hit.id).sort() ?? [];
	return { indexer, find };
}

afterEach(async () => {
	for (const indexer of running.splice(0)) await indexer.stop();
	for (const db of open.splice(0)) await db.delete();
	vi.restoreAllMocks();
});

describe('saved search index where IndexedDB refuses Blobs', () => {
	it('is stored as bytes, and the next start loads it instead of rebuilding', async () => {
		const db = blobRefusingDb();
		await db.sender.bulkAdd([sent('s1', 'coffee tomorrow?', 1), sent('s2', 'more coffee', 2), sent('s3', 'tea then', 3)]);
		const first = await session(db).indexer.start();
		expect(first).toMatchObject({ loaded: 0, fed: 3 });
		const row = await loadSearchIndex(db);
		expect(row?.count).toBe(3);
		expect(row?.json).not.toBeInstanceOf(Blob);

		const next = session(db);
		const report = await next.indexer.start();
		expect(report).toMatchObject({ loaded: 3, discarded: null, fed: 0, repaired: 0 });
		expect(await next.find('coffee')).toEqual(['s1', 's2']);
	});

	it('keeps saving as bytes once a Blob was refused, without trying the Blob again', async () => {
		const db = blobRefusingDb();
		await db.sender.add(sent('s1', 'first words', 1));
		const { indexer } = session(db);
		await indexer.start();
		const attempts = vi.mocked(db.searchIndex.put).mock.calls.length;
		await db.sender.add(sent('s2', 'second words', 2));
		await indexer.refresh();
		await indexer.save();
		const later = vi.mocked(db.searchIndex.put).mock.calls.slice(attempts);
		expect(later.length).toBe(1);
		expect(later[0]![0].json).not.toBeInstanceOf(Blob);
		expect((await loadSearchIndex(db))?.count).toBe(2);
	});
});
