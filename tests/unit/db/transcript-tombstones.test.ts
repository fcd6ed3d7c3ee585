import { beforeAll, describe, expect, it } from 'vitest';
import { recordOwnGroupChange } from '../../../src/lib/db/group-edits';
import { storeGroupMessage } from '../../../src/lib/db/group-inbox';
import { recordOutgoingGroupMessage } from '../../../src/lib/db/group-outbox';
import { applyGroupOp } from '../../../src/lib/db/group-store';
import { cast, createGroup, type Cast } from '../group/group-fixtures';
import { freshDb, signed } from './group-db-fixtures';

// A transcript is made from the audio: a group message deleted for everyone keeps no trace of it
// (the direct-thread tombstones are covered in tests/unit/state/transcripts.test.ts).

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

async function alicesDevice() {
	const db = freshDb();
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol]);
	await applyGroupOp(db, c.alice.peerId, create, 10);
	return { db, g: create.group };
}

const heard = { state: 'done', text: 'the secret plan' } as const;

describe('group tombstones and transcripts', () => {
	it('my own group message deleted for everyone loses its transcript', async () => {
		const { db, g } = await alicesDevice();
		const original = signed(c.sodium, c.alice, g, 1, 'voice').frame;
		await recordOutgoingGroupMessage(db, c.alice.peerId, original, 20);
		await db.sender.update(original.id, { transcript: heard });
		const remove = signed(c.sodium, c.alice, g, 2, { kind: 'delete', target: original.id }).frame;
		expect((await recordOwnGroupChange(db, c.alice.peerId, remove, 0, 200)).ok).toBe(true);
		const row = await db.sender.get(original.id);
		expect(row?.deletedAt).toBeDefined();
		expect(row?.transcript).toBeUndefined();
	});

	it('a member’s group message deleted by its author loses its transcript here', async () => {
		const { db, g } = await alicesDevice();
		const original = signed(c.sodium, c.bob, g, 1, 'voice');
		await storeGroupMessage(db, original, c.bob.peerId, 20);
		await db.receiver.update(original.frame.id, { transcript: heard });
		await storeGroupMessage(db, signed(c.sodium, c.bob, g, 2, { kind: 'delete', target: original.frame.id }), c.bob.peerId, 40);
		const row = await db.receiver.get(original.frame.id);
		expect(row?.deletedAt).toBeDefined();
		expect(row?.transcript).toBeUndefined();
	});
});
