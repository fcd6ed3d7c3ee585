import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatDb } from '../../../src/lib/db/chat-db';
import type { GroupRow, ThreadMessage, UserRow } from '../../../src/lib/db/schema';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { ConversationListState } from '../../../src/lib/state/conversation-list.svelte';

const ANN = `p${'a'.repeat(32)}` as PeerId;
const BOB = `p${'b'.repeat(32)}` as PeerId;
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

const user = (peerId: PeerId, lastActivity: number, extra: Partial<UserRow> = {}): UserRow => ({ peerId, name: peerId.slice(1, 4), state: 'contact', addedAt: 0, lastActivity, ...extra });
const received = (id: string, from: PeerId): ThreadMessage =>
	({ id, conversationId: from, peerId: from, seq: 1, text: 'hi', authoredAt: 10, time: 10, unread: 1, direction: 'in' }) as unknown as ThreadMessage;

let db: ChatDb;
let counter = 0;
let list: ConversationListState;
let stop: () => void;

beforeEach(async () => {
	db = new ChatDb(`conversation-list-${++counter}`);
	await db.users.bulkPut([user(ANN, 1, { unread: 0 }), user(BOB, 2, { unread: 2 })]);
	list = new ConversationListState();
	stop = list.follow(db);
	await vi.waitFor(() => expect(list.current).toHaveLength(2));
});

afterEach(async () => {
	stop();
	db.close();
	await db.delete();
});

describe('ConversationListState', () => {
	it('starts from one read, most recent first, with the stored unread counts', () => {
		expect(list.current.map((c) => [c.user.peerId, c.unread])).toEqual([
			[BOB, 2],
			[ANN, 0]
		]);
	});

	it('takes previews, order and unread counts from published users rows, with no query per message', async () => {
		const counts = vi.spyOn(db.receiver, 'where');
		const users = vi.spyOn(db.users, 'get');
		for (let i = 1; i <= 50; i++) {
			db.changes.publish({ messages: [received(`m${i}`, ANN)], users: [user(ANN, 100 + i, { unread: i, preview: { text: `#${i}`, outgoing: false } })] });
		}
		await settle();
		await settle();
		expect(list.current[0]).toMatchObject({ user: { peerId: ANN, preview: { text: '#50' } }, unread: 50 });
		expect(counts).not.toHaveBeenCalled();
		expect(users).not.toHaveBeenCalled();
	});

	it('counts unread messages for rows stored before counts were kept, once per burst', async () => {
		await db.users.put(user(ANN, 5));
		await db.receiver.bulkPut([1, 2, 3].map((n) => ({ ...received(`old${n}`, ANN), direction: undefined }) as never));
		const counts = vi.spyOn(db.receiver, 'where');
		for (let i = 0; i < 20; i++) db.changes.publish({ messages: [received(`old${i}`, ANN)], users: [user(ANN, 5)] });
		await vi.waitFor(() => expect(list.current.find((c) => c.user.peerId === ANN)?.unread).toBe(3));
		expect(counts).toHaveBeenCalledTimes(1);
	});

	it('drops a person whose conversation was cleared and who is gone from the address book', async () => {
		await db.users.delete(ANN);
		db.changes.publish({ messages: [], cleared: [ANN] });
		await vi.waitFor(() => expect(list.current.map((c) => c.user.peerId)).toEqual([BOB]));
	});
});

describe('ConversationListState with groups', () => {
	const group = (id: string, lastActivity: number, extra: Partial<GroupRow> = {}): GroupRow =>
		({ id, name: `Group ${id}`, role: 'member', createdAt: 0, lastActivity, unread: 0, lastSentSeq: 0, state: {} as GroupRow['state'], foldVersion: 1, ...extra }) as GroupRow;

	it('reads the stored groups at start, then follows published group rows, newest activity first', async () => {
		const other = new ChatDb(`conversation-list-groups-${++counter}`);
		await other.groups.put(group('ga', 5));
		const withGroups = new ConversationListState();
		const stopGroups = withGroups.follow(other);
		await vi.waitFor(() => expect(withGroups.groups.map((g) => g.id)).toEqual(['ga']));
		other.changes.publish({ messages: [], groups: [group('gb', 9, { unread: 2, preview: { text: 'hi', author: 'self' } })] });
		await vi.waitFor(() => expect(withGroups.groups.map((g) => g.id)).toEqual(['gb', 'ga']));
		expect(withGroups.group('gb')).toMatchObject({ unread: 2, preview: { text: 'hi' } });
		other.changes.publish({ messages: [], groups: [group('ga', 20, { name: 'Renamed' })] });
		await vi.waitFor(() => expect(withGroups.groups.map((g) => g.name)).toEqual(['Renamed', 'Group gb']));
		stopGroups();
		other.close();
		await other.delete();
	});
});
