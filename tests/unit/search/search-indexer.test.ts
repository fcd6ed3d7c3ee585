import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { loadSearchIndex, saveSearchIndex } from '../../../src/lib/db/search-queries';
import type { ReceivedRow, SentRow } from '../../../src/lib/db/schema';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { SearchClient } from '../../../src/lib/search/search-client';
import { SEARCH_SCHEMA_VERSION } from '../../../src/lib/search/search-engine';
import { SearchIndexer } from '../../../src/lib/state/search-indexer';
import { InProcessWorker } from './in-process-worker';

const BOB = 'pbob' as PeerId;
let dbCounter = 0;
const open: ChatDb[] = [];
const running: SearchIndexer[] = [];

function freshDb(): ChatDb {
	const db = new ChatDb(`search-indexer-${++dbCounter}`);
	open.push(db);
	return db;
}

function sent(id: string, text: string, time: number): SentRow {
	return { id: id as MessageId, conversationId: BOB, peerId: BOB, seq: time, text, time, status: 'sent' };
}

function received(id: string, text: string, time: number): ReceivedRow {
	return { id: id as MessageId, conversationId: BOB, peerId: BOB, seq: time, text, time, authoredAt: time, unread: 0 };
}

/** A page session: a new worker (empty until loaded) and an indexer over the same database. */
function session(db: ChatDb, batchSize = 3) {
	const client = new SearchClient(new InProcessWorker());
	const indexer = new SearchIndexer(db, client, { batchSize, saveDelayMs: 10 });
	running.push(indexer);
	const find = async (query: string) => (await client.search(query))?.hits.map((hit) => hit.id).sort() ?? [];
	return { client, indexer, find };
}

afterEach(async () => {
	for (const indexer of running.splice(0)) await indexer.stop();
	for (const db of open.splice(0)) await db.delete();
});

describe('SearchIndexer', () => {
	it('builds the index from every row when nothing was saved, in batches, and saves it', async () => {
		const db = freshDb();
		await db.sender.bulkAdd([sent('s1', 'coffee tomorrow?', 1), sent('s2', 'see you', 2), sent('s3', 'lunch', 3), sent('s4', 'ok', 4)]);
		await db.receiver.bulkAdd([received('r1', 'coffee sounds great', 5), received('r2', 'bring the coffee beans', 6)]);
		const { indexer, find } = session(db);
		const report = await indexer.start();
		expect(report).toMatchObject({ loaded: 0, discarded: null, fed: 6, repaired: 0 });
		expect(await find('coffee')).toEqual(['r1', 'r2', 's1']);
		const row = await loadSearchIndex(db);
		expect(row).toMatchObject({ version: SEARCH_SCHEMA_VERSION, count: 6, indexedUpTo: { sender: 4, receiver: 6 } });
		expect(row?.json).toBeInstanceOf(Blob);
	});

	it('loads the saved index on the next start and catches up with newer rows only', async () => {
		const db = freshDb();
		await db.sender.bulkAdd([sent('s1', 'first words', 1), sent('s2', 'second words', 2)]);
		await session(db).indexer.start();
		// Written while the app was closed (or while no one called `index`).
		await db.sender.add(sent('s3', 'third words', 3));
		await db.receiver.add(received('r1', 'reply words', 4));
		const next = session(db);
		const report = await next.indexer.start();
		expect(report.loaded).toBe(2);
		// Only the new rows: the row on the saved mark (s2) is known to be in the save.
		expect(report.fed).toBe(2);
		expect(report.repaired).toBe(0);
		expect(await next.find('words')).toEqual(['r1', 's1', 's2', 's3']);
	});

	it('loads the saved row read at boot (beside the identity) instead of reading it again', async () => {
		const db = freshDb();
		await db.sender.bulkAdd([sent('s1', 'first words', 1), sent('s2', 'second words', 2)]);
		await session(db).indexer.start();
		const atBoot = loadSearchIndex(db);
		// Gone after the boot read: a start that read again would find no save and rebuild.
		await db.searchIndex.clear();
		const client = new SearchClient(new InProcessWorker());
		const indexer = new SearchIndexer(db, client, { batchSize: 3, saveDelayMs: 10, savedIndex: atBoot });
		running.push(indexer);
		const report = await indexer.start();
		expect(report).toMatchObject({ loaded: 2, fed: 0 });
	});

	it('starts from a saved index with nothing new without re-indexing or saving again', async () => {
		const db = freshDb();
		// Two rows share the newest time of their table: both sit on the mark.
		await db.sender.bulkAdd([sent('s1', 'first words', 1), sent('s2', 'second words', 2), sent('s3', 'third words', 2)]);
		await db.receiver.add(received('r1', 'reply words', 4));
		await session(db).indexer.start();
		const saved = await loadSearchIndex(db);
		const next = session(db);
		const report = await next.indexer.start();
		expect(report).toMatchObject({ loaded: 4, fed: 0, repaired: 0 });
		expect(await next.find('words')).toEqual(['r1', 's1', 's2', 's3']);
		// Well past the save delay: with nothing changed, the saved row is left as it was.
		await new Promise((resolve) => setTimeout(resolve, 50));
		await next.indexer.stop();
		expect((await loadSearchIndex(db))?.savedAt).toBe(saved?.savedAt);
		// A row stored later with a time on the mark is still fed.
		await db.sender.add(sent('s4', 'fourth words', 2));
		const last = session(db);
		expect((await last.indexer.start()).fed).toBe(1);
		expect(await last.find('fourth')).toEqual(['s4']);
	});

	it('rebuilds when the saved index is corrupt or from another schema version', async () => {
		const db = freshDb();
		await db.receiver.bulkAdd([received('r1', 'hello there', 1), received('r2', 'general kenobi', 2)]);
		const indexedUpTo = { sender: 99, receiver: 99 };
		await saveSearchIndex(db, { version: SEARCH_SCHEMA_VERSION, json: new Blob(['{"broken'] ), indexedUpTo, count: 2, savedAt: 0 });
		const corrupt = await session(db).indexer.start();
		expect(corrupt.discarded).toMatch(/not JSON/);
		expect(corrupt.fed).toBe(2);

		await saveSearchIndex(db, { version: SEARCH_SCHEMA_VERSION + 1, json: new Blob(['{}']), indexedUpTo, count: 2, savedAt: 0 });
		const next = session(db);
		const old = await next.indexer.start();
		expect(old.discarded).toMatch(/schema/);
		expect(await next.find('kenobi')).toEqual(['r2']);
		expect((await loadSearchIndex(db))?.version).toBe(SEARCH_SCHEMA_VERSION);
	});

	it('repairs rows the marks cannot see (a row placed before the mark, a deleted row)', async () => {
		const db = freshDb();
		await db.receiver.bulkAdd([received('r1', 'early bird', 10), received('r3', 'late owl', 30)]);
		await session(db).indexer.start();
		// An overtaken message is stored between two known ones, below the saved mark.
		await db.receiver.add(received('r2', 'middle child', 20));
		const next = session(db);
		expect((await next.indexer.start()).repaired).toBe(1);
		expect(await next.find('middle')).toEqual(['r2']);
		await next.indexer.save();

		await db.receiver.delete('r3');
		const last = session(db);
		expect((await last.indexer.start()).repaired).toBe(1);
		expect(await last.find('owl')).toEqual([]);
		expect(await last.find('bird')).toEqual(['r1']);
	});

	it('catches up with edits, which keep the message time', async () => {
		const db = freshDb();
		await db.sender.add(sent('s1', 'metting at noon', 5));
		await session(db).indexer.start();
		await db.sender.update('s1', { text: 'meeting at noon', version: 1, editedAt: 6 });
		await db.editHistory.add({ id: 'e1', target: 's1' as MessageId, author: 'self', version: 1, text: 'meeting at noon', time: 6 });
		const next = session(db);
		await next.indexer.start();
		expect(await next.find('meeting')).toEqual(['s1']);
		expect(await next.find('metting')).toEqual(['s1']); // one typo away, still found
		expect(await next.find('noon')).toEqual(['s1']);
	});

	it('indexes rows as they are stored, saves after a quiet moment, and refreshes from the database', async () => {
		const db = freshDb();
		const { indexer, find } = session(db);
		await indexer.start();
		const row = sent('s1', 'live message', 1);
		await db.sender.add(row);
		indexer.index([row]);
		expect(await find('live')).toEqual(['s1']);
		await new Promise((resolve) => setTimeout(resolve, 50));
		await indexer.save();
		expect((await loadSearchIndex(db))?.count).toBe(1);
		// A row nobody announced is found after a refresh.
		await db.receiver.add(received('r1', 'unannounced arrival', 2));
		await indexer.refresh();
		expect(await find('arrival')).toEqual(['r1']);
	});
});
