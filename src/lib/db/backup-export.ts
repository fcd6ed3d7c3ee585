import type { IndexableType, Table } from 'dexie';
import * as v from 'valibot';
import { BackupRecord } from '../backup/backup-records';
import { CHUNK_BYTES } from '../files/file-limits';
import type { ChatDb } from './chat-db';
import type { FileChunkRow, FileRow } from './file-rows';
import { pieceBytes } from './file-store';
import type { GroupRow } from './schema';

/** Rows per read: a page of messages is a few hundred KB at most, whatever the history's size. */
const PAGE_ROWS = 500;

export interface ExportOptions {
	files: boolean;
	/** Called with every row that fails the restore's own schema: it is left out, not restored wrong. */
	onSkipped?: (table: string, reason: string) => void;
}

/** How many rows each table holds: the manifest's count and the progress bar's total. */
export async function countRows(db: ChatDb, files: boolean): Promise<number> {
	const tables: Table[] = [db.identity, db.settings, db.users, db.sender, db.receiver, db.edits, db.editHistory, db.deliveryMarks, db.groups, db.groupOps, db.groupFrames, db.groupDelivery];
	if (files) tables.push(db.files);
	const counts = await Promise.all(tables.map((table) => table.count()));
	return counts.reduce((sum, count) => sum + count, 0);
}

/** Stored bytes the backup will hold about: messages estimated per row, files by their size. */
export async function estimateBytes(db: ChatDb, files: boolean): Promise<number> {
	const rows = await countRows(db, false);
	let fileBytes = 0;
	if (files) await db.files.each((row) => (fileBytes += held(row)));
	// ~300 bytes per row of msgpack (ids, text, times) is what the bench's seeded history averages.
	return rows * 300 + fileBytes;
}

function held(row: FileRow): number {
	if (row.state === 'removed' || row.state === 'declined' || row.state === 'cancelled') return 0;
	const chunks = row.have.reduce((sum, [start, end]) => sum + end - start, 0);
	return Math.min(row.size, chunks * CHUNK_BYTES) + (row.blob?.size ?? 0);
}

/**
 * Every row of this device as backup records (backup/backup-records.ts), table by table in
 * pages of PAGE_ROWS, so the memory in use is a page whatever the history's size. The search
 * index is not included: the restore rebuilds it from the messages. Each record is checked with
 * the schema the restore uses, so a backup never holds something its own restore would refuse.
 */
export async function* exportRecords(db: ChatDb, options: ExportOptions): AsyncGenerator<BackupRecord> {
	const checked = function* (table: string, value: unknown): Generator<BackupRecord> {
		const result = v.safeParse(BackupRecord, value);
		if (result.success) yield result.output;
		else options.onSkipped?.(table, `${v.getDotPath(result.issues[0]) ?? ''}: ${result.issues[0].message}`);
	};
	const identity = await db.identity.get('self');
	if (identity) yield* checked('identity', { t: 'identity', publicKey: identity.publicKey, secretKey: identity.secretKey, displayName: identity.displayName, createdAt: identity.createdAt });
	for await (const row of pages(db.settings, (r) => r.key)) yield* checked('settings', { t: 'setting', ...row });
	for await (const row of pages(db.users, (r) => r.peerId)) yield* checked('users', { t: 'user', ...row });
	for await (const row of pages(db.sender, (r) => r.id)) yield* checked('sender', { t: 'sent', ...row });
	for await (const row of pages(db.receiver, (r) => r.id)) yield* checked('receiver', { t: 'received', ...row });
	for await (const row of pages(db.edits, (r) => r.id)) yield* checked('edits', { t: 'edit', ...row });
	for await (const row of pages(db.editHistory, (r) => r.id)) yield* checked('editHistory', { t: 'editHistory', ...row });
	for await (const row of pages(db.deliveryMarks, (r) => r.peerId)) yield* checked('deliveryMarks', { t: 'deliveryMark', ...row });
	for await (const row of pages(db.groups, (r) => r.id)) yield* checked('groups', groupRecord(row));
	for await (const row of pages(db.groupOps, (r) => r.id)) yield* checked('groupOps', { t: 'groupOp', ...row });
	for await (const row of pages(db.groupFrames, (r) => r.id)) yield* checked('groupFrames', { t: 'groupFrame', ...row });
	for await (const row of pages(db.groupDelivery, (r): [string, string] => [r.messageId, r.member])) yield* checked('groupDelivery', { t: 'groupDelivery', ...row });
	if (!options.files) return;
	for await (const row of pages(db.files, (r) => r.messageId)) {
		const { blob, ...rest } = row;
		yield* checked('files', { t: 'file', ...rest, blobBytes: blob?.size });
		if (blob) yield* blobRecords(row.messageId, blob);
	}
	// A piece in a piece file is read from it (file-store pieceBytes), so a backup holds every file's bytes wherever they are kept.
	for await (const row of pages(db.fileChunks, (r): [string, number] => [r.hash, r.index])) {
		const bytes = await pieceBytes(db, row);
		if (bytes !== null) yield* chunkRecords({ hash: row.hash, index: row.index, count: row.count, data: new Blob([bytes]) });
	}
}

/** The folded membership is left out: the restore refolds it from the signed ops. */
function groupRecord(row: GroupRow): unknown {
	const { state: _state, foldVersion: _foldVersion, role: _role, ...rest } = row;
	return { t: 'group', ...rest };
}

async function* blobRecords(messageId: FileRow['messageId'], blob: Blob): AsyncGenerator<BackupRecord> {
	for (let offset = 0; offset < blob.size; offset += CHUNK_BYTES) {
		const data = new Uint8Array(await blob.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
		yield { t: 'fileBlob', messageId, offset, data };
	}
}

/** A stored piece (up to MAX_PIECE_CHUNKS chunks in one Blob) as one record per chunk. */
async function* chunkRecords(row: FileChunkRow): AsyncGenerator<BackupRecord> {
	const count = row.count ?? 1;
	for (let i = 0; i < count; i += 1) {
		const data = new Uint8Array(await row.data.slice(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES).arrayBuffer());
		if (data.length === 0) break;
		yield { t: 'fileChunk', hash: row.hash, index: row.index + i, data };
	}
}

/** A table in primary-key order, PAGE_ROWS rows per read transaction. */
async function* pages<Row, Key extends IndexableType>(table: Table<Row, Key>, keyOf: (row: Row) => Key): AsyncGenerator<Row> {
	let last: Key | undefined;
	for (;;) {
		const rows = last === undefined ? await table.orderBy(':id').limit(PAGE_ROWS).toArray() : await table.where(':id').above(last).limit(PAGE_ROWS).toArray();
		yield* rows;
		const tail = rows.at(-1);
		if (rows.length < PAGE_ROWS || tail === undefined) return;
		last = keyOf(tail);
	}
}
