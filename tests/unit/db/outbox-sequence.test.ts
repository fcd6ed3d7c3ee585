import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import { lastSentSequence, pendingFor, restoreOutgoing } from '../../../src/lib/db/queries';
import type { SentRow } from '../../../src/lib/db/schema';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

const BOB = 'bob' as PeerId;
let dbCounter = 0;
const sent = (seq: number, status: SentRow['status']): SentRow => ({ id: newMessageId(), conversationId: BOB, peerId: BOB, seq, text: `m${seq}`, time: seq, status });

describe('the next sequence number to a contact from before lastSentSeq', () => {
	it('builds on the newest row, whether it is still pending or already sent', async () => {
		const db = new ChatDb(`outbox-sequence-${++dbCounter}`);
		await db.users.add({ peerId: BOB, name: 'Bob', state: 'contact', addedAt: 0, lastActivity: 0 });
		await db.sender.bulkAdd([sent(1, 'sent'), sent(2, 'pending'), sent(3, 'sent')]);
		expect(await lastSentSequence(db, BOB)).toBe(3);
		await db.sender.add(sent(4, 'pending'));
		expect(await lastSentSequence(db, BOB)).toBe(4);
		expect(await lastSentSequence(db, 'carol' as PeerId)).toBe(0);
	});

	it('keeps every row of a version 4 database, and its outbox, after the upgrade that drops [conversationId+seq]', async () => {
		const name = `outbox-sequence-upgrade-${++dbCounter}`;
		const old = new Dexie(name);
		old.version(4).stores({
			identity: 'key',
			users: 'peerId, lastActivity',
			sender: 'id, [conversationId+time], [conversationId+seq], [peerId+status+seq], time',
			receiver: 'id, [conversationId+time], [conversationId+unread], [conversationId+peerId+seq], time',
			settings: 'key',
			searchIndex: 'key',
			edits: 'id, [peerId+status+time]',
			editHistory: 'id, [target+version]'
		});
		await old.table('sender').bulkAdd([sent(1, 'sent'), sent(2, 'pending')]);
		old.close();
		const db = new ChatDb(name);
		expect(await db.sender.count()).toBe(2);
		expect((await pendingFor(db, BOB)).map((row) => row.seq)).toEqual([2]);
		expect(await lastSentSequence(db, BOB)).toBe(2);
		expect(db.sender.schema.indexes.map((index) => index.name)).not.toContain('[conversationId+seq]');
	});
});

describe('messages restored from the send journal (a tab died before their write)', () => {
	it('are stored pending once each, raise each contact’s next number past them, and reach the feed', async () => {
		const db = new ChatDb(`outbox-sequence-${++dbCounter}`);
		const CAROL = 'carol' as PeerId;
		await db.users.bulkAdd([
			{ peerId: BOB, name: 'Bob', state: 'contact', addedAt: 0, lastActivity: 0, lastSentSeq: 4 },
			{ peerId: CAROL, name: 'Carol', state: 'contact', addedAt: 0, lastActivity: 0, lastSentSeq: 9 }
		]);
		const stored = sent(3, 'sent');
		await db.sender.add(stored);
		const lost = [sent(5, 'sent'), sent(6, 'sent')];
		const carols = { ...sent(8, 'sent'), conversationId: CAROL, peerId: CAROL };
		const feed: StoredChanges[] = [];
		db.changes.subscribe((changes) => feed.push(changes));
		expect(await restoreOutgoing(db, [stored, lost[0]!, lost[1]!, lost[0]!, carols])).toBe(3);
		expect((await pendingFor(db, BOB)).map((row) => row.seq)).toEqual([5, 6]);
		expect(await db.sender.get(stored.id)).toMatchObject({ status: 'sent' });
		expect((await db.users.get(BOB))?.lastSentSeq).toBe(6);
		expect((await db.users.get(CAROL))?.lastSentSeq).toBe(9);
		expect(feed).toHaveLength(1);
		expect(feed[0]!.messages.map((m) => [m.id, m.direction === 'out' && m.status])).toEqual([
			[lost[0]!.id, 'pending'],
			[lost[1]!.id, 'pending'],
			[carols.id, 'pending']
		]);
		expect(feed[0]!.users?.map((user) => [user.peerId, user.lastSentSeq])).toEqual([
			[BOB, 6],
			[CAROL, 9]
		]);
		expect(await restoreOutgoing(db, [])).toBe(0);
	});
});
