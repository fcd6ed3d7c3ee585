import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { ReceivedRow, SentRow } from '../../../src/lib/db/schema';
import { MAX_STALE_ENTRIES, SEARCH_STALE_KEY, dropSearchStale, loadSearchStale, noteSearchStale } from '../../../src/lib/db/search-stale';
import { putSetting } from '../../../src/lib/db/settings-queries';
import { setTranscript } from '../../../src/lib/db/transcript-queries';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { SearchClient } from '../../../src/lib/search/search-client';
import { SearchIndexer } from '../../../src/lib/state/search-indexer';
import { InProcessWorker } from './in-process-worker';

// The gap a transcript left in search: it changes a message's text but not its `time`, and the
// index catches up by `time`; a transcript stored after the last save of a tab that then died was
// missing from every later start (the count check does not see it: the message was indexed).

const BOB = 'pbob' as PeerId;
let dbCounter = 0;
const open: ChatDb[] = [];
const running: SearchIndexer[] = [];

function freshDb(): ChatDb {
	const db = new ChatDb(`search-stale-${++dbCounter}`);
	open.push(db);
	return db;
}

function voice(id: string, time: number): SentRow {
	return { id: id as MessageId, conversationId: BOB, peerId: BOB, seq: time, text: '', kind: 'file', fileName: 'voice.webm', time, status: 'sent' };
}

function received(id: string, text: string, time: number): ReceivedRow {
	return { id: id as MessageId, conversationId: BOB, peerId: BOB, seq: time, text, time, authoredAt: time, unread: 0 };
}

/** A page session: a new worker and an indexer that never saves on its own (the tab dies first). */
function session(db: ChatDb) {
	const client = new SearchClient(new InProcessWorker());
	const indexer = new SearchIndexer(db, client, { saveDelayMs: 60_000 });
	running.push(indexer);
	const find = async (query: string) => (await client.search(query))?.hits.map((hit) => hit.id).sort() ?? [];
	return { indexer, find };
}

afterEach(async () => {
	for (const indexer of running.splice(0)) await indexer.stop();
	for (const db of open.splice(0)) await db.delete();
});

describe('search: transcripts stored just before the tab died', () => {
	it('reach the saved index at the next start, without a rebuild, and the note goes once saved', async () => {
		const db = freshDb();
		await db.sender.add(voice('v1', 5));
		await db.receiver.add(received('r1', 'newer text', 9));
		const first = session(db);
		await first.indexer.start();
		await first.indexer.save();
		// The transcript lands (the live feed gives it to this session's worker)...
		const row = await setTranscript(db, 'v1', { state: 'done', text: 'meet me at the harbour' });
		first.indexer.index([row!]);
		expect(await first.find('harbour')).toEqual(['v1']);
		// ...and the tab dies before the next save.
		await first.indexer.stop();

		const next = session(db);
		const report = await next.indexer.start();
		expect(report).toMatchObject({ loaded: 2, discarded: null, repaired: 0 });
		expect(await next.find('harbour')).toEqual(['v1']);
		await next.indexer.save();
		expect(await loadSearchStale(db)).toEqual([]);

		const last = session(db);
		expect((await last.indexer.start()).fed).toBe(0);
		expect(await last.find('harbour')).toEqual(['v1']);
	});

	it('a transcript dropped (its file deleted) leaves the saved index too', async () => {
		const db = freshDb();
		await db.sender.add(voice('v1', 5));
		await setTranscript(db, 'v1', { state: 'done', text: 'the harbour at noon' });
		const first = session(db);
		await first.indexer.start();
		await first.indexer.save();
		await setTranscript(db, 'v1', null);
		await first.indexer.stop();
		const next = session(db);
		await next.indexer.start();
		expect(await next.find('harbour')).toEqual([]);
	});

	it('keeps a note made again after the save read it, and is not noted for unfinished states', async () => {
		const db = freshDb();
		await db.sender.add(voice('v1', 5));
		await setTranscript(db, 'v1', { state: 'pending' });
		await setTranscript(db, 'v1', { state: 'running' });
		expect(await loadSearchStale(db)).toEqual([]);
		await noteSearchStale(db, 'v1', 1);
		await noteSearchStale(db, 'v1', 2);
		await dropSearchStale(db, [{ id: 'v1', at: 1 }]);
		expect(await loadSearchStale(db)).toEqual([{ id: 'v1', at: 2 }]);
	});

	it('reads a damaged note as what is usable in it, and bounds it', async () => {
		const db = freshDb();
		await putSetting(db, SEARCH_STALE_KEY, 'not a list');
		expect(await loadSearchStale(db)).toEqual([]);
		await putSetting(db, SEARCH_STALE_KEY, [{ id: 'a', at: 1 }, { id: 7, at: 1 }, { id: 'b', at: 'x' }, null, { id: 'c', at: Infinity }]);
		expect(await loadSearchStale(db)).toEqual([{ id: 'a', at: 1 }]);
		await putSetting(db, SEARCH_STALE_KEY, Array.from({ length: MAX_STALE_ENTRIES }, (_, i) => ({ id: `m${i}`, at: i })));
		await noteSearchStale(db, `m${MAX_STALE_ENTRIES}`, MAX_STALE_ENTRIES);
		const entries = await loadSearchStale(db);
		expect(entries).toHaveLength(MAX_STALE_ENTRIES);
		expect(entries.at(-1)).toEqual({ id: `m${MAX_STALE_ENTRIES}`, at: MAX_STALE_ENTRIES });
	});
});
