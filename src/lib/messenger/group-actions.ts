import type { Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import { recordOwnGroupChange } from '../db/group-edits';
import { commitDurably } from '../db/durability';
import { recordOutgoingGroupMessages, type GroupRecordRefusal } from '../db/group-outbox';
import { applyGroupOp, groupState } from '../db/group-store';
import type { GroupMessageBody, GroupMessageFrame } from '../group/group-frames';
import type { GroupId } from '../group/group-ids';
import { MAX_GROUP_MEMBERS, MAX_GROUP_NAME_CHARS, MAX_OP_PARENTS } from '../group/group-limits';
import { signGroupMessage, signGroupOp, type VerifiedOp } from '../group/group-signing';
import type { GroupState } from '../group/membership';
import { newMessageId, type MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { FileRow } from '../db/file-rows';
import type { FileBody } from '../files/file-frames';
import type { SentRow } from '../db/schema';
import { GroupActionError, type GroupApi } from './group-api';
import { GroupSeqs } from './group-seqs';
import type { GroupWire } from './group-wire';
import { messageText } from './message-text';

/** The nonce that makes two groups with the same name and members two groups. */
const CREATE_NONCE_BYTES = 16;
/** Most messages of a burst recorded in one transaction (each with a delivery row per member). */
export const MAX_TEXTS_PER_WRITE = 64;

interface QueuedText {
	body: GroupMessageBody;
	resolve: (id: MessageId) => void;
	reject: (error: unknown) => void;
}

type OpBody =
	| { kind: 'add' | 'remove'; member: PeerId }
	| { kind: 'admin'; member: PeerId; admin: boolean }
	| { kind: 'rename'; name: string }
	| { kind: 'leave' };

/**
 * What this device does in groups (GroupApi): every action signs its frame, records it in ONE
 * transaction (the op applied, or the message with a pending copy per current member), and only
 * then puts it on the wire; a member without a channel is dialled and catches up on connect.
 * Writes of one group run one at a time, so seqs and op parents never race. Messages written
 * while a write runs are recorded together in the next one (group commit: a burst costs a few
 * transactions), and a frame goes on the wire only once its record is durable (group-seqs.ts).
 */
export class GroupActions implements GroupApi {
	#queues = new Map<GroupId, Promise<unknown>>();
	/** Messages waiting for their group's next write. */
	#texts = new Map<GroupId, QueuedText[]>();
	#seqs: GroupSeqs;

	constructor(
		private readonly wire: GroupWire,
		private readonly sodium: Sodium,
		private readonly identity: Identity
	) {
		this.#seqs = new GroupSeqs(wire.db, identity.peerId);
	}

	async createGroup(name: string, members: readonly PeerId[]): Promise<GroupId> {
		const me = this.identity.peerId;
		const others = [...new Set(members)].filter((member) => member !== me);
		if (others.length + 1 > MAX_GROUP_MEMBERS) throw new GroupActionError('too-many-members');
		const op = signGroupOp(this.sodium, this.identity, {
			kind: 'create',
			g: '' as GroupId,
			clock: 1,
			after: [],
			name: groupName(name),
			members: others,
			nonce: this.sodium.randombytes_buf(CREATE_NONCE_BYTES)
		});
		await this.#apply(op);
		this.wire.fanOutOp(others, op.frame);
		await this.wire.membersChanged(op.group);
		return op.group;
	}

	sendGroupText(group: GroupId, text: string, options: { replyTo?: MessageId } = {}): Promise<MessageId> {
		const body: GroupMessageBody = { kind: 'text', text: messageText(text, 'Cannot send an empty message.'), ...(options.replyTo ? { reply: options.replyTo } : {}) };
		return new Promise((resolve, reject) => {
			let queue = this.#texts.get(group);
			if (!queue) {
				this.#texts.set(group, (queue = []));
				void this.#serial(group, () => this.#writeTexts(group));
			}
			queue.push({ body, resolve, reject });
		});
	}

	/**
	 * A file message (PROTOCOL §13): signed like text, recorded with the sender's file row in the
	 * same transaction, then fanned out. `fileRow` makes that row for the signed message.
	 */
	sendGroupFile(group: GroupId, body: FileBody, fileRow: (frame: GroupMessageFrame, time: number) => FileRow): Promise<MessageId> {
		return this.#serial(group, async () => {
			const frames = await this.#record(group, [body], (signed) => recordOutgoingGroupMessages(this.wire.db, this.identity.peerId, signed, this.wire.options.now, fileRow));
			if (!frames) throw new GroupActionError('not-a-member');
			return frames[0]!.id;
		});
	}

	/** Edits (text) or deletes (null) one of my group messages: a signed frame to every member. */
	changeGroupMessage(row: SentRow, text: string | null): Promise<boolean> {
		const group = row.conversationId as GroupId;
		return this.#serial(group, async () => {
			const version = row.version ?? 0;
			const body: GroupMessageBody = text === null ? { kind: 'delete', target: row.id } : { kind: 'edit', target: row.id, version: version + 1, text };
			// Any refusal but stale seqs means this change will not happen: false, as for a raced edit.
			const recorded = await this.#record(group, [body], async (frames) => {
				const done = await recordOwnGroupChange(this.wire.db, this.identity.peerId, frames[0]!, version, this.wire.options.now());
				return done.ok || done.reason === 'stale-seq' ? done : { ok: false as const, reason: 'changed' as const };
			});
			return recorded !== null;
		});
	}

	/** Every message queued for the group so far, a transaction per MAX_TEXTS_PER_WRITE. */
	async #writeTexts(group: GroupId): Promise<void> {
		const queue = this.#texts.get(group) ?? [];
		this.#texts.delete(group);
		for (let i = 0; i < queue.length; i += MAX_TEXTS_PER_WRITE) {
			const part = queue.slice(i, i + MAX_TEXTS_PER_WRITE);
			try {
				const frames = await this.#record(group, part.map((text) => text.body), (signed) => recordOutgoingGroupMessages(this.wire.db, this.identity.peerId, signed, this.wire.options.now));
				if (!frames) throw new GroupActionError('not-a-member');
				part.forEach((text, j) => text.resolve(frames[j]!.id));
			} catch (error) {
				for (const text of part) text.reject(error);
			}
		}
	}

	/**
	 * Signs the bodies with my next seqs, records them (`write`), waits until the record is
	 * durable and fans the frames out. Null when `write` refused for a reason that is not the
	 * caller's to throw (an edit raced); seqs found stale (another tab wrote) are read again once.
	 */
	async #record(
		group: GroupId,
		bodies: readonly GroupMessageBody[],
		write: (frames: GroupMessageFrame[]) => Promise<{ ok: true; recipients: PeerId[] } | { ok: false; reason: GroupRecordRefusal | 'changed' }>
	): Promise<GroupMessageFrame[] | null> {
		for (let attempt = 0; ; attempt++) {
			const first = await this.#seqs.take(group, bodies.length);
			const frames = bodies.map((body, i) => this.#sign(group, first + i, body));
			let recorded;
			try {
				recorded = await write(frames);
			} catch (error) {
				this.#seqs.forget(group);
				throw error;
			}
			if (recorded.ok) {
				// No seq on the wire before it is durable here: after a power cut, the high-water mark
				// read at the next start is at or above every seq a member has seen.
				await commitDurably(this.wire.db);
				for (const frame of frames) this.wire.fanOut(recorded.recipients, frame);
				return frames;
			}
			this.#seqs.forget(group);
			if (recorded.reason === 'stale-seq' && attempt === 0) continue;
			if (recorded.reason === 'changed') return null;
			throw new GroupActionError(recorded.reason === 'unknown-group' ? 'unknown-group' : 'not-a-member');
		}
	}

	addGroupMember(group: GroupId, member: PeerId): Promise<void> {
		return this.#op(group, (state) => {
			if (state.members.has(member)) return null;
			if (state.members.size >= MAX_GROUP_MEMBERS) throw new GroupActionError('too-many-members');
			return { kind: 'add', member };
		}, [member]);
	}

	removeGroupMember(group: GroupId, member: PeerId): Promise<void> {
		return this.#op(group, (state) => (state.members.has(member) ? { kind: 'remove', member } : null), [member]);
	}

	setGroupAdmin(group: GroupId, member: PeerId, admin: boolean): Promise<void> {
		return this.#op(group, (state) => {
			if (state.creator !== this.identity.peerId) throw new GroupActionError('not-allowed');
			const current = state.members.get(member);
			if (!current) throw new GroupActionError('not-a-member');
			return current.admin === admin ? null : { kind: 'admin', member, admin };
		});
	}

	renameGroup(group: GroupId, name: string): Promise<void> {
		const clean = groupName(name);
		return this.#op(group, (state) => (state.name === clean ? null : { kind: 'rename', name: clean }));
	}

	leaveGroup(group: GroupId): Promise<void> {
		return this.#op(group, () => ({ kind: 'leave' }), [], false);
	}

	/**
	 * Signs an op on top of the group's current heads, applies it and sends it to every member
	 * before and after it (and `affected`); `build` returns null when the op would change nothing.
	 */
	#op(group: GroupId, build: (state: GroupState) => OpBody | null, affected: PeerId[] = [], adminOnly = true): Promise<void> {
		return this.#serial(group, async () => {
			const me = this.identity.peerId;
			const state = await groupState(this.wire.db, group);
			if (!state) throw new GroupActionError('unknown-group');
			const mine = state.members.get(me);
			if (!mine) throw new GroupActionError('not-a-member');
			if (adminOnly && !mine.admin) throw new GroupActionError('not-allowed');
			const body = build(state);
			if (!body) return;
			const op = signGroupOp(this.sodium, this.identity, { ...body, g: group, clock: state.clock + 1, after: state.heads.slice(0, MAX_OP_PARENTS) });
			const after = await this.#apply(op);
			// The op first, then the new summary (membersChanged): a summary naming a head the member
			// has not received would make it ask for the op it is about to get.
			this.wire.fanOutOp([...state.members.keys(), ...after.members.keys(), ...affected], op.frame);
			await this.wire.membersChanged(group);
		});
	}

	async #apply(op: VerifiedOp): Promise<GroupState> {
		const applied = await applyGroupOp(this.wire.db, this.identity.peerId, op, this.wire.options.now());
		if (!applied.ok) throw new GroupActionError(applied.reason === 'unknown-group' ? 'unknown-group' : 'not-allowed');
		return applied.value.group.state;
	}

	#sign(group: GroupId, seq: number, body: GroupMessageBody): GroupMessageFrame {
		const now = this.wire.options.now();
		return signGroupMessage(this.sodium, this.identity, { g: group, seq, id: newMessageId(now), ts: Math.floor(now), body });
	}

	#serial<T>(group: GroupId, task: () => Promise<T>): Promise<T> {
		const previous = this.#queues.get(group) ?? Promise.resolve();
		const next = previous.catch(() => undefined).then(task);
		this.#queues.set(group, next);
		void next.catch(() => undefined).finally(() => {
			if (this.#queues.get(group) === next) this.#queues.delete(group);
		});
		return next;
	}
}

/** A group name as signed: trimmed, not empty, not too long. */
function groupName(name: string): string {
	const clean = name.trim();
	if (!clean || clean.length > MAX_GROUP_NAME_CHARS) throw new GroupActionError('invalid-name');
	return clean;
}
