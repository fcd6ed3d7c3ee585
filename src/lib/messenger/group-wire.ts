import type { ChatDb } from '../db/chat-db';
import { markGroupAckedBy, pendingGroupFrames } from '../db/group-outbox';
import { heldSummary, type HeldSummary } from '../db/group-relay-queries';
import { groupState, listGroups } from '../db/group-store';
import { groupPeers, recordGroupMembers } from '../db/group-users';
import type { GroupMessageFrame, GroupOpFrame, GroupSummaryFrame } from '../group/group-frames';
import type { GroupId } from '../group/group-ids';
import { MAX_GROUP_MEMBERS } from '../group/group-limits';
import type { GroupState } from '../group/membership';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { GroupAppFrame } from '../protocol/frames';
import type { ProtocolLog } from '../protocol/reject';
import type { Admission } from './admission';
import type { Channel, Connections } from './connections';
import { GroupResend } from './group-resend';
import { ACK_WAIT_MS } from './outbox';

export interface GroupWireOptions {
	db: ChatDb;
	me: PeerId;
	log: ProtocolLog;
	now: () => number;
	connections: Connections;
	admission: Admission;
	/** Invisible mode: nothing is sent or dialled (frames stay pending). */
	paused: () => boolean;
	/** The first resend of an unacked copy on a live channel waits twice this (group-resend.ts). */
	ackWaitMs?: number;
}

/** What one channel told and was told about each group (PROTOCOL §12d). */
export class ChannelGroups {
	/** The last summary I sent on this channel, as `summaryKey`: a changed one is sent again. */
	readonly summarySent = new Map<GroupId, string>();
	/** The peer's last summary on this channel (kept for a group I do not hold yet: I may join). */
	readonly theirs = new Map<GroupId, GroupSummaryFrame>();
	/** My own frames sent on this channel, per group; cleared when the peer's op count moves. */
	readonly sent = new Map<GroupId, Set<MessageId>>();
}

/** Most groups one channel keeps state about: a peer naming endless group ids cannot grow it. */
const MAX_GROUPS_PER_CHANNEL = 1_024;

/**
 * The messenger's group transport: fan-out of my frames over the pairwise sessions, the ack
 * bookkeeping per member, summaries on connect, and the admission of everyone who shares a group
 * with me. Frames travel over ready channels only; a member without one is dialled and gets what
 * it lacks through the summary exchange once the channel is up (group-sync.ts).
 */
export class GroupWire {
	#channels = new WeakMap<Channel, ChannelGroups>();
	/** My group frames sent and not acked yet, per member: only acks naming these touch storage. */
	#awaiting = new Map<PeerId, Set<MessageId>>();
	/** Acks gathered for the next settle, per member, and that settle if it has not started yet. */
	#acks = new Map<PeerId, MessageId[]>();
	#settle: { waiting: boolean; done: Promise<void> } | null = null;
	#resend: GroupResend;

	constructor(readonly options: GroupWireOptions) {
		this.#resend = new GroupResend({
			now: options.now,
			ackWaitMs: options.ackWaitMs ?? ACK_WAIT_MS,
			channel: (peer) => options.connections.channel(peer),
			resend: (peer, group, ids) => this.#resendCopies(peer, group, ids),
			failed: (error) => options.log.info('group resend failed', { error: String(error).slice(0, 200) })
		});
	}

	stop(): void {
		this.#resend.stop();
	}

	get db(): ChatDb {
		return this.options.db;
	}

	get me(): PeerId {
		return this.options.me;
	}

	/** State kept for this peer's current channel, if it has one. */
	channelState(peer: PeerId): ChannelGroups | undefined {
		const channel = this.options.connections.channel(peer);
		if (!channel) return undefined;
		let state = this.#channels.get(channel);
		if (!state) this.#channels.set(channel, (state = new ChannelGroups()));
		return state;
	}

	send(peer: PeerId, frame: GroupAppFrame): boolean {
		if (this.options.paused()) return false;
		return this.options.connections.send(peer, frame);
	}

	/** One of my frames to one member; false when there is no channel (it stays pending). */
	sendOwn(member: PeerId, frame: GroupMessageFrame): boolean {
		const link = this.options.connections.channel(member);
		const channel = this.channelState(member);
		if (!link || !channel || !this.send(member, frame)) return false;
		this.#resend.sent(member, link, frame.g, frame.id);
		let sent = channel.sent.get(frame.g);
		if (!sent) channel.sent.set(frame.g, (sent = new Set()));
		sent.add(frame.id);
		let awaiting = this.#awaiting.get(member);
		if (!awaiting) this.#awaiting.set(member, (awaiting = new Set()));
		awaiting.add(frame.id);
		return true;
	}

	/** A new frame of mine: to every recipient with a channel now; the others are dialled. */
	fanOut(recipients: readonly PeerId[], frame: GroupMessageFrame): void {
		for (const member of recipients) if (!this.sendOwn(member, frame)) this.dial(member);
	}

	/** An op to everyone it concerns; whoever misses it gets it from the op sync on connect. */
	fanOutOp(recipients: Iterable<PeerId>, frame: GroupOpFrame): void {
		for (const member of new Set(recipients)) {
			if (member === this.me) continue;
			if (!this.send(member, frame)) this.dial(member);
		}
	}

	dial(peer: PeerId): void {
		if (!this.options.paused() && !this.options.admission.isBlocked(peer)) this.options.connections.ensure(peer);
	}

	/** My pending frames for the member in this group that this channel has not carried yet. */
	async flushPending(member: PeerId, group: GroupId): Promise<number> {
		const channel = this.channelState(member);
		if (!channel) return 0;
		const sent = channel.sent.get(group);
		let count = 0;
		for (const frame of await pendingGroupFrames(this.db, member, group)) {
			if (sent?.has(frame.id)) continue;
			if (!this.sendOwn(member, frame)) break;
			count++;
		}
		return count;
	}

	/** Copies due for a resend on the live channel: those still pending go out again, the rest are forgotten. */
	async #resendCopies(member: PeerId, group: GroupId, ids: readonly MessageId[]): Promise<void> {
		const wanted = new Set(ids);
		const frames = (await pendingGroupFrames(this.db, member, group)).filter((frame) => wanted.has(frame.id));
		const pending = new Set(frames.map((frame) => frame.id));
		this.#resend.settled(member, ids.filter((id) => !pending.has(id)));
		const sent = this.channelState(member)?.sent.get(group);
		for (const frame of frames) {
			sent?.delete(frame.id);
			if (!this.sendOwn(member, frame)) return;
		}
	}

	/**
	 * Acks from a member: those naming my group frames move that member's delivery rows. A direct
	 * conversation's acks never name one, so they cost no group read. Acks of every member are
	 * settled together: those arriving while a settle runs wait for the next one (group commit),
	 * so a burst costs a few transactions, not one per ack frame per member. Resolves once the
	 * settle that covers these acks has run.
	 */
	acked(peer: PeerId, ids: readonly MessageId[]): Promise<void> {
		const awaiting = this.#awaiting.get(peer);
		if (!awaiting) return Promise.resolve();
		const mine = ids.filter((id) => awaiting.delete(id));
		if (awaiting.size === 0) this.#awaiting.delete(peer);
		if (mine.length === 0) return Promise.resolve();
		this.#resend.settled(peer, mine);
		const gathered = this.#acks.get(peer);
		if (gathered) gathered.push(...mine);
		else this.#acks.set(peer, mine);
		if (this.#settle?.waiting) return this.#settle.done;
		const run = { waiting: true, done: Promise.resolve() };
		run.done = (this.#settle?.done ?? Promise.resolve()).then(async () => {
			run.waiting = false;
			const acks = this.#acks;
			this.#acks = new Map();
			try {
				await markGroupAckedBy(this.db, acks, this.options.now());
			} catch (error) {
				// The copies stay pending: the member gets them again on its next channel and acks again.
				this.options.log.info('group acks not stored', { error: String(error).slice(0, 200) });
			}
		});
		this.#settle = run;
		void run.done.finally(() => {
			if (this.#settle === run) this.#settle = null;
		});
		return run.done;
	}

	/** My summary of the group as a frame, with the key that tells whether it changed. */
	summaryOf(group: GroupId, held: HeldSummary | null): { frame: GroupSummaryFrame; key: string } {
		const authors = held ? [...held.summary.keys()] : [];
		const frame: GroupSummaryFrame = {
			t: 'gsum',
			g: group,
			authors,
			from: authors.map((author) => held!.summary.get(author)!.from),
			upTo: authors.map((author) => held!.summary.get(author)!.upTo),
			heads: held ? [...held.heads] : [],
			ops: held?.ops ?? 0
		};
		const key = `${frame.heads.join(',')}|${frame.ops}|${authors.map((a, i) => `${a}:${frame.from[i]}-${frame.upTo[i]}`).join(',')}`;
		return { frame, key };
	}

	/** Sends my summary of the group unless this channel already carries the same one. */
	async sendSummary(peer: PeerId, group: GroupId): Promise<void> {
		const channel = this.channelState(peer);
		if (!channel) return;
		if (!channel.summarySent.has(group) && channel.summarySent.size >= MAX_GROUPS_PER_CHANNEL) return;
		const { frame, key } = this.summaryOf(group, await heldSummary(this.db, group));
		if (channel.summarySent.get(group) === key) return;
		if (this.send(peer, frame)) channel.summarySent.set(group, key);
	}

	/** A channel is up: a summary of every group we share by my state (PROTOCOL §12d). */
	async onReady(peer: PeerId): Promise<void> {
		for (const row of await listGroups(this.db)) {
			if (!row.state.members.has(this.me)) continue;
			if (row.state.members.has(peer) || row.state.departed.has(peer)) await this.sendSummary(peer, row.id);
		}
	}

	/**
	 * A membership changed (or a group arrived): members get address-book rows, admission follows
	 * the new set, and members connected now hear my new summary (a member who just joined asks
	 * for what it lacks that way).
	 */
	async membersChanged(group: GroupId): Promise<void> {
		const state = await groupState(this.db, group);
		if (!state) return;
		await recordGroupMembers(this.db, this.me, state, this.options.now());
		await this.refreshAdmission();
		if (!state.members.has(this.me)) return;
		for (const member of state.members.keys()) if (member !== this.me && this.options.connections.channel(member)) await this.sendSummary(member, group);
	}

	async refreshAdmission(): Promise<void> {
		this.options.admission.setGroupPeers(await groupPeers(this.db, this.me));
	}

	/**
	 * Signalling is up: the members of my groups to dial (a few dozen at most per group), for
	 * Reach's paced queue. None while invisible; never a blocked peer.
	 */
	async membersToDial(): Promise<PeerId[]> {
		const peers = [...(await groupPeers(this.db, this.me))].slice(0, 4 * MAX_GROUP_MEMBERS);
		if (this.options.paused()) return [];
		return peers.filter((peer) => !this.options.admission.isBlocked(peer));
	}
}

/** Who in a group may be sent what (PROTOCOL §12d): members everything, departed members their removal. */
export function standing(state: GroupState, peer: PeerId): 'member' | 'departed' | 'stranger' {
	if (state.members.has(peer)) return 'member';
	return state.departed.has(peer) ? 'departed' : 'stranger';
}
