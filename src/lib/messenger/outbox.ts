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
 * Sends pending rows to a peer over its current channel, oldest first. Each channel sends a row
 * at most once; a new channel (after a reconnect) sends every row still pending, and the receiver
 * drops the ones it already has. Rows leave `pending` only when the ack arrives.
 */
export class Outbox {
	#sentOn = new WeakMap<Channel, Set<MessageId>>();
	#runs = new Map<PeerId, Promise<void>>();
	/** Channels that have had one full flush: only these may take the fast path in order. */
	#caughtUp = new WeakSet<Channel>();

	constructor(
		private readonly db: ChatDb,
		private readonly connections: Connections,
		private readonly log: ProtocolLog
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
			let sent = this.#sentOn.get(channel);
			if (!sent) this.#sentOn.set(channel, (sent = new Set()));
			if (sent.size < SEND_WINDOW_FRAMES && channel.session.send(messageFrame(row))) {
				sent.add(row.id);
				return Promise.resolve();
			}
		}
		return this.flush(row.peerId);
	}

	acknowledged(peer: PeerId, ids: readonly MessageId[]): void {
		const channel = this.connections.channel(peer);
		const sent = channel ? this.#sentOn.get(channel) : undefined;
		if (!channel || !sent) return;
		const before = sent.size;
		for (const id of ids) sent.delete(id);
		// A flush that stopped at a full window goes on once half of it has come back.
		if (!this.#caughtUp.has(channel) && before >= SEND_WINDOW_FRAMES / 2 && sent.size < SEND_WINDOW_FRAMES / 2) void this.flush(peer);
	}

	async #flushNow(peer: PeerId): Promise<void> {
		const channel = this.connections.channel(peer);
		if (!channel) {
			this.connections.ensure(peer);
			return;
		}
		let sent = this.#sentOn.get(channel);
		if (!sent) this.#sentOn.set(channel, (sent = new Set()));
		this.#caughtUp.delete(channel);
		// Rows go out in seq order, so on this channel every pending row not yet sent comes after
		// the ones in flight: reading this many always covers a full window of unsent rows.
		const limit = SEND_WINDOW_FRAMES + sent.size;
		const rows = await pendingFor(this.db, peer, limit);
		for (const row of rows) {
			if (sent.has(row.id)) continue;
			if (sent.size >= SEND_WINDOW_FRAMES) return;
			if (this.connections.channel(peer) !== channel || !channel.session.send(messageFrame(row))) return;
			sent.add(row.id);
		}
		// More messages may be waiting beyond what was read: edits must not overtake them.
		if (rows.length === limit) return;
		// Edits after messages: an edit never overtakes the message it changes.
		for (const edit of await pendingEditsFor(this.db, peer)) {
			if (sent.has(edit.id)) continue;
			if (sent.size >= SEND_WINDOW_FRAMES) return;
			if (this.connections.channel(peer) !== channel || !channel.session.send(editFrame(edit))) return;
			sent.add(edit.id);
		}
		this.#caughtUp.add(channel);
	}
}
