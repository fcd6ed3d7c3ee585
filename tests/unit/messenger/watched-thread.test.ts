import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import { createIdentity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import type { HandlerContext } from '../../../src/lib/messenger/context';
import { handleMessages } from '../../../src/lib/messenger/handlers';
import { WatchedThread } from '../../../src/lib/messenger/watched-thread';
import type { MessageFrame } from '../../../src/lib/protocol/frames';

// A conversation the reader watches (open, following, visible) stores what arrives already
// read: no mark-read rewrite follows, and its unread count never rises.

let dbCounter = 0;
let seq = 0;

function message(text: string): MessageFrame {
	return { t: 'msg', id: newMessageId(Date.now()), seq: ++seq, ts: Date.now(), body: { kind: 'text', text } };
}

async function scene() {
	const sodium = await loadSodium();
	const [carol, dave] = [createIdentity(sodium).peerId, createIdentity(sodium).peerId];
	const db = new ChatDb(`watched-${++dbCounter}`);
	let clock = 1_000_000;
	const watched = new WatchedThread();
	const context: HandlerContext = {
		db,
		identity: createIdentity(sodium),
		log: { reject() {}, info() {} },
		now: () => ++clock,
		announcedNames: new Map(),
		verifiedKeys: new Map(),
		acknowledge() {},
		refused() {},
		acknowledged() {},
		settled: () => null,
		watched
	};
	const published: StoredChanges[] = [];
	db.changes.subscribe((changes) => void published.push(changes));
	const unreadOf = async (peer: PeerId) => ({
		count: (await db.users.get(peer))?.unread,
		rows: (await db.receiver.where('conversationId').equals(peer).toArray()).map((row) => row.unread)
	});
	return { db, carol, dave, context, watched, published, unreadOf };
}

describe('arrivals in the watched conversation', () => {
	it('are stored read, and the count of that conversation stays at zero', async () => {
		const { carol, context, watched, published, unreadOf } = await scene();
		watched.set(carol, true);
		await handleMessages(context, carol, [message('one'), message('two')]);
		expect(await unreadOf(carol)).toEqual({ count: 0, rows: [0, 0] });
		// The feed tells the list and the notifier they are read: nothing to announce.
		expect(published.flatMap((changes) => changes.messages.map((row) => row.direction === 'in' && row.unread))).toEqual([0, 0]);
	});

	it('leave every other conversation counting unread', async () => {
		const { carol, dave, context, watched, unreadOf } = await scene();
		watched.set(carol, true);
		await handleMessages(context, dave, [message('elsewhere')]);
		expect(await unreadOf(dave)).toEqual({ count: 1, rows: [1] });
	});

	it('count as unread again once the reader stops watching', async () => {
		const { carol, context, watched, unreadOf } = await scene();
		watched.set(carol, true);
		await handleMessages(context, carol, [message('seen')]);
		watched.set(carol, false);
		await handleMessages(context, carol, [message('not seen')]);
		expect(await unreadOf(carol)).toEqual({ count: 1, rows: [0, 1] });
	});

	it('follow only the latest conversation watched: opening another one ends the first', async () => {
		const { carol, dave, context, watched, unreadOf } = await scene();
		watched.set(carol, true);
		watched.set(dave, true);
		// Carol's list going away after Dave's opened must not stop Dave's.
		watched.set(carol, false);
		await handleMessages(context, carol, [message('to carol')]);
		await handleMessages(context, dave, [message('to dave')]);
		expect(await unreadOf(carol)).toEqual({ count: 1, rows: [1] });
		expect(await unreadOf(dave)).toEqual({ count: 0, rows: [0] });
	});
});
