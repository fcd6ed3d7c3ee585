import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eraseRetiredDevice } from '../../../src/lib/app/erase-retired';
import { isRetired, markRetired } from '../../../src/lib/app/retired-device';
import { ChatDb } from '../../../src/lib/db/chat-db';

/** localStorage as the browser has it (length, key) in a Map. */
function memoryStorage() {
	const map = new Map<string, string>();
	return {
		map,
		get length() {
			return map.size;
		},
		key: (index: number) => [...map.keys()][index] ?? null,
		getItem: (key: string) => map.get(key) ?? null,
		setItem: (key: string, value: string) => void map.set(key, value),
		removeItem: (key: string) => void map.delete(key)
	};
}

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('erasing a retired device', () => {
	it('deletes the database, its unsent-message notes and the lock, and leaves other databases alone', async () => {
		const storage = memoryStorage();
		vi.stubGlobal('localStorage', storage);
		const db = new ChatDb(`erase-${crypto.randomUUID()}`);
		await db.open();
		markRetired(db.name);
		// Notes of messages sent ahead of their commit (send-journal.ts): plaintext of the old identity,
		// which the next identity in a database of this name would otherwise take as its own.
		storage.setItem(`parley-sending:${db.name}:tab-1:0`, '[{"text":"secret"}]');
		storage.setItem('parley-sending:other-db:tab-2:0', '[]');
		storage.setItem('parley.activeDb', db.name);
		await eraseRetiredDevice(db);
		expect(await Dexie.exists(db.name)).toBe(false);
		expect([...storage.map.keys()].filter((key) => key.includes(db.name))).toEqual([]);
		expect(storage.getItem('parley-sending:other-db:tab-2:0')).toBe('[]');
		expect(isRetired(db.name)).toBe(false);
		expect(storage.getItem('parley.activeDb')).toBeNull();
	});
});
