import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import {
	bulkSeed,
	conversationSpan,
	latestMessages,
	messagePlace,
	messagesBetween,
	newerPage,
	olderPage,
	openThread
} from '../../../src/lib/db/queries';
import type { ReceivedRow, ThreadMessage } from '../../../src/lib/db/schema';
import type { PeerId } from '../../../src/lib/ids/peer-id';

const PEER = `p${'a'.repeat(32)}` as PeerId;
const OTHER = `p${'b'.repeat(32)}` as PeerId;
const START = 1_000_000;
const STEP = 1000;
const texts = (rows: ThreadMessage[]) => rows.map((row) => row.text.split(' ')[1] ?? '');
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `#${from + i}`);

let db: ChatDb;
let counter = 0;

beforeEach(async () => {
	db = new ChatDb(`history-${++counter}`);
	await bulkSeed(db, { conversationId: PEER, count: 1000, start: START, step: STEP });
	await bulkSeed(db, { conversationId: OTHER, count: 50, start: START, step: STEP });
});

afterEach(async () => {
	db.close();
	await db.delete();
});

describe('bulkSeed', () => {
	it('writes both directions in order and makes the contact', async () => {
		const latest = await latestMessages(db, PEER, 3);
		expect(texts(latest)).toEqual(['#997', '#998', '#999']);
		expect(latest.map((row) => row.direction)).toEqual(['in', 'in', 'out']);
		const user = await db.users.get(PEER);
		expect(user?.lastActivity).toBe(START + 999 * STEP);
		expect(user?.lastSentSeq).toBeUndefined();
		expect(latest.every((row) => row.seq < 0)).toBe(true);
	});

	it('publishes its rows and the contact row, so an open thread and the conversation list (which follow the feed) show them', async () => {
		const users: unknown[] = [];
		const messages: string[] = [];
		db.changes.subscribe((changes) => {
			users.push(...(changes.users ?? []));
			messages.push(...changes.messages.map((row) => `${row.direction} ${row.text}`));
		});
		await bulkSeed(db, { conversationId: 'third-peer' as PeerId, count: 3, firstIndex: 1, start: START, step: STEP, name: 'Third' });
		expect(users).toMatchObject([{ peerId: 'third-peer', name: 'Third', lastActivity: START + 2 * STEP }]);
		expect(messages.sort()).toEqual(['in History #1', 'in History #2', 'out History #3']);
	});
});

describe('paging through a conversation', () => {
	it('opens on the newest rows and starts the live tail at the oldest of them', async () => {
		const opening = await openThread(db, PEER, 120);
		expect(texts(opening.rows)).toEqual(range(880, 1000));
		expect(opening.since).toBe(START + 880 * STEP);
		expect(opening.hasOlder).toBe(true);
		const short = await openThread(db, OTHER, 120);
		expect(short.rows).toHaveLength(50);
		expect(short).toMatchObject({ since: -Infinity, hasOlder: false });
	});

	it('walks back in contiguous pages with no gaps or repeats, down to the first message', async () => {
		const { since } = await openThread(db, PEER, 120);
		let before = since;
		const seen: string[] = [];
		for (;;) {
			const page = await olderPage(db, PEER, before, 100);
			expect(await messagesBetween(db, PEER, page.from, before)).toEqual(page.rows);
			seen.unshift(...texts(page.rows));
			if (!page.hasOlder) break;
			before = page.from;
		}
		expect(seen).toEqual(range(0, 880));
	});

	it('pages forward from any time until it joins the live tail', async () => {
		const { since } = await openThread(db, PEER, 120);
		const first = await newerPage(db, PEER, START + 500 * STEP - 1, 100, since);
		expect(texts(first.rows)).toEqual(range(500, 600));
		expect(first).toMatchObject({ to: START + 600 * STEP, reachesEnd: false });
		let from = first.to;
		let pages = 1;
		for (;;) {
			const page = await newerPage(db, PEER, from, 100, since);
			pages++;
			if (page.reachesEnd) {
				expect(page.to).toBe(since);
				expect(texts(page.rows).at(-1)).toBe('#879');
				break;
			}
			from = page.to;
		}
		expect(pages).toBe(4);
	});

	it('keeps rows that share a time together in one page', async () => {
		const tied = `p${'c'.repeat(32)}` as PeerId;
		// Five rows at one time, then more: the page boundary must not split the tie.
		const times = [500, 500, 500, 500, 500, 600, 610, 620];
		await db.receiver.bulkAdd(
			times.map((time, i) => ({ id: `tie-${i}` as ReceivedRow['id'], conversationId: tied, peerId: tied, seq: i + 1, text: `t${i}`, authoredAt: time, time, unread: 0 as const }))
		);
		const forward = await newerPage(db, tied, -Infinity, 3, Infinity);
		expect(forward.rows.map((row) => row.time)).toEqual([500, 500, 500, 500, 500]);
		expect(forward.to).toBe(600);
		const back = await olderPage(db, tied, 601, 3);
		expect(back.rows.map((row) => row.time)).toEqual([500, 500, 500, 500, 500, 600]);
	});

	it('places a message and spans a conversation', async () => {
		expect(await messagePlace(db, 'seed-paaaaaaaaaaa-000042')).toEqual({ conversationId: PEER, time: START + 42 * STEP });
		expect(await messagePlace(db, 'nope')).toBeNull();
		expect(await conversationSpan(db, OTHER)).toEqual({ first: START, last: START + 49 * STEP });
		expect(await conversationSpan(db, 'nobody')).toBeNull();
	});
});
