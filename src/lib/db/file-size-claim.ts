import type { ChatDb } from './chat-db';
import type { FileRow } from './file-rows';

/** Another message of the same hash holds its bytes with another size: one of them lies (ClaimConflictError). */
export class ClaimConflictError extends Error {
	constructor() {
		super('another message holds this file with another size');
		this.name = 'ClaimConflictError';
	}
}

/**
 * The content hash fixes the size, and the messages of a hash share its stored pieces: a message
 * claiming another size than one already holding bytes would otherwise grow the shared file (up
 * to the size limit) and leave what it wrote behind when it fails, as the holder keeps the file.
 * The first to hold bytes is kept; the other is refused before anything of it is written.
 */
export async function refuseOtherSize(db: ChatDb, row: FileRow): Promise<void> {
	const other = await db.files.where('hash').equals(row.hash).filter((o) => o.messageId !== row.messageId && o.direction === 'in' && o.have.length > 0 && o.size !== row.size).count();
	if (other > 0) throw new ClaimConflictError();
}
