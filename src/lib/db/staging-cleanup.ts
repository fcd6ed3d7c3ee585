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

/**
 * Staging databases other than the active one: left by a restore that never finished. Then the
 * piece folders of databases that are gone, whose deletion could not remove them.
 */
export async function removeStaleStaging(prefix: string, active: string): Promise<void> {
	const names = await Dexie.getDatabaseNames();
	await Promise.all(names.filter((name) => name.startsWith(prefix) && name !== active).map((name) => deleteDatabase(name)));
	await removeOrphanPieceFolders(() => Dexie.getDatabaseNames()).catch((error: unknown) => console.warn('piece folders not swept', error));
}
