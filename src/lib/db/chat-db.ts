import Dexie, { type Table } from 'dexie';
import { ChangeFeed, PreviewFeed } from './change-feed';
import type { FileRow, StoredPieceRow } from './file-rows';
import type {
	DeliveryMarkRow,
	EditHistoryRow,
	EditRow,
	GroupDeliveryRow,
	GroupFrameRow,
	GroupOpRow,
	GroupRow,
	IdentityRow,
	ReceivedRow,
	SearchIndexRow,
	SentRow,
	SettingRow,
	UserRow
} from './schema';

export const DEFAULT_DB_NAME = 'parley';

/**
 * The only module that declares the database. Indexes exist only for queries in ./queries:
 * threads page by [conversationId+time], the outbox walks [peerId+status+seq] (which also gives the
 * newest seq sent to a peer), unread counts use [conversationId+unread], and
 * [conversationId+peerId+seq] keeps an author's messages in order (IndexedDB cannot index booleans, hence 0 | 1).
 */
export class ChatDb extends Dexie {
	identity!: Table<IdentityRow, 'self'>;
	users!: Table<UserRow, string>;
	sender!: Table<SentRow, string>;
	receiver!: Table<ReceivedRow, string>;
	settings!: Table<SettingRow, string>;
	edits!: Table<EditRow, string>;
	editHistory!: Table<EditHistoryRow, string>;
	searchIndex!: Table<SearchIndexRow, 'index'>;
	/** Per peer: every message to them with `seq` at or below the mark is acked (delivery-marks.ts). */
	deliveryMarks!: Table<DeliveryMarkRow, string>;
	/** Groups (v8): one row per group, its folded membership cached (group-store.ts). */
	groups!: Table<GroupRow, string>;
	groupOps!: Table<GroupOpRow, string>;
	groupFrames!: Table<GroupFrameRow, string>;
	groupDelivery!: Table<GroupDeliveryRow, [string, string]>;
	/** Files (v10): one row per message that carries a file, and received chunks (file-store.ts). */
	files!: Table<FileRow, string>;
	fileChunks!: Table<StoredPieceRow, [string, number]>;
	/** Committed changes to messages and users, for readers that follow them (change-feed.ts). */
	readonly changes = new ChangeFeed();
	/** Incoming rows shown before their commit, for the open thread only (change-feed.ts). */
	readonly previews = new PreviewFeed();

	constructor(name = DEFAULT_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
		// 'relaxed': a commit is reported once the OS has the data, without waiting for fsync. It
		// survives tab and browser crashes; only a power cut can lose the last writes.
		super(name, { chromeTransactionDurability: 'relaxed', cache: 'disabled', ...options });
		// Nothing here uses Dexie's liveQuery: readers follow `changes`. Its bookkeeping would
		// still run on every write (key ranges per index, a cache, a BroadcastChannel post per
		// commit), on the message path: off. (A liveQuery on this database would never re-run.)
		this.unuse({ stack: 'dbcore', name: 'Observability' });
		this.unuse({ stack: 'dbcore', name: 'Cache' });
		this.version(1).stores({
			identity: 'key',
			users: 'peerId, lastActivity',
			sender: 'id, [conversationId+time], [conversationId+seq], [peerId+status+seq]',
			receiver: 'id, [conversationId+time], [conversationId+unread], [conversationId+peerId+seq]',
			settings: 'key'
		});
		// Full-text search: the saved index, and a plain `time` index on both message tables so
		// the search index catches up with "every row stored after T" in one range read.
		this.version(2).stores({
			sender: 'id, [conversationId+time], [conversationId+seq], [peerId+status+seq], time',
			receiver: 'id, [conversationId+time], [conversationId+unread], [conversationId+peerId+seq], time',
			searchIndex: 'key'
		});
		// Edits: an outbox of edit frames beside `sender`, and every version of every message.
		this.version(3).stores({
			edits: 'id, [peerId+status+time]',
			editHistory: 'id, [target+version]'
		});
		// Unread counts kept on the contact row, so the conversation list needs no count() per
		// contact; written in the same transactions that store, mark read, ignore and delete.
		this.version(4)
			.stores({})
			.upgrade(async (tx) => {
				const users = tx.table<UserRow, string>('users');
				const receiver = tx.table<ReceivedRow, string>('receiver');
				const rows = await users.toArray();
				const counts = await Promise.all(rows.map((row) => receiver.where('[conversationId+unread]').equals([row.peerId, 1]).count()));
				await users.bulkPut(rows.map((row, i) => ({ ...row, unread: counts[i] ?? 0 })));
			});
		// [conversationId+seq] on `sender` only ever answered "newest seq to this peer" for
		// contacts from before `lastSentSeq`; the outbox index answers that too. Every index is
		// one more entry to write per sent message and per ack (docs/BENCHMARKS.md, outbox flush).
		this.version(5).stores({
			sender: 'id, [conversationId+time], [peerId+status+seq], time'
		});
		// Deleting a message wipes every edit row that carries its text (delete-queries.ts).
		this.version(6).stores({ edits: 'id, [peerId+status+time], target' });
		// Delivery marks: an in-order ack writes one small row instead of rewriting every acked
		// message (docs/BENCHMARKS.md, Session 6). Existing rows keep their stored status and no
		// peer has a mark yet, which means exactly what the rows say: nothing to convert. The
		// outbox index stays [peerId+status+seq]: the pending walk starts above the mark and skips
		// rows acked out of order, which [peerId+seq] alone would make it read again and again.
		this.version(7).stores({ deliveryMarks: 'peerId' });
		// Groups (issue 11; docs/ARCHITECTURE.md "Group tables"). Only new tables: a group's text
		// messages use `sender` / `receiver` with the group id as `conversationId`, so no existing
		// row changes. `groupOps` is read whole per group (the fold); `groupFrames` by author and
		// seq (admission, relay); `groupDelivery` per message (counts) and per member's pending
		// rows in seq order (that member's outbox).
		this.version(8).stores({
			groups: 'id, lastActivity',
			groupOps: 'id, [group+time]',
			groupFrames: 'id, [group+author+seq]',
			groupDelivery: '[messageId+member], [member+status+group+seq]'
		});
		// Files (issue 12; PROTOCOL §13). Only new tables. `files` by message, by content hash
		// (two messages of one file share its chunks) and per conversation (the storage page);
		// chunks by [hash+index], so a file's chunks are one key range to read or delete.
		this.version(10).stores({
			files: 'messageId, hash, [conversationId+time]',
			fileChunks: '[hash+index]'
		});
		// Restored files not hash-checked yet (`unchecked`, db/restored-files.ts) by an index of
		// their own: the check's start reads only them, not every file row of the library. Rows
		// without the field are not in the index, so it costs nothing once they are checked.
		this.version(11).stores({ files: 'messageId, hash, [conversationId+time], unchecked' });
	}
}

