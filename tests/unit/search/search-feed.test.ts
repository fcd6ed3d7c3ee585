import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeFeed } from '../../../src/lib/db/change-feed';
import type { ThreadMessage } from '../../../src/lib/db/schema';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { SEARCH_FEED_DELAY_MS, SEARCH_FEED_MAX_BATCH, SearchFeed } from '../../../src/lib/state/search-feed';

const BOB = 'pbob' as PeerId;

function message(id: string, text: string, time: number): ThreadMessage {
	return { direction: 'in', id: id as MessageId, conversationId: BOB, peerId: BOB, seq: time, text, time, authoredAt: time, unread: 1 };
}

function follow() {
	const changes = new ChangeFeed();
	const batches: ThreadMessage[][] = [];
	const cleared: string[][] = [];
	const feed = new SearchFeed(changes, { rows: (rows) => batches.push(rows), cleared: (ids) => cleared.push(ids) });
	return { changes, feed, batches, cleared };
}

afterEach(() => {
	vi.useRealTimers();
});

describe('SearchFeed', () => {
	it('hands a burst of single-row commits on as one batch after a short pause', () => {
		vi.useFakeTimers();
		const { changes, batches } = follow();
		for (let i = 0; i < 500; i++) changes.publish({ messages: [message(`m${i}`, `word ${i}`, i)] });
		expect(batches).toHaveLength(0);
		vi.advanceTimersByTime(SEARCH_FEED_DELAY_MS);
		expect(batches).toHaveLength(1);
		expect(batches[0]!.map((row) => row.id)).toEqual(Array.from({ length: 500 }, (_, i) => `m${i}`));
	});

	it('caps a batch, so a long burst goes in a few posts of bounded size', () => {
		vi.useFakeTimers();
		const { changes, batches } = follow();
		const total = SEARCH_FEED_MAX_BATCH * 2 + 10;
		for (let i = 0; i < total; i++) changes.publish({ messages: [message(`m${i}`, 'x', i)] });
		expect(batches.map((batch) => batch.length)).toEqual([SEARCH_FEED_MAX_BATCH, SEARCH_FEED_MAX_BATCH]);
		vi.advanceTimersByTime(SEARCH_FEED_DELAY_MS);
		expect(batches.map((batch) => batch.length)).toEqual([SEARCH_FEED_MAX_BATCH, SEARCH_FEED_MAX_BATCH, 10]);
	});

	it('sends a row changed twice in one batch once, as last committed', () => {
		vi.useFakeTimers();
		const { changes, batches } = follow();
		changes.publish({ messages: [message('m1', 'umbrella', 1), message('m2', 'other', 2)] });
		changes.publish({ messages: [message('m1', 'raincoat', 1)] });
		vi.advanceTimersByTime(SEARCH_FEED_DELAY_MS);
		expect(batches).toHaveLength(1);
		expect(batches[0]!.map((row) => [row.id, row.text])).toEqual([
			['m2', 'other'],
			['m1', 'raincoat']
		]);
	});

	it('skips acks: a status change re-indexes nothing (a 10,000-message outbox acked costs the worker nothing)', () => {
		vi.useFakeTimers();
		const { changes, batches } = follow();
		changes.publish({ messages: [message('m1', 'umbrella', 1)] });
		changes.publish({ messages: [message('m1', 'umbrella', 1), message('m2', 'raincoat', 2)], statusOnly: true });
		vi.advanceTimersByTime(SEARCH_FEED_DELAY_MS);
		changes.publish({ messages: [message('m2', 'raincoat', 2)], statusOnly: true });
		vi.advanceTimersByTime(SEARCH_FEED_DELAY_MS);
		expect(batches.map((batch) => batch.map((row) => row.id))).toEqual([['m1']]);
	});

	it('passes on cleared conversations, and nothing after stopping', () => {
		vi.useFakeTimers();
		const { changes, feed, batches, cleared } = follow();
		changes.publish({ messages: [], cleared: [BOB], remote: true });
		vi.advanceTimersByTime(SEARCH_FEED_DELAY_MS);
		expect(cleared).toEqual([[BOB]]);
		feed.stop();
		changes.publish({ messages: [message('m1', 'late', 1)] });
		vi.advanceTimersByTime(SEARCH_FEED_DELAY_MS);
		expect(batches).toHaveLength(0);
	});
});
