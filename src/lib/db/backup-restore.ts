import Dexie, { type Table } from 'dexie';
import { BackupError } from '../backup/backup-error';
import type { BackupRecord, RecordOf } from '../backup/backup-records';
import type { GroupId } from '../group/group-ids';
import { foldMembership } from '../group/membership';
import { MAX_PIECE_CHUNKS } from '../files/file-limits';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import { identityFromKeys } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import { ChatDb } from './chat-db';
import type { FileChunkRow, FileRow } from './file-rows';
import { roleOf, verifiedOp } from './group-store';
import { FOLD_VERSION } from './group-rows';

/**
 * Added to every counter this device numbers its messages with, after a restore: messages it
 * sent after the backup was made (lost with the old device) took the numbers right after the
 * backup's, and a group member refuses a second frame at a seq it holds (`replayed`). A million
 * is more than anyone sends to one conversation between two backups; a seq stays far below
 * 2^53 after thousands of restores (docs/BACKUP.md, "Counters after a restore").
 */
export const SEQ_JUMP_AFTER_RESTORE = 1_000_000;

/** Rows buffered per table before one bulk write (one transaction each): fewer, larger writes restore faster. */
const BATCH_ROWS = 1000;
/** File pieces are up to 4 MiB each: their batch is flushed by size, so memory stays at a few MiB. */
const BATCH_BYTES = 8 * 1024 * 1024;

type Row = Record<string, unknown>;

/**
 * Writes backup records into a staging database that the app does not use, so a failure at
 * any point leaves the live one untouched: the caller switches the app to it (active-db.ts)
 * only after `finish`, and calls `abandon` on any error, which deletes it.
 */
export class StagingRestore {
	readonly db: ChatDb;
	private readonly batches = new Map<Table, Row[]>();
	private readonly batchBytes = new Map<Table, number>();
	/** The restored identity's peer id, once its record has been read. */
	private me: PeerId | null = null;
	private groups = new Set<GroupId>();
	/**
	 * The own file being rebuilt from its `fileBlob` records (they follow its `file` record);
	 * `keep` false: a received file's, whose slices are read and dropped.
	 */
	private blob: { messageId: MessageId; parts: Blob[]; size: number; expected: number; keep: boolean } | null = null;
	/** Consecutive chunks of one hash, written as one piece (as the app stores them). */
	private piece: { hash: string; index: number; parts: Uint8Array[] } | null = null;
	records = 0;

	constructor(
		readonly name: string,
		private readonly sodium: Sodium
	) {
		this.db = new ChatDb(name);
	}

	async add(record: BackupRecord): Promise<void> {
		this.records += 1;
		const db = this.db;
		const { t: _t, ...row } = record;
		switch (record.t) {
			case 'manifest':
				return;
			case 'identity':
				if (this.me) throw new BackupError('invalid-record', 'a second identity');
				this.me = this.identityOf(record);
				return this.put(db.identity, { key: 'self', ...row, peerId: this.me });
			case 'setting':
				return this.put(db.settings, row);
			case 'user':
				return this.put(db.users, row);
			case 'sent':
				return this.put(db.sender, row);
			case 'received':
				return this.put(db.receiver, row);
			case 'edit':
				return this.put(db.edits, row);
			case 'editHistory':
				return this.put(db.editHistory, row);
			case 'deliveryMark':
				return this.put(db.deliveryMarks, row);
			case 'group':
				this.groups.add(record.id);
				return this.put(db.groups, row);
			case 'groupOp':
				return this.put(db.groupOps, row);
			case 'groupFrame':
				return this.put(db.groupFrames, row);
			case 'groupDelivery':
				return this.put(db.groupDelivery, row);
			case 'file':
				return this.addFile(record);
			case 'fileBlob':
				return this.addBlobPart(record);
			case 'fileChunk':
				return this.addChunk(record);
		}
	}

	/** Everything written and derived state rebuilt; throws if the backup lacked what a device needs. */
	async finish(): Promise<void> {
		if (!this.me) throw new BackupError('invalid-record', 'no identity in the backup');
		await this.endBlob();
		await this.endPiece();
		for (const [table, rows] of this.batches) await this.flush(table, rows);
		await this.refoldGroups();
		await this.jumpCounters();
	}

	/** Deletes the staging database; nothing of it stays behind. */
	async abandon(): Promise<void> {
		this.db.close();
		await Dexie.delete(this.name);
	}

	private identityOf(record: RecordOf<'identity'>): PeerId {
		try {
			return identityFromKeys(this.sodium, record.publicKey, record.secretKey).peerId;
		} catch (error) {
			throw new BackupError('invalid-record', error instanceof Error ? error.message : 'identity keys');
		}
	}

	private async put(table: Table, row: Row, bytes = 0): Promise<void> {
		let batch = this.batches.get(table);
		if (!batch) this.batches.set(table, (batch = []));
		batch.push(row);
		const held = (this.batchBytes.get(table) ?? 0) + bytes;
		this.batchBytes.set(table, held);
		if (batch.length >= BATCH_ROWS || held >= BATCH_BYTES) await this.flush(table, batch);
	}

	private async flush(table: Table, rows: Row[]): Promise<void> {
		this.batchBytes.set(table, 0);
		if (rows.length === 0) return;
		await table.bulkPut(rows.splice(0));
	}

	private async addFile(record: RecordOf<'file'>): Promise<void> {
		await this.endBlob();
		const { t: _t, blobBytes, ...row } = record;
		const bytesFollow = blobBytes !== undefined && blobBytes > 0;
		// Only an own file has a Blob (file-prepare.ts): one beside a received file's chunks would
		// never be checked (restored-files.ts hashes the chunks) yet is read where present.
		const ownBytes = bytesFollow && row.direction === 'out';
		if (bytesFollow) this.blob = { messageId: record.messageId, parts: [], size: 0, expected: blobBytes, keep: ownBytes };
		// Bytes shown as whole are checked against the file's hash before they are shown
		// (restored-files.ts); a partly received file is read back and hashed when it completes.
		const shown = ownBytes || (row.direction === 'in' && row.state === 'complete');
		await this.put(this.db.files, shown ? { ...row, unchecked: 1 } : row);
	}

	private async addBlobPart(record: RecordOf<'fileBlob'>): Promise<void> {
		const blob = this.blob;
		if (!blob || blob.messageId !== record.messageId || record.offset !== blob.size) throw new BackupError('invalid-record', 'a file slice out of place');
		blob.size += record.data.length;
		if (blob.size > blob.expected) throw new BackupError('invalid-record', 'a file longer than announced');
		if (blob.keep) blob.parts.push(new Blob([record.data as Uint8Array<ArrayBuffer>]));
	}

	private async endBlob(): Promise<void> {
		const blob = this.blob;
		if (!blob) return;
		this.blob = null;
		if (blob.size !== blob.expected) throw new BackupError('invalid-record', 'a file shorter than announced');
		if (!blob.keep) return;
		await this.flush(this.db.files, this.batches.get(this.db.files) ?? []);
		await this.db.files.update(blob.messageId, { blob: new Blob(blob.parts) } satisfies Partial<FileRow>);
	}

	private async addChunk(record: RecordOf<'fileChunk'>): Promise<void> {
		const piece = this.piece;
		if (piece && piece.hash === record.hash && piece.index + piece.parts.length === record.index && piece.parts.length < MAX_PIECE_CHUNKS) {
			piece.parts.push(record.data);
			return;
		}
		await this.endPiece();
		this.piece = { hash: record.hash, index: record.index, parts: [record.data] };
	}

	private async endPiece(): Promise<void> {
		const piece = this.piece;
		if (!piece) return;
		this.piece = null;
		const row: FileChunkRow = { hash: piece.hash, index: piece.index, count: piece.parts.length, data: new Blob(piece.parts as Uint8Array<ArrayBuffer>[]) };
		await this.put(this.db.fileChunks, row as unknown as Row, row.data.size);
	}

	/** A group's membership comes from its signed ops, never from a cached fold in the file. */
	private async refoldGroups(): Promise<void> {
		const db = this.db;
		const me = this.me;
		for (const id of this.groups) {
			await db.transaction('rw', db.groups, db.groupOps, async () => {
				const ops = (await db.groupOps.where('[group+time]').between([id, -Infinity], [id, Infinity]).toArray()).map(verifiedOp);
				const state = foldMembership(id, ops);
				if (!state) {
					await db.groups.delete(id);
					return;
				}
				const role = me ? roleOf(state, me, (op) => ops.find((held) => held.id === op)) : 'member';
				await db.groups.update(id, { state, foldVersion: FOLD_VERSION, role, name: state.name });
			});
		}
	}

	private async jumpCounters(): Promise<void> {
		const db = this.db;
		await db.transaction('rw', db.users, db.groups, async () => {
			await db.users.toCollection().modify((user) => {
				user.lastSentSeq = (user.lastSentSeq ?? 0) + SEQ_JUMP_AFTER_RESTORE;
			});
			await db.groups.toCollection().modify((group) => {
				group.lastSentSeq += SEQ_JUMP_AFTER_RESTORE;
			});
		});
	}
}
