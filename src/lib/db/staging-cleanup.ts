import Dexie from 'dexie';
import { removeOrphanPieceFolders, removePieceFolder } from '../opfs/opfs-piece-files';

// Kept apart from backup-restore.ts: boot calls removeStaleStaging on every start, and must not
// load the restore's code (the group fold, libsodium's identity checks) before the first paint.

/** Deletes a staging database a restore left behind (cancelled, or the tab closed mid-way). */
export async function deleteDatabase(name: string): Promise<void> {
	await Dexie.delete(name);
	// Its received files' bytes, where they were written to files (db/piece-files.ts), go too.
	await removePieceFolder(name).catch((error: unknown) => console.warn('piece files not removed', error));
}

/** The part of `navigator.locks` used here (a fake in unit tests). */
export interface StagingLocks {
	request<T>(name: string, granted: () => Promise<T>): Promise<T>;
	request<T>(name: string, options: { ifAvailable: true }, granted: (lock: unknown) => Promise<T>): Promise<T>;
}

export function browserLocks(): StagingLocks | undefined {
	return typeof navigator !== 'undefined' && navigator.locks ? (navigator.locks as unknown as StagingLocks) : undefined;
}

const lockName = (staging: string) => `parley-staging:${staging}`;

/**
 * Runs a restore into `staging` holding a Web Lock named after it, until the pointer has been
 * switched (or the staging database deleted): another tab starting meanwhile sees the lock and
 * leaves that database alone. Without Web Locks, as before: the work runs unguarded.
 */
export function holdingStaging<T>(staging: string, work: () => Promise<T>, locks: StagingLocks | undefined = browserLocks()): Promise<T> {
	return locks ? locks.request(lockName(staging), work) : work();
}

/**
 * Staging databases other than the active one: left by a restore that never finished. One a
 * restore in another tab is still writing (its lock is held) stays. Then the piece folders of
 * databases that are gone, whose deletion could not remove them.
 */
export async function removeStaleStaging(prefix: string, active: string, locks: StagingLocks | undefined = browserLocks()): Promise<void> {
	const names = (await Dexie.getDatabaseNames()).filter((name) => name.startsWith(prefix) && name !== active);
	await Promise.all(
		names.map((name) =>
			locks ? locks.request(lockName(name), { ifAvailable: true }, async (lock) => (lock ? deleteDatabase(name) : undefined)) : deleteDatabase(name)
		)
	);
	await removeOrphanPieceFolders(() => Dexie.getDatabaseNames()).catch((error: unknown) => console.warn('piece folders not swept', error));
}
