import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { bulkSeed } from '../../../src/lib/db/queries';
import type { ThreadMessage } from '../../../src/lib/db/schema';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { Messenger } from '../../../src/lib/messenger/messenger';
import { LIVE_WINDOW, MAX_PAGES, TAIL_COMPACT_AT } from '../../../src/lib/state/thread-history.svelte';
import { ThreadState } from '../../../src/lib/state/thread-state.svelte';

const PEER = `p${'a'.repeat(32)}` as PeerId;
const OTHER = `p${'b'.repeat(32)}` as PeerId;
const START = 1_000_000;
const STEP = 1000;
/** Longer than a frame stand-in (no animation frames in Node), so every queued change is shown. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

let db: ChatDb;
let counter = 0;
let thread: ThreadState;

/** A received row as the change feed carries it; not stored, so it can only have come from the feed. */
function incoming(n: number, extra: Partial<ThreadMessage> = {}): ThreadMessage {
	const time = START + n * STEP;
	return { id: `feed-${n}`, conversationId: PEER, peerId: PEER, seq: n, text: `Feed #${n}`, authoredAt: time, time, unread: 1, direction: 'in', ...extra } as ThreadMessage;
}

/** The messenger as a thread uses it while reading: which conversation it says is watched. */
let watching: [peer: string, watching: boolean][] = [];
function messenger(extra: Partial<Messenger> = {}): Messenger {
	return { watchThread: (peer: string, on: boolean) => void watching.push([peer, on]), ...extra } as unknown as Messenger;
}

async function open(): Promise<ThreadState> {
	const state = new ThreadState(db, messenger(), PEER);
	await vi.waitFor(() => expect(state.ready).toBe(true));
	return state;
}

beforeEach(async () => {
	watching = [];
	db = new ChatDb(`thread-state-${++counter}`);
	await bulkSeed(db, { conversationId: PEER, count: 300, start: START, step: STEP });
	thread = await open();
});

afterEach(async () => {
	thread.close();
	db.close();
	await db.delete();
});

describe('ThreadState following the change feed', () => {
	it('opens on the newest rows', () => {
		expect(thread.tail).toHaveLength(LIVE_WINDOW);
		expect(thread.tail.at(-1)?.text).toBe('History #299');
		expect(thread.hasOlder).toBe(true);
	});

	it('appends a published row without reading the database', async () => {
		const reads = vi.spyOn(db.receiver, 'where');
		db.changes.publish({ messages: [incoming(300)] });
		await settle();
		expect(thread.tail.at(-1)?.text).toBe('Feed #300');
		expect(reads).not.toHaveBeenCalled();
	});

	it('shows an arrival before its commit, keeps it once committed, and drops it when withdrawn', async () => {
		db.previews.publish({ rows: [incoming(300), incoming(301)] });
		await settle();
		expect(thread.tail.slice(-2).map((row) => row.text)).toEqual(['Feed #300', 'Feed #301']);
		db.changes.publish({ messages: [incoming(300)] });
		db.previews.publish({ rows: [], withdrawn: ['feed-300', 'feed-301'] });
		await settle();
		expect(thread.tail.at(-1)?.text).toBe('Feed #300');
		// Another conversation's arrivals are not this thread's.
		db.previews.publish({ rows: [incoming(302, { conversationId: OTHER })] });
		await settle();
		expect(thread.tail.at(-1)?.text).toBe('Feed #300');
	});

	it('replaces a changed row in place (an edit) and keeps the others', async () => {
		const before = thread.tail;
		const target = before.at(-2)!;
		db.changes.publish({ messages: [{ ...target, text: 'edited' } as ThreadMessage] });
		await settle();
		expect(thread.tail).toHaveLength(before.length);
		expect(thread.tail.at(-2)?.text).toBe('edited');
		expect(thread.tail.at(-1)).toBe(before.at(-1));
		expect(thread.tail[0]).toBe(before[0]);
	});

	it('places a row stamped before the end where its time says', async () => {
		db.changes.publish({ messages: [incoming(298.5)] });
		await settle();
		expect(thread.tail.slice(-3).map((row) => row.text)).toEqual(['History #298', 'Feed #298.5', 'History #299']);
	});

	it('ignores other conversations', async () => {
		const before = thread.tail;
		db.changes.publish({ messages: [{ ...incoming(400), conversationId: OTHER } as ThreadMessage] });
		await settle();
		expect(thread.tail).toBe(before);
	});

	it('reads the conversation again when it was cleared', async () => {
		db.changes.publish({ messages: [incoming(300)] });
		await settle();
		db.changes.publish({ messages: [], cleared: [PEER] });
		await vi.waitFor(() => expect(thread.tail.at(-1)?.text).toBe('History #299'));
	});

	it('keeps changes published while the opening read runs', async () => {
		const early = new ThreadState(db, messenger(), PEER);
		db.changes.publish({ messages: [incoming(300)] });
		await vi.waitFor(() => expect(early.ready).toBe(true));
		await settle();
		expect(early.tail.at(-1)?.text).toBe('Feed #300');
		early.close();
	});

	it('shows acks and edits on an older page too', async () => {
		await thread.loadOlder();
		const page = thread.pages[0]!;
		const old = page.rows[5]!;
		db.changes.publish({ messages: [{ ...old, text: 'edited long ago' } as ThreadMessage] });
		await settle();
		expect(thread.pages[0]!.rows[5]!.text).toBe('edited long ago');
	});

	it('stops following once closed', async () => {
		thread.close();
		const before = thread.tail;
		db.changes.publish({ messages: [incoming(300)] });
		await settle();
		expect(thread.tail).toBe(before);
	});

	it('stops having arrivals stored read once closed', () => {
		thread.watch(true);
		thread.close();
		expect(watching).toEqual([
			[PEER, true],
			[PEER, false]
		]);
	});
});

describe('ThreadState marking read', () => {
	const MARK_READ_WAIT_MS = 400;
	it('writes nothing when nothing shown is unread, and shows the read state once committed', async () => {
		const markRead = vi.fn(() => Promise.resolve());
		const reader = new ThreadState(db, messenger({ markRead }), PEER);
		await vi.waitFor(() => expect(reader.ready).toBe(true));
		reader.markRead();
		await new Promise((resolve) => setTimeout(resolve, MARK_READ_WAIT_MS));
		expect(markRead).not.toHaveBeenCalled();
		db.changes.publish({ messages: [incoming(300), incoming(301)] });
		await settle();
		reader.markRead();
		reader.markRead();
		await vi.waitFor(() => expect(reader.tail.slice(-2).map((row) => row.direction === 'in' && row.unread)).toEqual([0, 0]));
		expect(markRead).toHaveBeenCalledTimes(1);
		reader.close();
	});
});

describe('ThreadState memory over a long open session', () => {
	it('holds a bounded number of rows after 20k arrivals while following the newest', async () => {
		for (let n = 300; n < 20_300; n += 500) {
			db.changes.publish({ messages: Array.from({ length: 500 }, (_, i) => incoming(n + i)) });
			await settle();
			// What the message list does after each render.
			if (thread.tail.length >= TAIL_COMPACT_AT) thread.compactTail(true);
		}
		expect(thread.messages.length).toBeLessThan(TAIL_COMPACT_AT + 500);
		expect(thread.pages).toHaveLength(0);
		expect(thread.tail.at(-1)?.text).toBe('Feed #20299');
		expect(thread.hasOlder).toBe(true);
	}, 30_000);

	it('keeps at most MAX_PAGES pages while the reader stays above the tail', async () => {
		for (let n = 300; n < 20_300; n += 500) {
			db.changes.publish({ messages: Array.from({ length: 500 }, (_, i) => incoming(n + i)) });
			await settle();
			if (thread.tail.length >= TAIL_COMPACT_AT) thread.compactTail(false);
		}
		expect(thread.pages.length).toBeLessThanOrEqual(MAX_PAGES);
		const times = thread.messages.map((row) => row.time);
		expect(times).toEqual([...times].sort((a, b) => a - b));
	}, 30_000);
});
