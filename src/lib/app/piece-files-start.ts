import type { ChatDb } from '../db/chat-db';
import { unclaimedPieceFiles } from '../db/file-store';
import { attachPieceFiles } from '../db/piece-files';

/**
 * From now on, received files' pieces of this database are written into the Origin Private File
 * System from a worker, where the browser can (db/piece-files.ts; BENCHMARKS "Files, storage
 * (session 15)"). Files left unclaimed by a crash go first. Where it cannot, nothing changes:
 * pieces stay in IndexedDB.
 */
export async function storePiecesInFiles(db: ChatDb): Promise<void> {
	const { startPieceFiles } = await import('../opfs/opfs-piece-files');
	const files = await startPieceFiles(db.name);
	if (files === null) return;
	for (const hash of await unclaimedPieceFiles(db, await files.names())) await files.remove(hash).catch(() => undefined);
	attachPieceFiles(db, files);
}
