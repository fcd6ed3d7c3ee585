import Dexie from 'dexie';

// Kept apart from backup-restore.ts: boot calls removeStaleStaging on every start, and must not
// load the restore's code (the group fold, libsodium's identity checks) before the first paint.

/** Deletes a staging database a restore left behind (cancelled, or the tab closed mid-way). */
export async function deleteDatabase(name: string): Promise<void> {
	await Dexie.delete(name);
}

/** Staging databases other than the active one: left by a restore that never finished. */
export async function removeStaleStaging(prefix: string, active: string): Promise<void> {
	const names = await Dexie.getDatabaseNames();
	await Promise.all(names.filter((name) => name.startsWith(prefix) && name !== active).map((name) => Dexie.delete(name)));
}
