import Dexie, { type Transaction } from 'dexie';
import type { ChatDb } from './chat-db';
import type { FileRow } from './file-rows';
import { chunksInOrder } from './file-store';
import { SNIFF_BYTES, displayType } from '../files/file-types';
import type { MessageId } from '../ids/message-id';

/** Reads for the files UI (issue 12): the card, the image viewer and the storage settings. */

/**
 * Follows the `files` table: after each committed transaction that created, changed or deleted
 * file rows, `changed` gets their message ids (once per transaction; nothing for one that
 * aborts). Returns the function that stops. Built on Dexie's table hooks, so every writer is
 * covered (the message, outbox and group writers, the transfer engine) and no other table pays:
 * the database turns liveQuery's bookkeeping off (chat-db.ts).
 */
export function followFileRows(db: ChatDb, changed: (ids: ReadonlySet<MessageId>) => void): () => void {
	// One set per IndexedDB transaction (a nested Dexie transaction shares its parent's).
	const pending = new WeakMap<IDBTransaction, Set<MessageId>>();
	const note = (key: unknown, transaction: Transaction | undefined): void => {
		if (typeof key !== 'string') return;
		const idb = transaction?.idbtrans;
		if (idb === undefined) {
			changed(new Set([key as MessageId]));
			return;
		}
		let ids = pending.get(idb);
		if (ids === undefined) {
			const fresh = (ids = new Set<MessageId>());
			pending.set(idb, fresh);
			idb.addEventListener('complete', () => {
				try {
					changed(fresh);
				} catch (error) {
					console.error('a file row listener failed', error);
				}
			});
		}
		ids.add(key as MessageId);
	};
	const creating = (key: unknown, row: FileRow, transaction: Transaction): void => note(key ?? row.messageId, transaction);
	const updating = (_changes: object, key: unknown, _row: FileRow, transaction: Transaction): void => note(key, transaction);
	const deleting = (key: unknown, _row: FileRow, transaction: Transaction): void => note(key, transaction);
	db.files.hook('creating', creating);
	db.files.hook('updating', updating);
	db.files.hook('deleting', deleting);
	return () => {
		db.files.hook('creating').unsubscribe(creating);
		db.files.hook('updating').unsubscribe(updating);
		db.files.hook('deleting').unsubscribe(deleting);
	};
}

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

/**
 * Whether the whole file is on this device: ours until it is removed, theirs once verified; a
 * restored one only once its bytes hashed to its name here (restored-files.ts).
 */
export function hasBytes(row: FileRow): boolean {
	if (row.unchecked !== undefined) return false;
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
