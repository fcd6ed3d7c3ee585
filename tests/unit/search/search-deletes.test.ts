import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { applyIncomingDelete, deleteForMe, storeIncoming } from '../../../src/lib/db/queries';
import type { ReceivedRow, UserRow } from '../../../src/lib/db/schema';
import { newMessageId, type MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { SearchClient } from '../../../src/lib/search/search-client';
import { SearchState } from '../../../src/lib/state/search-state.svelte';
import { InProcessWorker } from './in-process-worker';

// A deleted message's words stop finding it: deleted for everyone (a tombstone re-indexed
// without text) or for me (the row is gone; the count check drops it from the index).

const BOB = 'pbobbobbobbobbobbobbobbobbobbobbobbobbobbobbo' as PeerId;
let counter = 0;
let clock = Date.now();
const cleanup: (() => Promise<void> | void)[] = [];
const WAIT = { timeout: 5_000 };
const bob = (): UserRow => ({ peerId: BOB, name: 'Bob', state: 'contact', addedAt: 0, lastActivity: 0 });

afterEach(async () => {
	for (const step of cleanup.splice(0)) await step();
});

async function receive(db: ChatDb, text: string): Promise<MessageId> {
	const id = newMessageId(++clock);
	const row: ReceivedRow = { id, conversationId: BOB, peerId: BOB, seq: clock, text, authoredAt: clock, time: clock, unread: 1 };
	await storeIncoming(db, row, bob);
	return id;
}

describe('search after deletes', () => {
	it('forgets a message deleted for everyone and one deleted for me', async () => {
		const db = new ChatDb(`search-deletes-${++counter}`);
		await db.users.add(bob());
		const search = new SearchState(db, new SearchClient(new InProcessWorker()));
		cleanup.push(
			() => search.dispose(),
			() => db.delete()
		);
		await search.start();
		const gone = await receive(db, 'the umbrella is in the car');
		const mine = await receive(db, 'umbrella stand by the door');
		search.setQuery('umbrella');
		await vi.waitFor(() => expect(search.results.map((r) => r.id).sort()).toEqual([gone, mine].sort()), WAIT);

		expect(await applyIncomingDelete(db, { id: newMessageId(++clock), target: gone, author: BOB, authoredAt: clock, now: clock })).toBe('applied');
		await vi.waitFor(() => expect(search.results.map((r) => r.id)).toEqual([mine]), WAIT);

		expect(await deleteForMe(db, mine)).toBe(true);
		await vi.waitFor(() => expect(search.results).toEqual([]), WAIT);
	});
});
