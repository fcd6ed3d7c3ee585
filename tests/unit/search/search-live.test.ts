import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { loadSearchIndex } from '../../../src/lib/db/search-queries';
import type { ReceivedRow, ThreadMessage } from '../../../src/lib/db/schema';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { SearchClient } from '../../../src/lib/search/search-client';
import type { SearchRequest } from '../../../src/lib/search/search-protocol';
import { SearchIndexer } from '../../../src/lib/state/search-indexer';
import { SEARCH_ANSWERING_MARK, SEARCH_READY_MARK, SearchState } from '../../../src/lib/state/search-state.svelte';
import { InProcessWorker } from './in-process-worker';

// Live indexing: rows reach the worker from the change feed (db.changes) as they are committed.
// Here the test publishes, as the db writers do after their transactions.

const BOB = 'pbob' as PeerId;
let counter = 0;
const cleanup: (() => Promise<void> | void)[] = [];

afterEach(async () => {
	for (const step of cleanup.splice(0)) await step();
});

function received(id: string, text: string, time: number): ReceivedRow {
	return { id: id as MessageId, conversationId: BOB, peerId: BOB, seq: time, text, time, authoredAt: time, unread: 0 };
}

const asShown = (row: ReceivedRow): ThreadMessage => ({ ...row, direction: 'in' });

/** Stores rows and publishes them, as a db writer does. */
async function store(db: ChatDb, rows: ReceivedRow[]): Promise<void> {
	await db.receiver.bulkPut(rows);
	db.changes.publish({ messages: rows.map(asShown) });
}

async function app() {
	const db = new ChatDb(`search-live-${++counter}`);
	await db.users.add({ peerId: BOB, name: 'Robert', nickname: 'Bob', state: 'contact', addedAt: 0, lastActivity: 0 });
	await db.receiver.add(received('r0', 'Remember to bring the umbrella', 1));
	const worker = new InProcessWorker();
	const search = new SearchState(db, new SearchClient(worker));
	cleanup.push(
		() => search.dispose(),
		() => db.delete()
	);
	await search.start();
	const upserts = () => worker.posted.filter((request): request is Extract<SearchRequest, { type: 'upsert' }> => request.type === 'upsert');
	return { db, search, worker, upserts };
}

/** Generous: this machine may be busy, and the page's work is several worker round trips. */
const WAIT = { timeout: 5_000 };

const ids = (search: SearchState) => search.results.map((result) => result.id).sort();

describe('live search indexing', () => {
	it('results on screen follow a new matching message and an edit, without retyping', async () => {
		const { db, search } = await app();
		search.setQuery('umbrella');
		await vi.waitFor(() => expect(ids(search)).toEqual(['r0']), WAIT);

		await store(db, [received('r1', 'Did you take the umbrella?', 2)]);
		await vi.waitFor(() => expect(ids(search)).toEqual(['r0', 'r1']), WAIT);

		await store(db, [{ ...received('r0', 'Remember to bring the raincoat', 1), version: 1 }]);
		await vi.waitFor(() => expect(ids(search)).toEqual(['r1']), WAIT);
		expect(search.query).toBe('umbrella');
	});

	it('a burst of 1,000 stored messages costs a few posts, and the next save posts none of them again', async () => {
		const { db, search, upserts } = await app();
		const before = upserts().length;
		const burst = Array.from({ length: 1_000 }, (_, i) => received(`b${i}`, `burst message number${i}`, 10 + i));
		await db.receiver.bulkPut(burst);
		// One commit per message, as a peer's burst arrives: published one by one within a moment.
		for (const row of burst) db.changes.publish({ messages: [asShown(row)] });
		search.setQuery('burst');
		await vi.waitFor(() => expect(search.results).toHaveLength(50), WAIT);
		const live = upserts().slice(before);
		expect(live.length).toBeLessThanOrEqual(2);
		expect(live.reduce((sum, request) => sum + request.docs.length, 0)).toBe(1_000);

		search.clear();
		await search.save();
		const afterSave = upserts().slice(before);
		expect(afterSave.reduce((sum, request) => sum + request.docs.length, 0)).toBe(1_000);
		// The marks moved past the burst, so a reload neither re-reads nor misses it.
		expect((await loadSearchIndex(db))?.indexedUpTo).toMatchObject({ receiver: 1_009 });
	});

	it('a reload after live indexing catches up with nothing but what it missed', async () => {
		const { db, search } = await app();
		await store(db, [received('r1', 'live one', 2), received('r2', 'live two', 3)]);
		await search.save();
		// Stored while the page was away, announced to no one.
		await db.receiver.add(received('r3', 'offline three', 4));
		const client = new SearchClient(new InProcessWorker());
		const next = new SearchIndexer(db, client);
		cleanup.unshift(() => next.stop());
		const report = await next.start();
		expect(report).toMatchObject({ loaded: 3, repaired: 0 });
		// r2 sits on the mark, saved as such: only r3 is new.
		expect(report.fed).toBe(1);
		expect((await client.search('live'))?.hits.map((hit) => hit.id).sort()).toEqual(['r1', 'r2']);
		expect((await client.search('offline'))?.hits.map((hit) => hit.id)).toEqual(['r3']);
	});

	it('an edit announced while the saved index is loading is not overwritten by the load', async () => {
		const db = new ChatDb(`search-live-${++counter}`);
		cleanup.push(() => db.delete());
		const row = received('r1', 'bring the umbrella', 1);
		await db.receiver.add(row);
		const first = new SearchIndexer(db, new SearchClient(new InProcessWorker()));
		await first.start();
		await first.stop();

		const edited = { ...row, text: 'bring the raincoat', version: 1 };
		await db.receiver.put(edited);
		const client = new SearchClient(new InProcessWorker());
		const indexer = new SearchIndexer(db, client);
		cleanup.unshift(() => indexer.stop());
		const starting = indexer.start();
		// Announced before the worker has its index: loading the save replaces what it was given.
		indexer.index([asShown(edited)]);
		await starting;
		expect((await client.search('raincoat'))?.hits.map((hit) => hit.id)).toEqual(['r1']);
	});

	it('a conversation cleared in another tab leaves the results', async () => {
		const { db, search } = await app();
		search.setQuery('umbrella');
		await vi.waitFor(() => expect(ids(search)).toEqual(['r0']), WAIT);
		await db.receiver.clear();
		db.changes.publish({ messages: [], cleared: [BOB], remote: true });
		await vi.waitFor(() => expect(search.results).toEqual([]), WAIT);
	});

	it('marks when searches are first answered and when the index has caught up (for npm run bench)', async () => {
		performance.clearMarks();
		await app();
		const [answering] = performance.getEntriesByName(SEARCH_ANSWERING_MARK, 'mark');
		const [ready] = performance.getEntriesByName(SEARCH_READY_MARK, 'mark');
		expect(answering).toBeDefined();
		expect(ready!.startTime).toBeGreaterThanOrEqual(answering!.startTime);
		// Once per page: a later start (another SearchState) does not move them.
		await app();
		expect(performance.getEntriesByName(SEARCH_READY_MARK, 'mark')).toHaveLength(1);
	});

	it('saves under a steady stream too, not only after a quiet moment that never comes', async () => {
		const db = new ChatDb(`search-live-${++counter}`);
		cleanup.push(() => db.delete());
		const indexer = new SearchIndexer(db, new SearchClient(new InProcessWorker()), { saveDelayMs: 500 });
		cleanup.unshift(() => indexer.stop());
		await indexer.start();
		let savedDuringStream = 0;
		// A message every ~10 ms for longer than the longest wait (6 × 500 ms): never 500 ms quiet.
		const started = Date.now();
		for (let i = 0; Date.now() - started < 4_000 && savedDuringStream === 0; i++) {
			const row = received(`s${i}`, `stream ${i}`, 10 + i);
			await db.receiver.add(row);
			indexer.index([asShown(row)]);
			await new Promise((resolve) => setTimeout(resolve, 10));
			savedDuringStream = (await loadSearchIndex(db))?.count ?? 0;
		}
		expect(savedDuringStream).toBeGreaterThan(0);
	}, 10_000);

	it('a message stored while a search is under way gets the results a fresh answer after it', async () => {
		const db = new ChatDb(`search-live-${++counter}`);
		await db.receiver.add(received('r0', 'Remember to bring the umbrella', 1));
		const search = new SearchState(db, new SearchClient(new SlowAnswers()));
		cleanup.push(
			() => search.dispose(),
			() => db.delete()
		);
		await search.start();
		search.setQuery('umbrella');
		await new Promise((resolve) => setTimeout(resolve, 150));
		// The search has been asked and its (slow) answer will not have this row.
		await store(db, [received('r1', 'Did you take the umbrella?', 2)]);
		await vi.waitFor(() => expect(ids(search)).toEqual(['r0']), WAIT);
		await vi.waitFor(() => expect(ids(search)).toEqual(['r0', 'r1']), WAIT);
	});
});

/** A worker whose search answers take long enough for the index to change meanwhile. */
class SlowAnswers extends InProcessWorker {
	override addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
		if (type !== 'message') return super.addEventListener(type, listener);
		super.addEventListener(type, (event: MessageEvent<{ type?: string }>) => {
			if (event.data.type === 'results') setTimeout(() => listener(event as never), 800);
			else listener(event as never);
		});
	}
}
