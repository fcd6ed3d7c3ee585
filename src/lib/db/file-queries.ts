import Dexie from 'dexie';
import type { ChatDb } from './chat-db';
import type { FileRow } from './file-rows';
import { chunksInOrder } from './file-store';
import { SNIFF_BYTES, displayType } from '../files/file-types';
import type { MessageId } from '../ids/message-id';

/** Reads for the files UI (issue 12): the card, the image viewer and the storage settings. */

export async function fileRowsByIds(db: ChatDb, ids: readonly MessageId[]): Promise<Map<MessageId, FileRow>> {
	const rows = await db.files.bulkGet([...ids]);
	const found = new Map<MessageId, FileRow>();
	for (const row of rows) if (row !== undefined) found.set(row.messageId, row);
	return found;
}

/** A conversation's files, oldest first. */
export async function filesOfConversation(db: ChatDb, conversationId: string): Promise<FileRow[]> {
	return db.files.where('[conversationId+time]').between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey]).toArray();
}

/** The conversation's images that have something to show (a preview, or the whole file), oldest first. */
export async function imagesOfConversation(db: ChatDb, conversationId: string): Promise<FileRow[]> {
	const rows = await filesOfConversation(db, conversationId);
	return rows.filter((row) => row.type.toLowerCase().startsWith('image/') && (row.thumb !== undefined || hasBytes(row)));
}

/** Whether the whole file is on this device: ours until it is removed, theirs once verified. */
export function hasBytes(row: FileRow): boolean {
	return row.direction === 'out' ? row.blob !== undefined : row.state === 'complete';
}

/**
 * The whole file as a Blob for display or download, typed by its bytes (file-types displayType:
 * only matching inline image types keep an image type; everything else, SVG and HTML included,
 * is application/octet-stream), or null when the bytes are not all here. The chunks stay Blobs:
 * assembling a large file costs no memory.
 */
export async function assembledFile(db: ChatDb, row: FileRow): Promise<Blob | null> {
	if (!hasBytes(row)) return null;
	let parts: Blob[];
	if (row.direction === 'out' && row.blob !== undefined) parts = [row.blob];
	else {
		parts = [];
		for await (const chunk of chunksInOrder(db, row.hash, row.chunks)) {
			if (chunk.index !== parts.length) return null;
			parts.push(chunk.data);
		}
		if (parts.length !== row.chunks) return null;
	}
	const whole = new Blob(parts);
	if (whole.size !== row.size) return null;
	const head = new Uint8Array(await whole.slice(0, SNIFF_BYTES).arrayBuffer());
	return new Blob([whole], { type: displayType(row.type, head) });
}
