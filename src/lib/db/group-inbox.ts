import { safeFileName } from '../files/file-name';
import { admitGroupMessage, type HeldGroupMessages, type MessageAdmission } from '../group/admission';
import type { GroupMessageFrame } from '../group/group-frames';
import type { GroupId } from '../group/group-ids';
import type { GroupState } from '../group/membership';
import type { Checked, VerifiedGroupMessage } from '../group/group-signing';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { ChatDb } from './chat-db';
import { incomingFileRow } from './file-rows';
import { dropFiles } from './file-store';
import { previewText } from './conversation-activity';
import { dropVersions, keepVersion } from './group-edits';
import { previewOf } from './group-rows';
import { RunPlacer } from './group-order';
import { stateOf } from './group-store';
import type { GroupFrameRow, GroupRow, ReceivedRow, ThreadMessage } from './schema';

/**
 * Stores a verified group frame delivered by `deliveredBy` (its author, or a member relaying it),
 * in ONE transaction, if admission takes it by the current membership (PROTOCOL §12b): a refused
 * frame stores nothing, and a frame already held (by id, at the same author and seq, whoever
 * delivered it first) is a `duplicate` that stores nothing either; both `new` and `duplicate`
 * are acked. The frame goes to the log; a text message also becomes a `receiver` row of the
 * group's conversation, a file message that row (its caption) and an incoming `files` row,
 * fetched at once if `fetchNow(author)`; an edit or delete changes its author's row.
 */
export async function storeGroupMessage(db: ChatDb, message: VerifiedGroupMessage, deliveredBy: PeerId, now: number, fetchNow: FetchNow = () => true): Promise<Checked<MessageAdmission>> {
	const [verdict] = await storeGroupMessages(db, [message], deliveredBy, () => now, fetchNow);
	return verdict!;
}

/**
 * `storeGroupMessage` for a run of frames from one deliverer, in ONE transaction (a burst costs
 * one commit, not one per frame): each frame is admitted against what the frames before it in
 * the run wrote, so a repeat inside the run is a `duplicate` and an edit may follow its target.
 * One verdict per frame, in order; each group row is written once.
 */
export async function storeGroupMessages(
	db: ChatDb,
	messages: readonly VerifiedGroupMessage[],
	deliveredBy: PeerId,
	now: () => number,
	fetchNow: FetchNow = () => true
): Promise<Checked<MessageAdmission>[]> {
	const tables = [db.groups, db.groupOps, db.groupFrames, db.receiver, db.sender, db.edits, db.editHistory, db.files, db.fileChunks];
	const done = await db.transaction('rw', tables, async () => {
		const groups = new Map<GroupId, GroupRow | undefined>();
		// Ops are not written here: a group's state is the same for the whole run.
		const states = new Map<GroupId, GroupState | null>();
		const touched = new Map<GroupId, GroupRow>();
		const stored: ThreadMessage[] = [];
		const verdicts: Checked<MessageAdmission>[] = [];
		const held = await RunHoldings.read(db, messages);
		const writes = new RunWrites(db);
		const placer = new RunPlacer(db, () => writes.flushRows());
		for (const message of messages) {
			const frame = message.frame;
			if (!groups.has(frame.g)) {
				const row = await db.groups.get(frame.g);
				groups.set(frame.g, row);
				states.set(frame.g, await stateOf(db, row));
			}
			const group = groups.get(frame.g);
			const verdict = admitGroupMessage(states.get(frame.g) ?? null, message, deliveredBy, held.about(frame));
			verdicts.push(verdict);
			if (!verdict.ok || verdict.value === 'duplicate' || !group) continue;
			const at = now();
			// The common case (a text above every seq held) awaits nothing: a long run of native
			// awaits with no request in between lets an IndexedDB shim commit the transaction early.
			const applied = textInOrder(message, at, placer, writes) ?? (await applyBody(db, message, at, placer, writes, fetchNow));
			const updated: GroupRow = { ...group, unread: Math.max(0, group.unread + applied.unread) };
			if (applied.row && (frame.body.kind === 'text' || frame.body.kind === 'file')) Object.assign(updated, { lastActivity: at, preview: previewOf(previewText(applied.row.text, frame.body.kind === 'file' ? frame.body : undefined), frame.by) });
			const logged = { id: frame.id, group: frame.g, author: frame.by, seq: frame.seq, frame };
			writes.logged.push(logged);
			held.logged(logged);
			groups.set(frame.g, updated);
			touched.set(frame.g, updated);
			if (applied.row) stored.push(incoming(applied.row));
		}
		await writes.flush();
		if (touched.size > 0) await db.groups.bulkPut([...touched.values()]);
		return { verdicts, stored, groups: [...touched.values()] };
	});
	if (done.groups.length > 0) db.changes.publish({ messages: done.stored, groups: done.groups });
	return done.verdicts;
}

/**
 * What a run of frames needs to know of what is held, read up front in a few bulk reads instead
 * of five reads per frame, and kept up to date with what the run itself logs: by id, the group
 * log and any direct message or edit holding the id (ids are unique across every conversation,
 * so one of those makes the frame a replay); by author and seq, the group log.
 */
class RunHoldings {
	readonly #byId = new Map<string, { group: GroupId | null; author: PeerId; seq: number }>();
	readonly #bySeq = new Map<string, MessageId>();

	static async read(db: ChatDb, messages: readonly VerifiedGroupMessage[]): Promise<RunHoldings> {
		const holdings = new RunHoldings();
		const ids = messages.map((message) => message.frame.id);
		const seqs = new Map<string, { g: GroupId; by: PeerId; low: number; high: number }>();
		for (const { frame } of messages) {
			const key = `${frame.g}\n${frame.by}`;
			const range = seqs.get(key);
			if (range) Object.assign(range, { low: Math.min(range.low, frame.seq), high: Math.max(range.high, frame.seq) });
			else seqs.set(key, { g: frame.g, by: frame.by, low: frame.seq, high: frame.seq });
		}
		const atSeqs = [...seqs.values()].map(({ g, by, low, high }) => db.groupFrames.where('[group+author+seq]').between([g, by, low], [g, by, high], true, true).toArray());
		const [logged, received, sent, edits, ...ranges] = await Promise.all([db.groupFrames.bulkGet(ids), db.receiver.bulkGet(ids), db.sender.bulkGet(ids), db.edits.bulkGet(ids), ...atSeqs]);
		for (const [i, id] of ids.entries()) {
			const direct = received[i] ?? sent[i] ?? edits[i];
			if (direct) holdings.#byId.set(id, { group: null, author: direct.peerId, seq: 0 });
		}
		for (const row of [...logged, ...ranges.flat()]) if (row) holdings.logged(row);
		return holdings;
	}

	logged(row: { id: string; group: GroupId; author: PeerId; seq: number }): void {
		this.#byId.set(row.id, { group: row.group, author: row.author, seq: row.seq });
		this.#bySeq.set(seqKey(row.group, row.author, row.seq), row.id as MessageId);
	}

	about(frame: GroupMessageFrame): HeldGroupMessages {
		return { idAt: () => this.#bySeq.get(seqKey(frame.g, frame.by, frame.seq)), placeOf: () => this.#byId.get(frame.id) };
	}
}

/**
 * The rows a run adds, written together at its end (two bulk writes, not two writes per frame).
 * New `receiver` rows are written earlier whenever something is about to read that table: the
 * full placement of a copy below a held seq, and an edit or delete (it reads its target).
 */
class RunWrites {
	readonly logged: GroupFrameRow[] = [];
	#rows: ReceivedRow[] = [];

	constructor(private readonly db: ChatDb) {}

	add(row: ReceivedRow): void {
		this.#rows.push(row);
	}

	async flushRows(): Promise<void> {
		if (this.#rows.length === 0) return;
		const rows = this.#rows;
		this.#rows = [];
		// add, never put: a row that slipped past admission must fail (and the run with it), not overwrite.
		await this.db.receiver.bulkAdd(rows);
	}

	async flush(): Promise<void> {
		await this.flushRows();
		if (this.logged.length > 0) await this.db.groupFrames.bulkAdd(this.logged);
	}
}

function seqKey(g: GroupId, by: PeerId, seq: number): string {
	return `${g}\n${by}\n${seq}`;
}

/** A text message placed without a read (placer.placeAbove), or null when that needs applyBody. */
function textInOrder(message: VerifiedGroupMessage, now: number, placer: RunPlacer, writes: RunWrites): { row: ReceivedRow; unread: number } | null {
	const { g, by, seq, id, ts, body } = message.frame;
	if (body.kind !== 'text') return null;
	const row = placer.placeAbove(textRow(g, by, seq, id, ts, body, now));
	if (!row) return null;
	writes.add(row);
	return { row, unread: 1 };
}

function textRow(g: GroupId, by: PeerId, seq: number, id: MessageId, ts: number, body: Extract<GroupMessageFrame['body'], { kind: 'text' }>, now: number): ReceivedRow {
	return { id, conversationId: g, peerId: by, seq, text: body.text, authoredAt: ts, time: now, unread: 1, ...(body.reply ? { replyTo: body.reply } : {}) };
}

/** The `receiver` row a frame adds or changes, and by how much it moves the unread count. */
async function applyBody(db: ChatDb, message: VerifiedGroupMessage, now: number, placer: RunPlacer, writes: RunWrites, fetchNow: FetchNow): Promise<{ row?: ReceivedRow; unread: number }> {
	const { g, by, seq, id, ts, body } = message.frame;
	if (body.kind === 'file') {
		// The message and its file row in this one transaction: never one without the other.
		const row = await placer.place({ id, conversationId: g, peerId: by, seq, text: body.caption ?? '', kind: 'file', fileName: safeFileName(body.name), authoredAt: ts, time: now, unread: 1 });
		writes.add(row);
		await db.files.add(incomingFileRow(body, id, g, by, now, fetchNow(by)));
		return { row, unread: 1 };
	}
	if (body.kind === 'text') {
		// A copy relayed by another member can arrive after the author's later messages: placed
		// before them by seq, and after its earlier ones (group-order.ts).
		const row = await placer.place(textRow(g, by, seq, id, ts, body, now));
		writes.add(row);
		return { row, unread: 1 };
	}
	// The target may be a row of this run.
	await writes.flushRows();
	const target = await db.receiver.get(body.target);
	// Only the author's own message in this group, and never a deleted one: the signature names
	// the author, so nobody edits or deletes another member's words. An edit of a message not
	// held yet changes nothing (relay delivers an author's frames in seq order, target first).
	if (!target || target.conversationId !== g || target.peerId !== by || target.deletedAt !== undefined) return { unread: 0 };
	if (body.kind === 'edit') {
		if (body.version <= (target.version ?? 0)) return { unread: 0 };
		const row: ReceivedRow = { ...target, text: body.text, version: body.version, editId: id, editedAt: now };
		await Promise.all([db.receiver.put(row), keepVersion(db, target, { id: `${by}:${id}`, author: by, version: body.version, text: body.text, time: now })]);
		return { row, unread: 0 };
	}
	const { transcript: _transcript, ...kept } = target;
	const row: ReceivedRow = { ...kept, text: '', deletedAt: now, deleteId: id, unread: 0 };
	await Promise.all([db.receiver.put(row), dropVersions(db, target.id), dropFiles(db, [target.id])]);
	return { row, unread: -target.unread };
}

/** Whether a received file from this author is fetched at once (else it waits: PROTOCOL §13). */
export type FetchNow = (author: PeerId) => boolean;

/** Marks the group's conversation read: its unread rows and the group's count. */
export async function markGroupRead(db: ChatDb, group: GroupId): Promise<void> {
	const done = await db.transaction('rw', db.receiver, db.groups, async () => {
		const [rows, row] = await Promise.all([db.receiver.where('[conversationId+unread]').equals([group, 1]).toArray(), db.groups.get(group)]);
		const read = rows.map((r) => ({ ...r, unread: 0 as const }));
		const updated = row && row.unread !== 0 ? { ...row, unread: 0 } : undefined;
		await Promise.all([read.length > 0 ? db.receiver.bulkPut(read) : undefined, updated ? db.groups.put(updated) : undefined]);
		return { messages: read.map(incoming), groups: updated ? [updated] : [] };
	});
	db.changes.publish(done);
}

function incoming(row: ReceivedRow): ThreadMessage {
	return { ...row, direction: 'in' };
}
