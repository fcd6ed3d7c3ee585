import { describe, expect, it } from 'vitest';
import { recoverSendJournals, openSendJournal, type HeldLocks, type JournalStorage } from '../../../src/lib/app/send-journal';
import { ChatDb } from '../../../src/lib/db/chat-db';
import { saveContact } from '../../../src/lib/db/queries';
import type { SentRow } from '../../../src/lib/db/schema';
import { newMessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

const BOB = `p${'b'.repeat(32)}` as PeerId;
let counter = 0;

class MapStorage implements JournalStorage {
	readonly map = new Map<string, string>();
	get length() {
		return this.map.size;
	}
	key(index: number) {
		return [...this.map.keys()][index] ?? null;
	}
	getItem(key: string) {
		return this.map.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		this.map.set(key, value);
	}
	removeItem(key: string) {
		this.map.delete(key);
	}
}

/** Locks held by live tabs; a tab that "dies" releases its lock. */
class FakeLocks implements HeldLocks {
	readonly held = new Set<string>();
	request(name: string, granted: () => Promise<never>) {
		this.held.add(name);
		void granted();
		return new Promise(() => {});
	}
	async query() {
		return { held: [...this.held].map((name) => ({ name })) };
	}
	die(): void {
		this.held.clear();
	}
}

const row = (seq: number, text = `m${seq}`): SentRow => ({ id: newMessageId(), conversationId: BOB, peerId: BOB, text, time: 1_000 + seq, seq, status: 'pending' });

describe('the journal of messages sent ahead of their commit', () => {
	it('a tab that died leaves its notes; the next start writes them as pending, once, and forgets them', async () => {
		const db = new ChatDb(`journal-${++counter}`);
		await saveContact(db, { peerId: BOB, placeholderName: 'bob', now: 1 });
		const storage = new MapStorage();
		const locks = new FakeLocks();
		const journal = (await openSendJournal(db.name, storage, locks))!;
		const lost = row(5, 'sent, then the tab crashed');
		const committed = row(4, 'already written');
		await db.sender.add(committed);
		journal.note(committed);
		journal.note(lost);
		await Promise.resolve();
		// While the tab lives, nobody touches its notes.
		expect(await recoverSendJournals(db, storage, locks)).toEqual({ restored: 0, dropped: 0 });
		locks.die();
		storage.setItem(`parley-sending:${db.name}:deadtab:x`, '[{"id":"not-an-id"}]');
		expect(await recoverSendJournals(db, storage, locks)).toEqual({ restored: 1, dropped: 1 });
		expect(await db.sender.get(lost.id)).toMatchObject({ text: 'sent, then the tab crashed', status: 'pending', seq: 5 });
		expect(await db.sender.count()).toBe(2);
		expect((await db.users.get(BOB))?.lastSentSeq).toBe(5);
		expect(storage.map.size).toBe(0);
	});

	it("leaves other databases' notes alone", async () => {
		const db = new ChatDb(`journal-${++counter}`);
		const storage = new MapStorage();
		const locks = new FakeLocks();
		storage.setItem('parley-sending:another-db:deadtab:x', JSON.stringify([row(1)]));
		expect(await recoverSendJournals(db, storage, locks)).toEqual({ restored: 0, dropped: 0 });
		expect(storage.map.size).toBe(1);
	});

	it('writes the notes of one task under one key, and removes it once every write is over', async () => {
		const storage = new MapStorage();
		const journal = (await openSendJournal('db', storage, new FakeLocks()))!;
		const [one, two] = [row(1), row(2)];
		journal.note(one);
		journal.note(two);
		await Promise.resolve();
		expect([...storage.map.values()].map((text) => JSON.parse(text).length)).toEqual([2]);
		journal.done(one.id);
		await Promise.resolve();
		expect([...storage.map.values()].map((text) => JSON.parse(text).map((r: SentRow) => r.seq))).toEqual([[2]]);
		journal.done(two.id);
		await Promise.resolve();
		expect(storage.map.size).toBe(0);
	});

	it('is absent without localStorage or Web Locks: nothing is then sent ahead', async () => {
		expect(await openSendJournal('db', undefined, new FakeLocks())).toBeUndefined();
		expect(await openSendJournal('db', new MapStorage(), undefined)).toBeUndefined();
	});
});
