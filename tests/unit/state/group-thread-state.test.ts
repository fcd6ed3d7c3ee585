import { beforeAll, describe, expect, it, vi } from 'vitest';
import { storeGroupMessage } from '../../../src/lib/db/group-inbox';
import { markGroupAcked, recordOutgoingGroupMessage } from '../../../src/lib/db/group-outbox';
import { applyGroupOp } from '../../../src/lib/db/group-store';
import type { ThreadMessage } from '../../../src/lib/db/schema';
import type { GroupApi } from '../../../src/lib/messenger/group-api';
import type { Messenger } from '../../../src/lib/messenger/messenger';
import { GroupThreadState, isSystemRow } from '../../../src/lib/state/group-thread-state.svelte';
import { cast, createGroup, Writer, type Cast } from '../group/group-fixtures';
import { freshDb, signed } from '../db/group-db-fixtures';

let c: Cast;
beforeAll(async () => {
	c = await cast();
});

const messenger = { watchThread: () => undefined } as unknown as Messenger;

/** Bob's device in Alice's group of four, with the thread open. */
async function bobsThread(api: Partial<GroupApi> = {}) {
	const db = freshDb();
	const create = createGroup(c.sodium, c.alice, [c.bob, c.carol, c.dave]);
	await applyGroupOp(db, c.bob.peerId, create, 10);
	const thread = new GroupThreadState(db, messenger, create.group, api as GroupApi);
	await vi.waitFor(() => expect(thread.ready).toBe(true));
	return { db, g: create.group, create, thread };
}

const kinds = (rows: readonly ThreadMessage[]) => rows.map((row) => (isSystemRow(row) ? `system:${row.system.frame.kind}` : `${row.direction}:${row.text}`));

describe('a group thread', () => {
	it('shows membership changes as system lines among the messages, in time order, and never as stored messages', async () => {
		const { db, g, create, thread } = await bobsThread();
		await vi.waitFor(() => expect(kinds(thread.messages)).toEqual(['system:create']));
		await storeGroupMessage(db, signed(c.sodium, c.alice, g, 1, 'hello'), c.alice.peerId, 20);
		const alice = new Writer(c.sodium, c.alice, g, [create]);
		await applyGroupOp(db, c.bob.peerId, alice.write({ kind: 'remove', member: c.dave.peerId }), 30);
		await vi.waitFor(() => expect(kinds(thread.messages)).toEqual(['system:create', 'in:hello', 'system:remove']));
		expect(await db.receiver.count()).toBe(1);
		expect(await db.sender.count()).toBe(0);
		thread.close();
	});

	it('knows which bubble opens a run of one author', async () => {
		const { db, g, thread } = await bobsThread();
		await storeGroupMessage(db, signed(c.sodium, c.alice, g, 1, 'one'), c.alice.peerId, 20);
		await storeGroupMessage(db, signed(c.sodium, c.alice, g, 2, 'two'), c.alice.peerId, 21);
		await storeGroupMessage(db, signed(c.sodium, c.carol, g, 1, 'three'), c.carol.peerId, 22);
		await vi.waitFor(() => expect(thread.messages).toHaveLength(4));
		const byText = (text: string) => thread.messages.find((row) => row.text === text)!.id;
		expect(thread.runStarts.has(byText('one'))).toBe(true);
		expect(thread.runStarts.has(byText('two'))).toBe(false);
		expect(thread.runStarts.has(byText('three'))).toBe(true);
		thread.close();
	});

	it('sends through the group API and counts each member’s ack on our own messages', async () => {
		const sent: string[] = [];
		const { db, g, thread } = await bobsThread({
			sendGroupText: async (_group, text) => {
				sent.push(text);
				const frame = signed(c.sodium, c.bob, g, 1, text).frame;
				await recordOutgoingGroupMessage(db, c.bob.peerId, frame, 40);
				return frame.id;
			}
		});
		expect(await thread.send('hi all')).toBe(true);
		expect(sent).toEqual(['hi all']);
		await vi.waitFor(() => expect(thread.messages.some((row) => row.direction === 'out')).toBe(true));
		const id = thread.messages.find((row) => row.direction === 'out')!.id;
		thread.countOf(id);
		await vi.waitFor(() => expect(thread.countOf(id)).toEqual({ delivered: 0, total: 3 }));
		await markGroupAcked(db, c.carol.peerId, [id], 50);
		await vi.waitFor(() => expect(thread.countOf(id)).toEqual({ delivered: 1, total: 3 }));
		thread.close();
	});

	it('marks the group read, not a person', async () => {
		const { db, g, thread } = await bobsThread();
		await storeGroupMessage(db, signed(c.sodium, c.alice, g, 1, 'unread'), c.alice.peerId, 20);
		await vi.waitFor(() => expect(thread.tail).toHaveLength(1));
		expect((await db.groups.get(g))?.unread).toBe(1);
		thread.markRead();
		await vi.waitFor(async () => expect((await db.groups.get(g))?.unread).toBe(0), { timeout: 2000 });
		thread.close();
	});
});
