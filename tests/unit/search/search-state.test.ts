import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { ReceivedRow, SentRow } from '../../../src/lib/db/schema';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { SearchClient } from '../../../src/lib/search/search-client';
import { FIRST_SCREEN_RESULTS, SEARCH_DEBOUNCE_MS, SearchState } from '../../../src/lib/state/search-state.svelte';
import { InProcessWorker } from './in-process-worker';

const BOB = 'pbob' as PeerId;
let counter = 0;
const cleanup: (() => Promise<void> | void)[] = [];

afterEach(async () => {
	for (const step of cleanup.splice(0)) await step();
});

async function started(): Promise<{ db: ChatDb; search: SearchState }> {
	const db = new ChatDb(`search-state-${++counter}`);
	await db.users.add({ peerId: BOB, name: 'Robert', nickname: 'Bob', state: 'contact', addedAt: 0, lastActivity: 0 });
	const rows: ReceivedRow[] = [
		{ id: 'r1' as MessageId, conversationId: BOB, peerId: BOB, seq: 1, text: 'Remember to bring the umbrella', time: 1, authoredAt: 1, unread: 0 },
		{ id: 'r2' as MessageId, conversationId: BOB, peerId: BOB, seq: 2, text: 'Alpha centauri', time: 2, authoredAt: 2, unread: 0 }
	];
	await db.receiver.bulkAdd(rows);
	const search = new SearchState(db, new SearchClient(new InProcessWorker()));
	cleanup.push(
		() => search.dispose(),
		() => db.delete()
	);
	await search.start();
	return { db, search };
}

const settled = (search: SearchState) => vi.waitFor(() => expect(search.loading).toBe(false));

describe('SearchState', () => {
	it('answers a query with the contact, the time and a highlighted snippet', async () => {
		const { search } = await started();
		search.setQuery('umbrela');
		expect(search.loading).toBe(true);
		await settled(search);
		expect(search.error).toBeNull();
		expect(search.results).toHaveLength(1);
		const [result] = search.results;
		expect(result).toMatchObject({ id: 'r1', conversationId: BOB, name: 'Bob', direction: 'in', time: 1 });
		expect(result!.snippet).toEqual({ text: 'Remember to bring the umbrella', highlights: [[22, 30]] });
	});

	it('asks a query typed after a pause at once, and waits for a pause while keys follow quickly', async () => {
		const { search } = await started();
		const timers = vi.spyOn(globalThis, 'setTimeout');
		const debounces = () => timers.mock.calls.filter(([, delay]) => delay === SEARCH_DEBOUNCE_MS).length;
		search.setQuery('umbrella');
		expect(debounces()).toBe(0);
		// The next key within the wait (performance.now() has not moved by SEARCH_DEBOUNCE_MS here).
		search.setQuery('alpha');
		expect(debounces()).toBe(1);
		timers.mockRestore();
		await settled(search);
		expect(search.results.map((result) => result.id)).toEqual(['r2']);
	});

	it('keeps only the answer to the newest query', async () => {
		const { search } = await started();
		search.setQuery('umbrella');
		await new Promise((resolve) => setTimeout(resolve, 80));
		search.setQuery('alpha');
		await settled(search);
		expect(search.results.map((result) => result.id)).toEqual(['r2']);
	});

	it('clears at once, and short queries show nothing', async () => {
		const { search } = await started();
		search.setQuery('umbrella');
		await settled(search);
		search.clear();
		expect(search.query).toBe('');
		expect(search.results).toEqual([]);
		expect(search.loading).toBe(false);
		search.setQuery('u');
		expect(search.results).toEqual([]);
		expect(search.loading).toBe(false);
	});

	it('finds rows indexed as they are stored, and refreshes an open query', async () => {
		const { db, search } = await started();
		search.setQuery('coffee');
		await settled(search);
		expect(search.results).toEqual([]);
		const row: SentRow = { id: 's1' as MessageId, conversationId: BOB, peerId: BOB, seq: 1, text: 'coffee?', time: 3, status: 'pending' };
		await db.sender.add(row);
		search.indexMessages([row]);
		await vi.waitFor(() => expect(search.results.map((result) => result.id)).toEqual(['s1']));
		expect(search.results[0]?.direction).toBe('out');
	});

	it('answers from the index at once, then again once the catch-up finds a row and an edit it was never told about', async () => {
		const { db, search } = await started();
		// Stored past the index's marks with no indexMessages call (a lost one): only the catch-up sees them.
		await db.receiver.add({ id: 'r3' as MessageId, conversationId: BOB, peerId: BOB, seq: 3, text: 'coffee at noon?', time: 3, authoredAt: 3, unread: 0 });
		await db.receiver.update('r2', { text: 'Alpha coffee' });
		await db.editHistory.add({ id: 'e1', target: 'r2' as MessageId, author: BOB, version: 1, text: 'Alpha coffee', time: 4 });
		const shown: string[][] = [];
		const watch = setInterval(() => {
			const now = search.results.map((result) => result.id).sort();
			if (!search.loading && JSON.stringify(shown.at(-1)) !== JSON.stringify(now)) shown.push(now);
		}, 0);
		cleanup.push(() => clearInterval(watch));
		search.setQuery('coffee');
		await vi.waitFor(() => expect(search.results.map((result) => result.id).sort()).toEqual(['r2', 'r3']));
		expect(search.results.find((result) => result.id === 'r2')?.snippet.text).toBe('Alpha coffee');
		// The first answer came from the index as it was (nothing), before the catch-up's read.
		expect(shown[0]).toEqual([]);
	});

	it('shows the first screenful of a new answer before reading and rendering the rest', async () => {
		const { db, search } = await started();
		const lunch = Array.from({ length: FIRST_SCREEN_RESULTS * 2 + 3 }, (_, i): ReceivedRow => ({
			id: `l${i}` as MessageId,
			conversationId: BOB,
			peerId: BOB,
			seq: 10 + i,
			text: `lunch number ${i}`,
			time: 10 + i,
			authoredAt: 10 + i,
			unread: 0
		}));
		await db.receiver.bulkAdd(lunch);
		search.indexMessages(lunch);
		// Records each answer as it is put on screen (and whether it is still loading the rest).
		const shown: string[] = [];
		let current = search.results;
		Object.defineProperty(search, 'results', {
			configurable: true,
			get: () => current,
			set: (value: typeof current) => {
				current = value;
				shown.push(`${value.length}${search.loading ? ' loading' : ''}`);
			}
		});
		search.setQuery('lunch');
		await settled(search);
		expect(shown).toEqual([`${FIRST_SCREEN_RESULTS} loading`, `${lunch.length} loading`]);
		expect(search.results.map((result) => result.id)).toHaveLength(lunch.length);
	});

	it('a query asked early in a long rebuild shows more as the rebuild feeds the index, before it is ready', async () => {
		const db = new ChatDb(`search-state-${++counter}`);
		const rows = Array.from({ length: 1_000 }, (_, i): ReceivedRow => ({ id: `m${i}` as MessageId, conversationId: BOB, peerId: BOB, seq: i, text: `dinner plan ${i}`, time: i, authoredAt: i, unread: 0 }));
		await db.receiver.bulkAdd(rows);
		// One row a step: the rebuild takes 1,000 steps, as 100k rows do in the app, and since each
		// step yields through a timer (>= 1 ms in Node) it lasts well past RESULTS_REFRESH_MS on
		// any machine, so the results must refresh before it is done.
		const search = new SearchState(db, new SearchClient(new InProcessWorker()), { indexer: { batchSize: 1 } });
		cleanup.push(
			() => search.dispose(),
			() => db.delete()
		);
		const shownWhileIndexing: number[] = [];
		let current = search.results;
		Object.defineProperty(search, 'results', {
			configurable: true,
			get: () => current,
			set: (value: typeof current) => {
				current = value;
				if (search.phase !== 'ready') shownWhileIndexing.push(value.length);
			}
		});
		const started = search.start();
		search.setQuery('dinner');
		await started;
		expect(shownWhileIndexing.some((count) => count > 0)).toBe(true);
		await vi.waitFor(() => expect(search.results).toHaveLength(50));
	}, 20_000);
});
