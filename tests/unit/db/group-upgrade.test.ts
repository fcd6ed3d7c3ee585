import Dexie from 'dexie';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { listStrayData } from '../../../src/lib/db/conversation-delete';
import { storeGroupMessage } from '../../../src/lib/db/group-inbox';
import { applyGroupOp } from '../../../src/lib/db/group-store';
import { pendingFor } from '../../../src/lib/db/outbox-queries';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { cast, createGroup, type Cast } from '../group/group-fixtures';
import { freshDb, signed } from './group-db-fixtures';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});
const opened: Dexie[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

/** Version 7 as shipped before groups: every table with its indexes. */
const V7 = {
	identity: 'key',
	users: 'peerId, lastActivity',
	sender: 'id, [conversationId+time], [peerId+status+seq], time',
	receiver: 'id, [conversationId+time], [conversationId+unread], [conversationId+peerId+seq], time',
	settings: 'key',
	searchIndex: 'key',
	edits: 'id, [peerId+status+time], target',
	editHistory: 'id, [target+version]',
	deliveryMarks: 'peerId'
};

describe('schema version 8 (groups)', () => {
	it('upgrades a version 7 database keeping every row of every table; the direct outbox works as before', async () => {
		const name = 'group-upgrade-v7';
		const old = new Dexie(name);
		old.version(7).stores(V7);
		const bob = c.bob.peerId;
		const sent = { id: newMessageId(1), conversationId: bob, peerId: bob, seq: 1, text: 'to bob', time: 1, status: 'pending' };
		const rows: Record<string, object[]> = {
			identity: [{ key: 'self', publicKey: c.alice.publicKey, secretKey: c.alice.secretKey, displayName: 'Alice', createdAt: 1 }],
			users: [{ peerId: bob, name: 'Bob', state: 'contact', addedAt: 1, lastActivity: 2, unread: 1, lastSentSeq: 1 }],
			sender: [sent],
			receiver: [{ id: newMessageId(2), conversationId: bob, peerId: bob, seq: 1, text: 'from bob', authoredAt: 2, time: 2, unread: 1 }],
			settings: [{ key: 'theme', value: 'dark' }],
			edits: [{ id: newMessageId(3), target: sent.id, peerId: bob, version: 1, text: 'to bob!', time: 3, status: 'pending' }],
			editHistory: [{ id: 'e1', target: sent.id, author: 'self', version: 0, text: 'to bob', time: 1 }],
			deliveryMarks: [{ peerId: bob, sentThrough: 0 }]
		};
		for (const [table, list] of Object.entries(rows)) await old.table(table).bulkAdd(list);
		old.close();

		const db = new ChatDb(name);
		opened.push(db);
		for (const [table, list] of Object.entries(rows)) expect(await db.table(table).toArray()).toEqual(list);
		expect((await pendingFor(db, bob)).map((row) => row.id)).toEqual([sent.id]);
		for (const table of [db.groups, db.groupOps, db.groupFrames, db.groupDelivery]) expect(await table.count()).toBe(0);
		const create = createGroup(c.sodium, c.alice, [c.bob]);
		expect((await applyGroupOp(db, c.alice.peerId, create, 10)).ok).toBe(true);
	});

	it("a group's messages are not stray data: they belong to a conversation the user sees and can delete", async () => {
		const db = freshDb();
		const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
		await applyGroupOp(db, c.bob.peerId, create, 10);
		await storeGroupMessage(db, signed(c.sodium, c.carol, create.group, 1, 'hi'), c.carol.peerId, 20);
		expect(await listStrayData(db)).toEqual([]);
	});
});
