import type { GroupId } from '../group/group-ids';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { Channel } from './connections';
import { MAX_RETRY_WAIT_MS, RETRY_FACTOR } from './outbox';

interface Unacked {
	group: GroupId;
	/** When it is due for a resend; Infinity while a resend is under way. */
	at: number;
	attempts: number;
}

export interface GroupResendOptions {
	now: () => number;
	ackWaitMs: number;
	/** The peer's current channel (a copy sent on an older one is the reconnect's business). */
	channel: (peer: PeerId) => Channel | undefined;
	/** Sends these copies again if they are still pending for the member; the rest are forgotten. */
	resend: (peer: PeerId, group: GroupId, ids: readonly MessageId[]) => Promise<void>;
	failed: (error: unknown) => void;
}

/**
 * Reliability of my group copies on a live channel, by the direct outbox's rule (outbox.ts): a
 * copy still unacked `ackWaitMs` x RETRY_FACTOR after it was sent goes out again on the SAME
 * channel (the member may have failed to store it, or the frame was lost), then after twice as
 * long, and so on, each wait capped at MAX_RETRY_WAIT_MS. A new channel starts over: the summary
 * exchange on connect sends every pending copy (group-sync.ts). One timer per member.
 */
export class GroupResend {
	#unacked = new Map<PeerId, { channel: Channel; copies: Map<MessageId, Unacked> }>();
	#timers = new Map<PeerId, ReturnType<typeof setTimeout>>();

	constructor(private readonly options: GroupResendOptions) {}

	/** A copy just went out on the member's current channel. */
	sent(peer: PeerId, channel: Channel, group: GroupId, id: MessageId): void {
		let entry = this.#unacked.get(peer);
		if (!entry || entry.channel !== channel) this.#unacked.set(peer, (entry = { channel, copies: new Map() }));
		const attempts = (entry.copies.get(id)?.attempts ?? 0) + 1;
		const waitMs = Math.min(this.options.ackWaitMs * RETRY_FACTOR ** attempts, MAX_RETRY_WAIT_MS);
		entry.copies.set(id, { group, at: this.options.now() + waitMs, attempts });
		this.#arm(peer);
	}

	/** Acked (or no longer pending): never resent. */
	settled(peer: PeerId, ids: readonly MessageId[]): void {
		const entry = this.#unacked.get(peer);
		if (!entry) return;
		for (const id of ids) entry.copies.delete(id);
		if (entry.copies.size === 0) this.#drop(peer);
	}

	stop(): void {
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
		this.#unacked.clear();
	}

	#drop(peer: PeerId): void {
		this.#unacked.delete(peer);
		clearTimeout(this.#timers.get(peer));
		this.#timers.delete(peer);
	}

	#arm(peer: PeerId): void {
		if (this.#timers.has(peer)) return;
		const entry = this.#unacked.get(peer);
		if (!entry) return;
		let next = Infinity;
		for (const copy of entry.copies.values()) next = Math.min(next, copy.at);
		if (next === Infinity) return;
		const timer = setTimeout(() => {
			this.#timers.delete(peer);
			void this.#wake(peer);
		}, Math.max(0, next - this.options.now()));
		this.#timers.set(peer, timer);
	}

	async #wake(peer: PeerId): Promise<void> {
		const entry = this.#unacked.get(peer);
		if (!entry) return;
		if (this.options.channel(peer) !== entry.channel) {
			this.#drop(peer);
			return;
		}
		const now = this.options.now();
		const due = new Map<GroupId, MessageId[]>();
		for (const [id, copy] of entry.copies) {
			if (copy.at > now) continue;
			copy.at = Infinity;
			const ids = due.get(copy.group);
			if (ids) ids.push(id);
			else due.set(copy.group, [id]);
		}
		try {
			for (const [group, ids] of due) await this.options.resend(peer, group, ids);
		} catch (error) {
			this.options.failed(error);
			// Storage trouble: those not sent again are tried once more after the longest wait.
			for (const copy of entry.copies.values()) if (copy.at === Infinity) copy.at = now + MAX_RETRY_WAIT_MS;
		}
		// Copies the resend could not send (the channel went) stay parked; the reconnect covers them.
		this.#arm(peer);
	}
}
