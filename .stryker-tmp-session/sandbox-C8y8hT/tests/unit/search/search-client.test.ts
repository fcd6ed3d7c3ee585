// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { SearchClient } from '../../../src/lib/search/search-client';
import type { SearchDoc } from '../../../src/lib/search/search-engine';
import type { SearchReply } from '../../../src/lib/search/search-protocol';
import { SearchService } from '../../../src/lib/search/search-service';
import { InProcessWorker } from './in-process-worker';

const doc = (id: string, text: string, time: number): SearchDoc => ({ id, text, time, conversationId: 'pbob', peerId: 'pbob', direction: 'out' });

describe('SearchClient + SearchService', () => {
	it('indexes, searches, snapshots and loads through the worker boundary', async () => {
		const client = new SearchClient(new InProcessWorker());
		client.upsert([doc('a', 'lunch at noon', 1), doc('b', 'dinner at eight', 2)]);
		const answer = await client.search('lunh');
		expect(answer?.hits.map((hit) => hit.id)).toEqual(['a']);
		expect(answer?.count).toBe(2);
		const { json, count } = await client.snapshot();
		expect(count).toBe(2);
		expect(json).toBeInstanceOf(Blob);

		const other = new SearchClient(new InProcessWorker());
		expect(await other.load(json)).toEqual({ count: 2, error: null });
		expect((await other.search('dinner'))?.hits.map((hit) => hit.id)).toEqual(['b']);
		expect(await other.count()).toBe(2);
	});

	it('starts empty when the saved index is unusable, and says why', async () => {
		const client = new SearchClient(new InProcessWorker());
		const result = await client.load(new Blob(['{"schema":0}']));
		expect(result.count).toBe(0);
		expect(result.error).toMatch(/schema/);
		expect((await client.search('anything'))?.hits).toEqual([]);
	});

	it('settles a superseded search with null and answers only the newest', async () => {
		const worker = new InProcessWorker();
		const client = new SearchClient(worker);
		client.upsert([doc('a', 'alpha', 1), doc('b', 'beta', 2)]);
		const first = client.search('alpha');
		const second = client.search('beta');
		expect(await first).toBeNull();
		expect((await second)?.hits.map((hit) => hit.id)).toEqual(['b']);
	});

	it('runs only the newest of the queries queued in the worker', async () => {
		const replies: SearchReply[] = [];
		const service = new SearchService((reply) => replies.push(reply));
		service.handle({ type: 'upsert', docs: [doc('a', 'alpha', 1)] });
		service.handle({ type: 'search', id: 1, query: 'alp', limit: 10 });
		service.handle({ type: 'search', id: 2, query: 'alph', limit: 10 });
		service.handle({ type: 'search', id: 3, query: 'alpha', limit: 10 });
		await service.idle();
		expect(replies.map((reply) => [reply.id, reply.type === 'results' && reply.superseded])).toEqual([
			[1, true],
			[2, true],
			[3, false]
		]);
	});

	it('drops malformed requests and documents instead of corrupting the index', async () => {
		const replies: SearchReply[] = [];
		const service = new SearchService((reply) => replies.push(reply));
		service.handle({ type: 'search', id: 7, query: 42, limit: 10 });
		service.handle('nonsense');
		service.handle({ type: 'upsert', docs: [doc('ok', 'fine words', 1), { id: 'bad', text: null }, null] });
		service.handle({ type: 'stats', id: 8 });
		await service.idle();
		expect(replies).toEqual([
			{ type: 'failed', id: 7, error: 'malformed search request' },
			{ type: 'stats', id: 8, count: 1 }
		]);
	});

	it('rejects pending requests when the worker dies', async () => {
		let fail: ((event: Event) => void) | undefined;
		const client = new SearchClient({
			postMessage: () => undefined,
			addEventListener: (type: string, listener: (event: never) => void) => {
				if (type === 'error') fail = listener as (event: Event) => void;
			},
			terminate: () => undefined
		});
		const pending = client.search('anything');
		fail?.(new Event('error'));
		await expect(pending).rejects.toThrow(/stopped/);
		await expect(client.count()).rejects.toThrow(/stopped/);
	});
});
