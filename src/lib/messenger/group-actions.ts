import type { Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import { recordOwnGroupChange } from '../db/group-edits';
import { lastGroupSeq, recordOutgoingGroupMessage } from '../db/group-outbox';
import { applyGroupOp, groupState } from '../db/group-store';
import type { GroupMessageBody } from '../group/group-frames';
import type { GroupId } from '../group/group-ids';
import { MAX_GROUP_MEMBERS, MAX_GROUP_NAME_CHARS, MAX_OP_PARENTS } from '../group/group-limits';
import { signGroupMessage, signGroupOp, type VerifiedOp } from '../group/group-signing';
import type { GroupState } from '../group/membership';
import { newMessageId, type MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { SentRow } from '../db/schema';
import { GroupActionError, type GroupApi } from './group-api';
import type { GroupWire } from './group-wire';
import { messageText } from './message-text';

/** The nonce that makes two groups with the same name and members two groups. */
const CREATE_NONCE_BYTES = 16;

type OpBody =
	| { kind: 'add' | 'remove'; member: PeerId }
	| { kind: 'admin'; member: PeerId; admin: boolean }
	| { kind: 'rename'; name: string }
	| { kind: 'leave' };

/**
 * What this device does in groups (GroupApi): every action signs its frame, records it in ONE
 * transaction (the op applied, or the message with a pending copy per current member), and only
 * then puts it on the wire; a member without a channel is dialled and catches up on connect.
 * Frames of one group are written one at a time, so seqs and op parents never race.
 */
export class GroupActions implements GroupApi {
	#queues = new Map<GroupId, Promise<unknown>>();

	constructor(
		private readonly wire: GroupWire,
		private readonly sodium: Sodium,
		private readonly identity: Identity
	) {}

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
		const body = messageText(text, 'Cannot send an empty message.');
		return this.#serial(group, async () => {
			const frame = await this.#message(group, { kind: 'text', text: body, ...(options.replyTo ? { reply: options.replyTo } : {}) });
			const recorded = await recordOutgoingGroupMessage(this.wire.db, this.identity.peerId, frame, this.wire.options.now());
			if (!recorded.ok) throw new GroupActionError(recorded.reason === 'unknown-group' ? 'unknown-group' : 'not-a-member');
			this.wire.fanOut(recorded.recipients, frame);
			return frame.id;
		});
	}

	/** Edits (text) or deletes (null) one of my group messages: a signed frame to every member. */
	changeGroupMessage(row: SentRow, text: string | null): Promise<boolean> {
		const group = row.conversationId as GroupId;
		return this.#serial(group, async () => {
			const version = row.version ?? 0;
			const body: GroupMessageBody = text === null ? { kind: 'delete', target: row.id } : { kind: 'edit', target: row.id, version: version + 1, text };
			const frame = await this.#message(group, body);
			const recorded = await recordOwnGroupChange(this.wire.db, this.identity.peerId, frame, version, this.wire.options.now());
			if (!recorded.ok) return false;
			this.wire.fanOut(recorded.recipients, frame);
			return true;
		});
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

	async #message(group: GroupId, body: GroupMessageBody) {
		const now = this.wire.options.now();
		const seq = (await lastGroupSeq(this.wire.db, this.identity.peerId, group)) + 1;
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
