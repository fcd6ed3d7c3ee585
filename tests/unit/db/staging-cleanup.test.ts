import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { holdingStaging, removeStaleStaging } from '../../../src/lib/db/staging-cleanup';
import { FakeStagingLocks } from './fake-staging-locks';

let counter = 0;
async function makeDb(name: string): Promise<void> {
	const db = new Dexie(name);
	db.version(1).stores({ rows: 'id' });
	await db.table('rows').put({ id: 1 });
	db.close();
}

describe('removeStaleStaging', () => {
	it('deletes a leftover staging database, keeps the active one and one another tab is restoring into', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const prefix = `stale-${++counter}-`;
		const [leftover, active, restoring] = ['a', 'b', 'c'].map((tail) => prefix + tail) as [string, string, string];
		for (const name of [leftover, active, restoring]) await makeDb(name);
		const locks = new FakeStagingLocks();
		let finish!: () => void;
		const restore = holdingStaging(restoring, () => new Promise<void>((resolve) => (finish = resolve)), locks);
		await vi.waitFor(() => expect(locks.held.has(`parley-staging:${restoring}`)).toBe(true));
		await removeStaleStaging(prefix, active, locks);
		expect(await Dexie.exists(leftover)).toBe(false);
		expect(await Dexie.exists(active)).toBe(true);
		expect(await Dexie.exists(restoring)).toBe(true);
		finish();
		await restore;
		// Once that restore has ended without a switch, it is a leftover like any other.
		await removeStaleStaging(prefix, active, locks);
		expect(await Dexie.exists(restoring)).toBe(false);
		vi.restoreAllMocks();
	});

	it('without Web Locks deletes every staging database but the active one', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const prefix = `nolocks-${++counter}-`;
		await makeDb(`${prefix}a`);
		await makeDb(`${prefix}b`);
		await removeStaleStaging(prefix, `${prefix}b`, undefined);
		expect(await Dexie.exists(`${prefix}a`)).toBe(false);
		expect(await Dexie.exists(`${prefix}b`)).toBe(true);
		vi.restoreAllMocks();
	});
});
