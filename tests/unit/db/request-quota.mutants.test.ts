import { afterEach, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { REQUEST_MAX_MESSAGES, REQUEST_MAX_TEXT_CHARS, REQUESTS_MAX_PEERS } from '../../../src/lib/db/inbound-rules';
import { storeIncomingBatch } from '../../../src/lib/db/queries';
import type { ReceivedRow, UserRow } from '../../../src/lib/db/schema';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

// A stranger's messages (a request) are capped by what is ALREADY stored, not only within one
// batch: a request that comes back later, or after other requests filled the shared share, is
// refused at the same line. inbox-store.test.ts checks the caps within one batch; these check
// the count read back from the database at the start of each batch.

const BOB = 'pbob' as PeerId;
let dbCounter = 0;
const opened: ChatDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

function fresh(): ChatDb {
	const db = new ChatDb(`request-quota-${++dbCounter}`);
	opened.push(db);
	return db;
}

let idClock = 1_800_000_000_000;
const user = (peerId: PeerId, state: UserRow['state'] = 'request'): UserRow => ({ peerId, name: peerId, state, addedAt: 0, lastActivity: 0 });
const message = (author: PeerId, seq: number, text = `m${seq}`): ReceivedRow => ({
	id: newMessageId(++idClock),
	conversationId: author,
	peerId: author,
	seq,
	text,
	authoredAt: 1_000 + seq,
	time: 1_000 + seq,
	unread: 1
});
const run = (author: PeerId, from: number, count: number) => Array.from({ length: count }, (_, i) => message(author, from + i));
const stored = (results: string[]) => results.filter((result) => result === 'stored').length;

/** Requests other than Bob's already holding `counts[i]` messages each. */
async function otherRequests(db: ChatDb, counts: number[], state: UserRow['state'] = 'request'): Promise<PeerId[]> {
	const peers = counts.map((_, i) => `pother${i}` as PeerId);
	await db.users.bulkPut(peers.map((peer) => user(peer, state)));
	await db.receiver.bulkAdd(peers.flatMap((peer, i) => run(peer, 1, counts[i]!)));
	return peers;
}

describe('a request coming back in a later batch', () => {
	it(`is refused past ${REQUEST_MAX_MESSAGES} messages counted from what it stored before`, async () => {
		const db = fresh();
		expect(stored(await storeIncomingBatch(db, run(BOB, 1, REQUEST_MAX_MESSAGES), () => user(BOB)))).toBe(REQUEST_MAX_MESSAGES);
		expect(await storeIncomingBatch(db, [message(BOB, REQUEST_MAX_MESSAGES + 1)], () => user(BOB))).toEqual(['over-quota']);
	});

	it('is refused past the character quota counted from the text it stored before', async () => {
		const db = fresh();
		const half = 'x'.repeat(REQUEST_MAX_TEXT_CHARS / 2);
		expect(await storeIncomingBatch(db, [message(BOB, 1, half), message(BOB, 2, half)], () => user(BOB))).toEqual(['stored', 'stored']);
		expect(await storeIncomingBatch(db, [message(BOB, 3, 'y')], () => user(BOB))).toEqual(['over-quota']);
	});

	it('counts the text of its stored edits against the character quota', async () => {
		const db = fresh();
		await db.editHistory.add({ id: `${BOB}:e1:1`, target: newMessageId(1), author: BOB, version: 1, text: 'x'.repeat(REQUEST_MAX_TEXT_CHARS - 10), time: 1 });
		expect(await storeIncomingBatch(db, [message(BOB, 1, 'y'.repeat(8)), message(BOB, 2, 'y'.repeat(8))], () => user(BOB))).toEqual([
			'stored',
			'over-quota'
		]);
	});

	it(`may go on while ${REQUESTS_MAX_PEERS} other requests are stored, where a new requester may not`, async () => {
		const db = fresh();
		await storeIncomingBatch(db, [message(BOB, 1)], () => user(BOB));
		await otherRequests(db, Array.from({ length: REQUESTS_MAX_PEERS }, () => 1));
		expect(await storeIncomingBatch(db, [message(BOB, 2)], () => user(BOB))).toEqual(['stored']);
		const newcomer = 'pnew' as PeerId;
		expect(await storeIncomingBatch(db, [message(newcomer, 1)], () => user(newcomer))).toEqual(['over-quota']);
	});
});

describe('the share of all requests together', () => {
	it('counts what every request stored, its own messages once, and each message of the batch', async () => {
		const db = fresh();
		// 9 full requests and one with 10: 460 of 500; Bob has 10 of his own stored: 470.
		await otherRequests(db, [...Array.from({ length: 9 }, () => REQUEST_MAX_MESSAGES), 10]);
		await storeIncomingBatch(db, run(BOB, 1, 10), () => user(BOB));
		const results = await storeIncomingBatch(db, run(BOB, 11, REQUEST_MAX_MESSAGES), () => user(BOB));
		expect(stored(results)).toBe(30);
	});

	it("never counts a contact's messages against the requests' share", async () => {
		const db = fresh();
		await otherRequests(db, [480], 'contact');
		const results = await storeIncomingBatch(db, run(BOB, 1, REQUEST_MAX_MESSAGES), () => user(BOB));
		expect(stored(results)).toBe(REQUEST_MAX_MESSAGES);
	});
});
