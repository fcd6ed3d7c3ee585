// @ts-nocheck
// 
// 
import type { ChatDb } from '../db/chat-db';
import { pendingEditsFor, pendingFor } from '../db/queries';
import type { EditRow, SentRow } from '../db/schema';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { EditFrame, MessageFrame } from '../protocol/frames';
import type { Channel, Connections } from './connections';
import type { ProtocolLog } from '../protocol/reject';

export function messageFrame(row: SentRow): MessageFrame {
	const frame: MessageFrame = { t: 'msg', id: row.id, seq: row.seq, ts: Math.floor(row.time), body: { kind: 'text', text: row.text } };
	return row.version ? { ...frame, v: row.version } : frame;
}

export function editFrame(row: EditRow): EditFrame {
	return { t: 'edit', id: row.id, target: row.target, version: row.version, ts: Math.floor(row.time), text: row.text };
}

/**
 * Unacked frames (messages and edits) in flight on one channel. The receiver bounds its inbound
 * queue (InboundQueue MAX_QUEUED_FRAMES_PER_PEER) and closes the link of a peer beyond it, so an
 * honest burst (a 10,000-message flush) goes out a window at a time, more as acks come back.
 */
export const SEND_WINDOW_FRAMES = 1_024;
/**
 * The window is flow control, not reliability: a frame unacked for this long (the receiver
 * refused it, which it never acks) stops counting against the window, so refused rows cannot
 * stall the peer's later messages. The row stays pending and goes out again on the next channel.
 */
export const ACK_WAIT_MS = 10_000;

/** What one channel has been sent: every row (never sent twice on it) and those awaiting an ack. */
class ChannelSends {
	readonly sent = new Set<MessageId>();
	readonly #awaiting = new Map<MessageId, number>();

	add(id: MessageId, now: number): void {
		this.sent.add(id);
		this.#awaiting.set(id, now);
	}

	acknowledge(id: MessageId): void {
		this.sent.delete(id);
		this.#awaiting.delete(id);
	}

	/** Frames counting against the window: those sent less than ACK_WAIT_MS ago and unacked. */
	inFlight(now: number): number {
		for (const [id, at] of this.#awaiting) {
			if (now - at < ACK_WAIT_MS) break;
			this.#awaiting.delete(id);
		}
		return this.#awaiting.size;
	}

	/** When the oldest frame in flight stops counting. */
	nextExpiry(): number | undefined {
		const oldest = this.#awaiting.values().next();
		return oldest.done ? undefined : oldest.value + ACK_WAIT_MS;
	}
}

/**
 * Sends pending rows to a peer over its current channel, oldest first. Each channel sends a row
 * at most once; a new channel (after a reconnect) sends every row still pending, and the receiver
 * drops the ones it already has. Rows leave `pending` only when the ack arrives.
 */
export class Outbox {
	#sentOn = new WeakMap<Channel, ChannelSends>();
	#runs = new Map<PeerId, Promise<void>>();
	/** Channels that have had one full flush: only these may take the fast path in order. */
	#caughtUp = new WeakSet<Channel>();
	/** Peers whose full window is waiting for acks: flushed again once the oldest stops counting. */
	#resume = new Map<PeerId, ReturnType<typeof setTimeout>>();

	constructor(
		private readonly db: ChatDb,
		private readonly connections: Connections,
		private readonly log: ProtocolLog,
		private readonly now: () => number = Date.now
	) {}

	flush(peer: PeerId): Promise<void> {
		const previous = this.#runs.get(peer) ?? Promise.resolve();
		// A failed read (storage trouble) must not stall later flushes; the rows stay pending and
		// the next flush (new message, reconnect, retry) tries again.
		const run = previous.then(() => this.#flushNow(peer)).catch((error: unknown) => {
			this.log.info('outbox flush failed', { peer, error: String(error).slice(0, 200) });
		});
		this.#runs.set(peer, run);
		void run.finally(() => {
			if (this.#runs.get(peer) === run) this.#runs.delete(peer);
		});
		return run;
	}

	/**
	 * The common case, a new message while the channel is up and nothing else is queued: send the
	 * committed row straight away instead of reading the outbox back from IndexedDB.
	 */
	sendNew(row: SentRow): Promise<void> {
		const channel = this.connections.channel(row.peerId);
		if (channel && this.#caughtUp.has(channel) && !this.#runs.has(row.peerId)) {
			const sends = this.#sendsOn(channel);
			const now = this.now();
			if (sends.inFlight(now) < SEND_WINDOW_FRAMES && channel.session.send(messageFrame(row))) {
				sends.add(row.id, now);
				return Promise.resolve();
			}
		}
		return this.flush(row.peerId);
	}

	acknowledged(peer: PeerId, ids: readonly MessageId[]): void {
		const channel = this.connections.channel(peer);
		const sends = channel ? this.#sentOn.get(channel) : undefined;
		if (!channel || !sends) return;
		const now = this.now();
		const before = sends.inFlight(now);
		for (const id of ids) sends.acknowledge(id);
		// A flush that stopped at a full window goes on once half of it has come back.
		const after = sends.inFlight(now);
		if (!this.#caughtUp.has(channel) && before >= SEND_WINDOW_FRAMES / 2 && after < SEND_WINDOW_FRAMES / 2) void this.flush(peer);
	}

	#sendsOn(channel: Channel): ChannelSends {
		let sends = this.#sentOn.get(channel);
		if (!sends) this.#sentOn.set(channel, (sends = new ChannelSends()));
		return sends;
	}

	/** A window full of unacked frames: try again when the oldest of them stops counting. */
	#resumeLater(peer: PeerId, channel: Channel, sends: ChannelSends): void {
		const at = sends.nextExpiry();
		if (at === undefined || this.#resume.has(peer)) return;
		const timer = setTimeout(() => {
			this.#resume.delete(peer);
			if (this.connections.channel(peer) === channel) void this.flush(peer);
		}, Math.max(0, at - this.now()));
		this.#resume.set(peer, timer);
	}

	async #flushNow(peer: PeerId): Promise<void> {
		const channel = this.connections.channel(peer);
		if (!channel) {
			this.connections.ensure(peer);
			return;
		}
		const sends = this.#sendsOn(channel);
		const { sent } = sends;
		this.#caughtUp.delete(channel);
		// Rows go out in seq order, so on this channel every pending row not yet sent comes after
		// the ones sent before: reading this many always covers a full window of unsent rows.
		const limit = SEND_WINDOW_FRAMES + sent.size;
		const rows = await pendingFor(this.db, peer, limit);
		const send = (id: MessageId, frame: MessageFrame | EditFrame): boolean | 'full' => {
			if (sent.has(id)) return true;
			const now = this.now();
			if (sends.inFlight(now) >= SEND_WINDOW_FRAMES) return 'full';
			if (this.connections.channel(peer) !== channel || !channel.session.send(frame)) return false;
			sends.add(id, now);
			return true;
		};
		for (const row of rows) {
			const result = send(row.id, messageFrame(row));
			if (result === 'full') return this.#resumeLater(peer, channel, sends);
			if (!result) return;
		}
		// More messages may be waiting beyond what was read: edits must not overtake them.
		if (rows.length === limit) return;
		// Edits after messages: an edit never overtakes the message it changes.
		for (const edit of await pendingEditsFor(this.db, peer)) {
			const result = send(edit.id, editFrame(edit));
			if (result === 'full') return this.#resumeLater(peer, channel, sends);
			if (!result) return;
		}
		this.#caughtUp.add(channel);
	}
}
