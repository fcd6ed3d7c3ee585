import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredChanges } from '../../../src/lib/db/change-feed';
import { deleteGroup } from '../../../src/lib/db/group-delete';
import { storeGroupMessage } from '../../../src/lib/db/group-inbox';
import { markGroupAcked, recordOutgoingGroupMessage } from '../../../src/lib/db/group-outbox';
import { applyGroupOp } from '../../../src/lib/db/group-store';
import { cast, createGroup, Writer, type Cast } from '../group/group-fixtures';
import { freshDb, signed, tableCounts } from './group-db-fixtures';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

describe('deleting a group', () => {
	it('removes everything of it (row, ops, log, messages both ways, delivery rows) and nothing of another group', async () => {
		const db = freshDb();
		const feed: StoredChanges[] = [];
		db.changes.subscribe((changes) => feed.push(changes));
		const other = createGroup(c.sodium, c.bob, [c.alice]);
		await applyGroupOp(db, c.alice.peerId, other, 5);
		await storeGroupMessage(db, signed(c.sodium, c.bob, other.group, 1, 'keep me'), c.bob.peerId, 6);
		const kept = await tableCounts(db);

		const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
		const g = create.group;
		await applyGroupOp(db, c.alice.peerId, create, 10);
		const mine = signed(c.sodium, c.alice, g, 1, 'mine').frame;
		await recordOutgoingGroupMessage(db, c.alice.peerId, mine, 20);
		await markGroupAcked(db, c.bob.peerId, [mine.id], 21);
		await storeGroupMessage(db, signed(c.sodium, c.bob, g, 1, 'theirs'), c.bob.peerId, 30);
		// Carol leaves after her copy was acked: her delivery row must go too.
		await markGroupAcked(db, c.carol.peerId, [mine.id], 31);
		await applyGroupOp(db, c.alice.peerId, new Writer(c.sodium, c.carol, g, [create]).write({ kind: 'leave' }), 40);

		const removed = await deleteGroup(db, g);
		expect(removed).toHaveLength(2);
		expect(removed).toContain(mine.id);
		expect(await tableCounts(db)).toEqual(kept);
		expect(feed.at(-1)?.cleared).toEqual([g]);
	});
});
