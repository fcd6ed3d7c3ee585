import type { ChatDb } from '../db/chat-db';
import { unclaimedPieceFiles } from '../db/file-store';
import { attachPieceFiles, attachPieceReader, type PieceFiles } from '../db/piece-files';
import type { LockRequester } from './tab-owner';

/** The Web Lock held by the one tab of this origin that writes a database's piece files. */
export function pieceFilesLock(dbName: string): string {
	return `parley-piece-files:${dbName}`;
}

/** A started writer: the worker's adapter, with the folder listing the start's sweep needs. */
export interface PieceFileWriter extends PieceFiles {
	names(): Promise<string[]>;
}

export interface PieceFilesStart {
	/** Absent where the browser has no Web Locks: then this tab writes, as every tab did before. */
	locks?: LockRequester | undefined;
	/** Starts the worker; null where it cannot write (no OPFS or sync handles, private browsing). */
	startWriter: () => Promise<PieceFileWriter | null>;
	/** Reads and removals from this page, for while another tab writes; absent without OPFS. */
	reader?: PieceFiles | undefined;
}

/**
 * Received files' pieces of this database are written into the Origin Private File System from a
 * worker, where the browser can (db/piece-files.ts; BENCHMARKS "Files, storage (session 15)"), by
 * ONE tab of the origin: the holder of a Web Lock, which it keeps for its page's life (the
 * browser hands it to the next tab when the page closes, crashes or is discarded). Only that tab
 * sweeps the files no row names: another tab's sweep could take a file the writer has written
 * but not yet recorded, and its worker could not open a file the writer holds. Every tab reads
 * piece files at once; a tab that does not hold the lock stores what it receives in IndexedDB
 * rows (it fetches only while it owns the network, app/tab-owner.ts, usually the same tab).
 */
export async function storePiecesInFiles(db: ChatDb, start?: PieceFilesStart): Promise<void> {
	const options = start ?? (await browserStart(db.name));
	if (options.reader !== undefined) attachPieceReader(db, options.reader);
	if (options.locks === undefined) return void (await becomeWriter(db, options.startWriter));
	const locks = options.locks;
	// Never aborted: the lock is held until the page goes.
	const forPageLife = new AbortController().signal;
	void locks
		.request(pieceFilesLock(db.name), { signal: forPageLife }, async () => {
			if (!(await becomeWriter(db, options.startWriter))) return;
			await new Promise<never>(() => undefined);
		})
		.catch((error: unknown) => console.warn('received files stay in IndexedDB', error));
}

/** Starts the worker, removes the files left unclaimed by a crash, then writes through it. */
async function becomeWriter(db: ChatDb, startWriter: () => Promise<PieceFileWriter | null>): Promise<boolean> {
	const files = await startWriter();
	if (files === null) return false;
	try {
		for (const hash of await unclaimedPieceFiles(db, await files.names())) await files.remove(hash).catch(() => undefined);
	} catch (error) {
		// The sweep is tidying (the next start tries again); the started worker still writes.
		console.warn('unclaimed piece files not swept', error);
	}
	attachPieceFiles(db, files);
	return true;
}

async function browserStart(dbName: string): Promise<PieceFilesStart> {
	const { startPieceFiles, pieceFilePageSide } = await import('../opfs/opfs-piece-files');
	const locks = typeof navigator === 'undefined' ? undefined : (navigator.locks as unknown as LockRequester | undefined);
	const opfs = typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
	return { locks, startWriter: () => startPieceFiles(dbName), reader: opfs ? pieceFilePageSide(dbName) : undefined };
}
