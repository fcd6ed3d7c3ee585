import { describe, expect, it } from 'vitest';
import { fromPost, toPost } from '../../../src/lib/app/mirrored-changes';
import { ChangeFeed } from '../../../src/lib/db/change-feed';
import type { ThreadMessage } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { QuoteBook, ReplyDraft, snippet } from '../../../src/lib/state/reply-draft.svelte';

const BOB = 'pbobbobbobbobbobbobbobbobbobbobbobbobbobbobbo' as PeerId;
const original = (id: MessageId, text: string, extra: Partial<ThreadMessage> = {}): ThreadMessage =>
	({ id, conversationId: BOB, peerId: BOB, seq: 1, text, authoredAt: 1, time: 1, unread: 0, direction: 'in', ...extra }) as ThreadMessage;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('quotes come from this device\'s own copy and follow it', () => {
	it('reads an original once, then follows its edits and its deletion from the change feed', async () => {
		const feed = new ChangeFeed();
		const id = newMessageId();
		let reads = 0;
		const book = new QuoteBook(feed, async () => (reads++, original(id, 'lunch?')));
		expect(book.get(id)).toBeUndefined();
		await settle();
		expect(book.get(id)?.text).toBe('lunch?');
		feed.publish({ messages: [original(id, 'lunch at noon?', { version: 1 })] });
		expect(book.get(id)?.text).toBe('lunch at noon?');
		feed.publish({ messages: [original(id, '', { deletedAt: 5 })] });
		expect(book.get(id)?.deletedAt).toBe(5);
		expect(reads).toBe(1);
	});

	it('says "missing" for an original this device does not have, and reads again after a clear', async () => {
		const feed = new ChangeFeed();
		const id = newMessageId();
		let stored: ThreadMessage | null = original(id, 'hi');
		const book = new QuoteBook(feed, async () => stored);
		book.get(id);
		await settle();
		expect(book.get(id)?.text).toBe('hi');
		stored = null;
		feed.publish({ messages: [], cleared: [BOB] });
		book.get(id);
		await settle();
		expect(book.get(id)).toBeNull();
	});
});

describe('the reply draft', () => {
	it('belongs to one conversation and is cancelled by the user', () => {
		const draft = new ReplyDraft();
		draft.start(original(newMessageId(), 'hi'));
		expect(draft.in(BOB)?.text).toBe('hi');
		expect(draft.in('pother')).toBeNull();
		draft.cancel();
		expect(draft.in(BOB)).toBeNull();
	});

	it('shows a one-line snippet of a long original', () => {
		expect(snippet('a\n\nb   c')).toBe('a b c');
		expect(snippet('x'.repeat(500))).toHaveLength(120);
	});
});

describe('other tabs', () => {
	it('receive replies and tombstones as they are (the mirror keeps their fields)', () => {
		const reply = original(newMessageId(), 'yes', { replyTo: newMessageId() });
		const tombstone = original(newMessageId(), '', { deletedAt: 9, deleteId: newMessageId() } as Partial<ThreadMessage>);
		const mirrored = fromPost(toPost({ messages: [reply, tombstone] }));
		expect(mirrored?.messages).toEqual([reply, tombstone]);
	});
});
