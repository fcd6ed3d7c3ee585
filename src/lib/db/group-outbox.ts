import { safeFileName } from '../files/file-name';
import type { GroupMessageFrame } from '../group/group-frames';
import type { GroupId } from '../group/group-ids';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import type { FileRow } from './file-rows';
import { previewText } from './conversation-activity';
import { FOLD_VERSION, previewOf } from './group-rows';
import type { GroupDeliveryRow, GroupRow, SentRow } from './schema';

/** Per message: how many recipients acked it, of how many it was addressed to ("delivered to 3 of 4"). */
export interface DeliveryCount {
	delivered: number;
	total: number;
	/** How many have read it (their read receipts); absent while nobody has. */
	read?: number;
}

export type RecordedGroupMessage = { ok: true; recipients: PeerId[]; row?: SentRow } | { ok: false; reason: GroupRecordRefusal };
export type RecordedGroupMessages = { ok: true; recipients: PeerId[]; rows: SentRow[] } | { ok: false; reason: GroupRecordRefusal };
/** `stale-seq`: a seq at or below the group's high-water mark (another tab wrote meanwhile); nothing written. */
export type GroupRecordRefusal = 'unknown-group' | 'not-member' | 'stale-seq';

/**
 * A group's `sender` rows name the group where a direct row names the peer: the outbox walk
 * (`pendingFor`) and delivery marks are per peer and so never touch them; per-member status is in
 * `groupDelivery` and the row's own `status` is `pending` while any member's is.
 */
export function groupAsRecipient(group: GroupId): PeerId {
	return group as string as PeerId;
}

/** `recordOutgoingGroupMessages` for one frame (an edit or delete records it inside its own transaction). */
export async function recordOutgoingGroupMessage(db: ChatDb, me: PeerId, frame: GroupMessageFrame, now: number): Promise<RecordedGroupMessage> {
	const done = await recordOutgoingGroupMessages(db, me, [frame], () => now);
	if (!done.ok) return done;
	return { ok: true, recipients: done.recipients, ...(done.rows[0] ? { row: done.rows[0] } : {}) };
}

/**
 * Records a run of frames this device signed in one group (messages, edits, deletes), in ONE
 * transaction: each frame in the log (relay, seq bookkeeping), a pending delivery row for each
 * CURRENT member but me (by the cached fold: a member removed before this commit gets none), a
 * text message's `sender` row, and the group row once (high-water seq, activity, preview).
 * Nothing is written if I am not a member, or if the first seq is not above the group's
 * high-water mark `lastSentSeq` (the caller's in-memory seqs were stale: another tab wrote). The
 * caller allocated consecutive seqs and puts the copies on the wire after this commit.
 */
export async function recordOutgoingGroupMessages(
	db: ChatDb,
	me: PeerId,
	frames: readonly GroupMessageFrame[],
	now: () => number,
	/** The sender's file row of a file message, written in the same transaction (PROTOCOL §13). */
	fileRow?: (frame: GroupMessageFrame, time: number) => FileRow
): Promise<RecordedGroupMessages> {
	const g = frames[0]?.g;
	if (g === undefined || frames.some((frame) => frame.g !== g)) throw new Error('one group per record');
	const done = await db.transaction('rw', [db.groups, db.groupFrames, db.groupDelivery, db.sender, db.files], async () => {
		const group = await db.groups.get(g);
		if (!group) return { ok: false as const, reason: 'unknown-group' as const };
		// A stale cache (fold rules changed) is refolded by the first op or read; sending on it meanwhile
		// could address someone the new rules removed, so refuse rather than guess.
		if (group.foldVersion !== FOLD_VERSION || !group.state.members.has(me)) return { ok: false as const, reason: 'not-member' as const };
		// A seq is never taken twice: two frames at one seq would be refused as `replayed`.
		if (frames[0]!.seq <= group.lastSentSeq) return { ok: false as const, reason: 'stale-seq' as const };
		const recipients = [...group.state.members.keys()].filter((member) => member !== me).sort();
		const deliveries: GroupDeliveryRow[] = [];
		const rows: SentRow[] = [];
		const files: FileRow[] = [];
		let updated: GroupRow = group;
		for (const frame of frames) {
			for (const member of recipients) deliveries.push({ messageId: frame.id, member, group: g, seq: frame.seq, status: 'pending' });
			const row = frame.body.kind === 'text' || frame.body.kind === 'file' ? sentRow(frame, frame.body, recipients.length, now()) : undefined;
			if (row) rows.push(row);
			if (row && frame.body.kind === 'file') {
				if (fileRow === undefined) throw new Error('a file message needs its file row');
				files.push(fileRow(frame, row.time));
			}
			updated = {
				...updated,
				lastSentSeq: Math.max(updated.lastSentSeq, frame.seq),
				...(row ? { lastActivity: row.time, preview: previewOf(previewText(row.text, frame.body.kind === 'file' ? frame.body : undefined), 'self') } : {})
			};
		}
		// add, never put: a message id is never reused, and a second frame must fail, not overwrite.
		await Promise.all([
			db.groupFrames.bulkAdd(frames.map((frame) => ({ id: frame.id, group: g, author: me, seq: frame.seq, frame }))),
			deliveries.length > 0 ? db.groupDelivery.bulkAdd(deliveries) : undefined,
			rows.length > 0 ? db.sender.bulkAdd(rows) : undefined,
			files.length > 0 ? db.files.bulkAdd(files) : undefined,
			db.groups.put(updated)
		]);
		return { ok: true as const, recipients, rows, group: updated };
	});
	if (!done.ok) return done;
	db.changes.publish({ messages: done.rows.map((row) => ({ ...row, direction: 'out' as const })), groups: [done.group] });
	return { ok: true, recipients: done.recipients, rows: done.rows };
}

function sentRow(frame: GroupMessageFrame, body: Extract<GroupMessageFrame['body'], { kind: 'text' | 'file' }>, recipients: number, time: number): SentRow {
	return {
		id: frame.id,
		conversationId: frame.g,
		peerId: groupAsRecipient(frame.g),
		seq: frame.seq,
		// A file message's text is its caption.
		text: body.kind === 'text' ? body.text : (body.caption ?? ''),
		...(body.kind === 'file' ? { kind: 'file' as const, fileName: safeFileName(body.name) } : {}),
		time,
		status: recipients > 0 ? 'pending' : 'sent',
		...(body.kind === 'text' && body.reply ? { replyTo: body.reply } : {})
	};
}

/** The seq of the newest frame this device wrote in the group; the next one takes this + 1. */
export async function lastGroupSeq(db: ChatDb, me: PeerId, group: GroupId): Promise<number> {
	return db.transaction('r', db.groups, db.groupFrames, async () => {
		const [row, last] = await Promise.all([
			db.groups.get(group),
			db.groupFrames.where('[group+author+seq]').between([group, me, 0], [group, me, Infinity]).last()
		]);
		return Math.max(row?.lastSentSeq ?? 0, last?.seq ?? 0);
	});
}

/** `markGroupAckedBy` for one member. */
export async function markGroupAcked(db: ChatDb, member: PeerId, ids: readonly MessageId[], now: number): Promise<number> {
	return markGroupAckedBy(db, new Map([[member, ids]]), now);
}

/**
 * Marks each member's copies of the frames it acked delivered, in ONE transaction for every
 * member (acks gathered while the previous settle ran): only that member's rows move, and each
 * touched message is settled once, its `sender` row turning `sent` once no member's copy is
 * pending. Returns how many copies moved. The feed hears of each touched message (statusOnly).
 */
export async function markGroupAckedBy(db: ChatDb, acks: ReadonlyMap<PeerId, readonly MessageId[]>, now: number): Promise<number> {
	const keys = [...acks].flatMap(([member, ids]) => ids.map((id) => [id, member] as [string, string]));
	const done = await db.transaction('rw', db.groupDelivery, db.sender, async () => {
		const rows = await db.groupDelivery.bulkGet(keys);
		const acked = rows.filter((row): row is GroupDeliveryRow => row?.status === 'pending').map((row) => ({ ...row, status: 'sent' as const, ackedAt: now }));
		if (acked.length === 0) return { moved: 0, touched: [] };
		await db.groupDelivery.bulkPut(acked);
		return { moved: acked.length, touched: await settleSent(db, acked.map((row) => row.messageId)) };
	});
	if (done.touched.length > 0) db.changes.publish({ messages: done.touched.map((row) => ({ ...row, direction: 'out' })), statusOnly: true });
	return done.moved;
}

/**
 * Inside a transaction over `groupDelivery` and `sender`: drops the pending copies of this
 * group's frames to members who are no longer in it (nothing is sent to them after their
 * removal), and settles the messages they held back. Returns the `sender` rows touched.
 */
export async function cancelDeliveries(db: ChatDb, group: GroupId, gone: readonly PeerId[]): Promise<SentRow[]> {
	if (gone.length === 0) return [];
	const keys = await Promise.all(gone.map((member) => pendingRange(db, member, group).primaryKeys()));
	const dropped = keys.flat();
	if (dropped.length === 0) return [];
	await db.groupDelivery.bulkDelete(dropped);
	return settleSent(db, dropped.map(([messageId]) => messageId as MessageId));
}

/** The member's pending copies in one group, oldest seq first: what to send them on connect. */
export async function pendingGroupFrames(db: ChatDb, member: PeerId, group: GroupId, limit = Infinity): Promise<GroupMessageFrame[]> {
	return db.transaction('r', db.groupDelivery, db.groupFrames, async () => {
		const rows = await pendingRange(db, member, group).limit(limit).toArray();
		const frames = await db.groupFrames.bulkGet(rows.map((row) => row.messageId));
		return frames.flatMap((row) => (row ? [row.frame] : []));
	});
}

/** Groups in which the member has copies pending (to know which outboxes to walk on connect). */
export async function groupsPendingFor(db: ChatDb, member: PeerId): Promise<GroupId[]> {
	const keys = await db.groupDelivery
		.where('[member+status+group+seq]')
		.between([member, 'pending', '', -Infinity], [member, 'pending', '\uffff', Infinity])
		.keys();
	return [...new Set(keys.map((key) => (key as unknown as [string, string, GroupId, number])[2]))];
}

/** Every copy of one message, removed members' too, members in id order. */
function copiesOf(db: ChatDb, messageId: MessageId): Promise<GroupDeliveryRow[]> {
	return db.groupDelivery.where('[messageId+member]').between([messageId, ''], [messageId, '\uffff']).toArray();
}

/**
 * Delivery per CURRENT member of one message (message info), members in id order. A member
 * removed after receiving it keeps their row (it was delivered) but is no longer counted: "read
 * by all" means by everyone in the group now.
 */
export async function deliveryOf(db: ChatDb, messageId: MessageId): Promise<GroupDeliveryRow[]> {
	return (await deliveryOfMany(db, [messageId]))[0]!;
}

async function deliveryOfMany(db: ChatDb, messageIds: readonly MessageId[]): Promise<GroupDeliveryRow[][]> {
	return db.transaction('r', db.groupDelivery, db.groups, async () => {
		const lists = await Promise.all(messageIds.map((id) => copiesOf(db, id)));
		const groupIds = [...new Set(lists.flatMap((list) => list.map((row) => row.group)))];
		const groups = new Map((await db.groups.bulkGet(groupIds)).flatMap((row) => (row ? [[row.id, row] as const] : [])));
		return lists.map((list) => list.filter((row) => groups.get(row.group)?.state.members.has(row.member) ?? true));
	});
}

/** Per message: delivered and read counts among the current members it was sent to. */
export async function deliveryCounts(db: ChatDb, messageIds: readonly MessageId[]): Promise<Map<MessageId, DeliveryCount>> {
	const lists = await deliveryOfMany(db, messageIds);
	return new Map(
		messageIds.map((id, i) => {
			const list = lists[i]!;
			const read = list.filter((row) => row.readAt !== undefined).length;
			// `read` only once someone has read it: counts without reads read as before receipts existed.
			return [id, { delivered: list.filter((row) => row.status === 'sent').length, total: list.length, ...(read > 0 ? { read } : {}) }];
		})
	);
}

function pendingRange(db: ChatDb, member: PeerId, group: GroupId) {
	return db.groupDelivery.where('[member+status+group+seq]').between([member, 'pending', group, -Infinity], [member, 'pending', group, Infinity]);
}

/**
 * Inside a transaction over `groupDelivery` and `sender`: the `sender` rows among these messages
 * with no copy pending any more are stored `sent`; every touched row is returned.
 */
export async function settleSent(db: ChatDb, messageIds: readonly MessageId[]): Promise<SentRow[]> {
	const unique = [...new Set(messageIds)];
	const [rows, lists] = await Promise.all([db.sender.bulkGet(unique), Promise.all(unique.map((id) => copiesOf(db, id)))]);
	const changed: SentRow[] = [];
	const touched = rows.flatMap((row, i) => {
		if (!row) return [];
		if (row.status === 'sent' || lists[i]!.some((copy) => copy.status === 'pending')) return [row];
		const sent = { ...row, status: 'sent' as const };
		changed.push(sent);
		return [sent];
	});
	if (changed.length > 0) await db.sender.bulkPut(changed);
	return touched;
}
