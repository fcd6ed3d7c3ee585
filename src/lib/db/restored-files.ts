import { ContentHasher } from '../crypto/file-cipher';
import type { Sodium } from '../crypto/sodium';
import { hexOf } from '../files/hex';
import type { MessageId } from '../ids/message-id';
import type { ChatDb } from './chat-db';
import { chunkBatchesInOrder, removeFileData } from './file-store';
import type { FileRow } from './file-rows';

/** Bytes hashed per read: a 4 MiB slice at a time, so checking a 4 GiB file costs 4 MiB of memory. */
const CHECK_SLICE_BYTES = 4 * 1024 * 1024;

/** The problem a restored file whose bytes do not hash to its name is declined with (the card's "damaged"). */
export const RESTORED_DAMAGED = 'damaged';

export type CheckOutcome = 'verified' | 'damaged' | 'not-restored';

/** Restored files whose bytes are not checked yet (FileRow `unchecked`), oldest first. */
export async function uncheckedFiles(db: ChatDb): Promise<MessageId[]> {
	// One row at a time through the index, keeping only id and time: a restored library of
	// 100,000 files is a list of ids here, not 100,000 rows.
	const found: { id: MessageId; time: number }[] = [];
	await db.files
		.where('unchecked')
		.equals(1)
		.each((row) => void found.push({ id: row.messageId, time: row.time }));
	return found.sort((a, b) => a.time - b.time).map((row) => row.id);
}

/**
 * Hashes a restored file's bytes, streaming, and compares them with the content hash that names
 * it. Verified: shown from now on. Otherwise its bytes go: a received file is declined as
 * damaged (Retry fetches it anew from its holders), an own file is marked removed. Nothing that
 * came from the backup is shown before this ran.
 */
export async function checkRestoredFile(db: ChatDb, sodium: Sodium, messageId: MessageId): Promise<CheckOutcome> {
	const row = await db.files.get(messageId);
	if (row === undefined || row.unchecked === undefined) return 'not-restored';
	const digest = await digestOf(db, sodium, row);
	// The look and the settling in one transaction: another tab's check, a removal or a delete
	// cannot fall between them.
	return db.transaction('rw', db.files, db.fileChunks, async (): Promise<CheckOutcome> => {
		// Changed meanwhile (removed, deleted, checked by another tab): nothing to settle.
		const now = await db.files.get(messageId);
		if (now === undefined || now.unchecked === undefined) return 'not-restored';
		if (digest === row.hash) {
			await db.files.update(messageId, { unchecked: undefined });
			return 'verified';
		}
		if (row.direction === 'in') await removeFileData(db, messageId, 'declined', RESTORED_DAMAGED);
		else await removeFileData(db, messageId, 'removed', RESTORED_DAMAGED);
		return 'damaged';
	});
}

/** The BLAKE2b-256 of the bytes held for the row (hex), or null when they cannot be read. */
async function digestOf(db: ChatDb, sodium: Sodium, row: FileRow): Promise<string | null> {
	const hasher = new ContentHasher(sodium);
	try {
		for await (const slice of slicesOf(db, row)) hasher.update(new Uint8Array(await slice.arrayBuffer()));
	} catch (error) {
		hasher.discard();
		// Unreadable bytes (a piece file gone, a Blob the browser lost) cannot be shown either.
		console.warn('a restored file could not be read', error);
		return null;
	}
	return hexOf(hasher.digest());
}

async function* slicesOf(db: ChatDb, row: FileRow): AsyncGenerator<Blob> {
	if (row.direction === 'out') {
		const blob = row.blob;
		if (blob === undefined) return;
		for (let at = 0; at < blob.size; at += CHECK_SLICE_BYTES) yield blob.slice(at, at + CHECK_SLICE_BYTES);
		return;
	}
	yield* chunkBatchesInOrder(db, row.hash, row.chunks);
}
