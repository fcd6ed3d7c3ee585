import { beforeAll, describe, expect, it } from 'vitest';
import { deleteGroup } from '../../../src/lib/db/group-delete';
import { recordOwnGroupChange } from '../../../src/lib/db/group-edits';
import { storeGroupMessage } from '../../../src/lib/db/group-inbox';
import { recordOutgoingGroupMessage } from '../../../src/lib/db/group-outbox';
import { applyGroupOp } from '../../../src/lib/db/group-store';
import { editHistoryOf } from '../../../src/lib/db/edit-queries';
import type { GroupId } from '../../../src/lib/group/group-ids';
import type { MessageId } from '../../../src/lib/ids/message-id';
import { cast, createGroup, type Cast } from '../group/group-fixtures';
import { freshDb, signed } from './group-db-fixtures';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

/** Alice's device in her group with Bob and Carol. */
async function alicesDevice() {
	const db = freshDb();
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
	await applyGroupOp(db, c.alice.peerId, create, 10);
	return { db, g: create.group };
}

const versions = (db: ReturnType<typeof freshDb>, id: MessageId) => editHistoryOf(db, id).then((rows) => rows.map((row) => [row.version, row.text, row.author]));

/** Alice edits her own message `target` (at `version`) into `text`, as seq `seq`. */
function ownEdit(db: ReturnType<typeof freshDb>, g: GroupId, seq: number, target: MessageId, version: number, text: string) {
	const frame = signed(c.sodium, c.alice, g, seq, { kind: 'edit', target, version: version + 1, text }).frame;
	return recordOwnGroupChange(db, c.alice.peerId, frame, version, 100 + seq);
}

describe('edit history of group messages', () => {
	it('my own edits keep every version, the original first, as in a direct thread; a delete wipes them', async () => {
		const { db, g } = await alicesDevice();
		const original = signed(c.sodium, c.alice, g, 1, 'meet at 5').frame;
		await recordOutgoingGroupMessage(db, c.alice.peerId, original, 20);
		expect((await ownEdit(db, g, 2, original.id, 0, 'meet at 6')).ok).toBe(true);
		expect((await ownEdit(db, g, 3, original.id, 1, 'meet at 7')).ok).toBe(true);
		expect(await versions(db, original.id)).toEqual([
			[0, 'meet at 5', 'self'],
			[1, 'meet at 6', 'self'],
			[2, 'meet at 7', 'self']
		]);
		const remove = signed(c.sodium, c.alice, g, 4, { kind: 'delete', target: original.id }).frame;
		expect((await recordOwnGroupChange(db, c.alice.peerId, remove, 2, 200)).ok).toBe(true);
		expect(await versions(db, original.id)).toEqual([]);
	});

	it('a member’s edits keep their versions under the author; deleting the group leaves none behind', async () => {
		const { db, g } = await alicesDevice();
		const original = signed(c.sodium, c.bob, g, 1, 'hello');
		await storeGroupMessage(db, original, c.bob.peerId, 20);
		await storeGroupMessage(db, signed(c.sodium, c.bob, g, 2, { kind: 'edit', target: original.frame.id, version: 1, text: 'hello all' }), c.bob.peerId, 30);
		expect(await versions(db, original.frame.id)).toEqual([
			[0, 'hello', c.bob.peerId],
			[1, 'hello all', c.bob.peerId]
		]);
		await deleteGroup(db, g);
		expect(await db.editHistory.count()).toBe(0);
	});

	it('a member’s delete wipes the versions of their message', async () => {
		const { db, g } = await alicesDevice();
		const original = signed(c.sodium, c.bob, g, 1, 'oops');
		await storeGroupMessage(db, original, c.bob.peerId, 20);
		await storeGroupMessage(db, signed(c.sodium, c.bob, g, 2, { kind: 'edit', target: original.frame.id, version: 1, text: 'oops!' }), c.bob.peerId, 30);
		await storeGroupMessage(db, signed(c.sodium, c.bob, g, 3, { kind: 'delete', target: original.frame.id }), c.bob.peerId, 40);
		expect(await versions(db, original.frame.id)).toEqual([]);
	});
});
