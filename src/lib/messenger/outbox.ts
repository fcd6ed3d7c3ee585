import type { ChatDb } from '../db/chat-db';
import type { FileRow } from '../db/file-rows';
import type { FileBody } from '../files/file-frames';
import { bytesOfHex } from '../files/hex';
import { pendingEditsFor, pendingFor } from '../db/queries';
import type { EditRow, SentRow } from '../db/schema';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { DeleteFrame, EditFrame, MessageFrame } from '../protocol/frames';
import type { Channel, Connections } from './connections';
import type { ProtocolLog } from '../protocol/reject';

/** A message row as it travels; a file message's body is rebuilt from its file row (PROTOCOL §13a). */
export function messageFrame(row: SentRow, file?: FileRow): MessageFrame {
	const body: MessageFrame['body'] = file === undefined ? { kind: 'text', text: row.text } : fileBody(file, row.text);
	const frame: MessageFrame = { t: 'msg', id: row.id, seq: row.seq, ts: Math.floor(row.time), body };
	if (row.version) frame.v = row.version;
	if (row.replyTo) frame.reply = row.replyTo;
	return frame;
}

/** The file body announced by a file message, rebuilt from the sender's row (resends too). */
export function fileBody(file: FileRow, caption: string): FileBody {
	return {
		kind: 'file',
		hash: bytesOfHex(file.hash),
		key: file.key,
		...(file.cipher === undefined ? {} : { cipher: file.cipher }),
		name: file.name,
		type: file.type,
		size: file.size,
		...(file.thumb === undefined ? {} : { thumb: file.thumb }),
		...(file.width === undefined ? {} : { w: file.width }),
		...(file.height === undefined ? {} : { h: file.height }),
		...(file.voice === undefined ? {} : { dur: file.voice.durationMs, peaks: file.voice.peaks }),
		...(caption === '' ? {} : { caption })
	};
}

async function filesOf(db: ChatDb, rows: readonly SentRow[]): Promise<Map<MessageId, FileRow>> {
	const ids = rows.flatMap((row) => (row.kind === 'file' ? [row.id] : []));
	if (ids.length === 0) return new Map();
	const found = await db.files.bulkGet(ids);
	return new Map(found.flatMap((file) => (file ? [[file.messageId, file] as const] : [])));
}

/** An edit-outbox row as it travels: an edit, or a delete for everyone (which carries no text). */
export function editFrame(row: EditRow): EditFrame | DeleteFrame {
	if (row.kind === 'delete') return { t: 'delete', id: row.id, target: row.target, ts: Math.floor(row.time) };
	return { t: 'edit', id: row.id, target: row.target, version: row.version, ts: Math.floor(row.time), text: row.text };
}

/**
 * Unacked frames (messages and edits) in flight on one channel. The receiver bounds its inbound
 * queue (InboundQueue MAX_QUEUED_FRAMES_PER_PEER) and closes the link of a peer beyond it, so an
 * honest burst (a 10,000-message flush) goes out a window at a time, more as acks come back.
 */
export const SEND_WINDOW_FRAMES = 1_024;
/**
 * A flush stopped by a full window goes on once this many slots are free again: small enough
 * that the receiver never runs dry while a refill is read and sent, large enough that a refill
 * (one read of the outbox) is not paid per ack frame.
 */
export const REFILL_FRAMES = 128;
/**
 * The window is flow control, not reliability: a frame unacked for this long (the receiver
 * refused it, which it never acks) stops counting against the window, so refused rows cannot
 * stall the peer's later messages.
 */
export const ACK_WAIT_MS = 10_000;
/**
 * Reliability on a live channel: a frame still unacked this long after it was sent goes out
 * again on the SAME channel (the receiver may have failed to store it: quota, I/O error), then
 * after twice as long, and so on up to MAX_RETRY_WAIT_MS. Longer than ACK_WAIT_MS, so rows a
 * receiver refuses leave room in the window for newer messages before they are tried again.
 */
export const RETRY_FACTOR = 2;
export const MAX_RETRY_WAIT_MS = 60_000;

/** What one channel has been sent: rows not to send again yet, and those awaiting an ack. */
class ChannelSends {
	/** Sent on this channel and not yet due for a resend. */
	readonly sent = new Set<MessageId>();
	readonly #awaiting = new Map<MessageId, number>();
	readonly #retryAt = new Map<MessageId, number>();
	readonly #attempts = new Map<MessageId, number>();
	/**
	 * The highest message seq sent on this channel. Messages go out in seq order, so a pending
	 * row at or below it is one already sent (or acked), unless a resend released it: `rewind`.
	 */
	highestSeq = 0;
	// Stryker disable next-line BooleanLiteral: equivalent, the first flush on a channel reads from the oldest row anyway (highestSeq is 0) and clears it.
	rewind = false;

	constructor(private readonly ackWaitMs: number) {}

	add(id: MessageId, now: number, seq?: number): void {
		if (seq !== undefined && seq > this.highestSeq) this.highestSeq = seq;
		const attempts = (this.#attempts.get(id) ?? 0) + 1;
		this.sent.add(id);
		this.#awaiting.set(id, now);
		this.#attempts.set(id, attempts);
		this.#retryAt.set(id, now + Math.min(this.ackWaitMs * RETRY_FACTOR ** attempts, MAX_RETRY_WAIT_MS));
	}

	acknowledge(id: MessageId): void {
		this.sent.delete(id);
		this.#awaiting.delete(id);
		this.#retryAt.delete(id);
		this.#attempts.delete(id);
	}

	/** Frames counting against the window: those sent less than the ack wait ago and unacked. */
	inFlight(now: number): number {
		for (const [id, at] of this.#awaiting) {
			if (now - at < this.ackWaitMs) break;
			this.#awaiting.delete(id);
		}
		return this.#awaiting.size;
	}

	/** Makes frames whose retry time has come sendable again; true if there were any. */
	releaseDue(now: number): boolean {
		let released = false;
		for (const [id, at] of this.#retryAt) {
			if (at > now) continue;
			this.#retryAt.delete(id);
			this.#awaiting.delete(id);
			this.sent.delete(id);
			released = true;
		}
		if (released) this.rewind = true;
		return released;
	}

	/** When something changes on its own: the oldest frame stops counting, or a resend is due. */
	nextWake(): number | undefined {
		const oldest = this.#awaiting.values().next();
		let wake = oldest.done ? Infinity : oldest.value + this.ackWaitMs;
		for (const at of this.#retryAt.values()) wake = Math.min(wake, at);
		return wake === Infinity ? undefined : wake;
	}
}

interface FlushRun {
	/** Not started yet: a flush asked for now may join it. */
	waiting: boolean;
	/** Read the outbox from its oldest row (else from the highest seq the channel sent). */
	fromStart: boolean;
	done: Promise<void>;
}

/**
 * Sends pending rows to a peer over its current channel, oldest first. A channel sends a row
 * again only when its ack is overdue (RETRY_FACTOR); a new channel (after a reconnect) sends
 * every row still pending, and the receiver drops the ones it already has (and acks them again).
 * Rows leave `pending` only when the ack arrives.
 */
export class Outbox {
	#sentOn = new WeakMap<Channel, ChannelSends>();
	/** The newest flush per peer; flushes of one peer run one after the other. */
	#runs = new Map<PeerId, FlushRun>();
	/** Rows sendNow could not send whose write may still be under way (see sendNow). */
	#held = new Map<PeerId, Set<MessageId>>();
	/** Channels that have had one full flush: only these may take the fast path in order. */
	#caughtUp = new WeakSet<Channel>();
	/** Peers with unacked frames: flushed again when one stops counting or is due for a resend. */
	#wake = new Map<PeerId, ReturnType<typeof setTimeout>>();

	constructor(
		private readonly db: ChatDb,
		private readonly connections: Connections,
		private readonly log: ProtocolLog,
		private readonly now: () => number = Date.now,
		private readonly ackWaitMs = ACK_WAIT_MS
	) {}

	stop(): void {
		for (const timer of this.#wake.values()) clearTimeout(timer);
		this.#wake.clear();
	}

	/**
	 * Sends what is pending for the peer, reading its outbox from the oldest row: rows another tab
	 * wrote (or an edit) may sit below what this channel already sent.
	 */
	flush(peer: PeerId): Promise<void> {
		return this.#schedule(peer, true);
	}

	#schedule(peer: PeerId, fromStart: boolean): Promise<void> {
		const last = this.#runs.get(peer);
		// A flush that has not started yet reads the outbox after this call: it covers it too, so
		// a burst of calls (a send per message while the window is full) costs one read, not one each.
		if (last?.waiting) {
			last.fromStart ||= fromStart;
			return last.done;
		}
		const run: FlushRun = { waiting: true, fromStart, done: Promise.resolve() };
		// A failed read (storage trouble) must not stall later flushes; the rows stay pending and
		// the next flush (new message, reconnect, retry) tries again.
		run.done = (last?.done ?? Promise.resolve())
			.then(() => {
				run.waiting = false;
				return this.#flushNow(peer, run.fromStart);
			})
			.catch((error: unknown) => {
				// Stryker disable next-line ObjectLiteral,MethodExpression: log details only (the local log, never a peer or the user).
				this.log.info('outbox flush failed', { peer, error: String(error).slice(0, 200) });
			});
		this.#runs.set(peer, run);
		void run.done.finally(() => {
			if (this.#runs.get(peer) === run) this.#runs.delete(peer);
		});
		return run.done;
	}

	/**
	 * The common case, a new message while the channel is up and nothing else is queued: send the
	 * row straight away, possibly before its write has committed (the messenger holds the ack of
	 * such a row until the write is done, messenger/send-ahead.ts). False when it must wait: the
	 * row is then held, and no later message to the peer takes this path until every held row has
	 * come back through sendNew (committed) or forget (its write failed), so none is overtaken.
	 */
	sendNow(row: SentRow): boolean {
		const channel = this.connections.channel(row.peerId);
		// A file message's body is read from its file row: it goes out through a flush.
		if (channel && row.kind !== 'file' && !this.#held.has(row.peerId) && this.#caughtUp.has(channel) && !this.#runs.has(row.peerId)) {
			const sends = this.#sendsOn(channel);
			// A flush read it once committed and sent it already.
			if (sends.sent.has(row.id)) return true;
			const now = this.now();
			if (sends.inFlight(now) < SEND_WINDOW_FRAMES && channel.session.send(messageFrame(row))) {
				sends.add(row.id, now, row.seq);
				this.#wakeLater(row.peerId, channel, sends);
				return true;
			}
		}
		let held = this.#held.get(row.peerId);
		if (!held) this.#held.set(row.peerId, (held = new Set()));
		held.add(row.id);
		return false;
	}

	/** A committed row sendNow did not send: at once if nothing else waits, else by a flush (in order). */
	sendNew(row: SentRow): Promise<void> {
		this.forget(row);
		if (this.sendNow(row)) return Promise.resolve();
		// sendNow held it again; a refill sends it in seq order after any row held before it (a
		// held row's seq is above every one this channel sent: nothing overtook it).
		this.forget(row);
		return this.#schedule(row.peerId, false);
	}

	/** A held row that will not come back (its write failed): later messages may go straight out again. */
	forget(row: Pick<SentRow, 'id' | 'peerId'>): void {
		const held = this.#held.get(row.peerId);
		if (held?.delete(row.id) && held.size === 0) this.#held.delete(row.peerId);
	}

	acknowledged(peer: PeerId, ids: readonly MessageId[]): void {
		const channel = this.connections.channel(peer);
		const sends = channel ? this.#sentOn.get(channel) : undefined;
		if (!channel || !sends) return;
		for (const id of ids) sends.acknowledge(id);
		// A flush that stopped at a full window goes on once REFILL_FRAMES slots are free (acks
		// arriving before that refill starts join it).
		if (!this.#caughtUp.has(channel) && sends.inFlight(this.now()) <= SEND_WINDOW_FRAMES - REFILL_FRAMES) void this.#schedule(peer, false);
	}

	#sendsOn(channel: Channel): ChannelSends {
		let sends = this.#sentOn.get(channel);
		if (!sends) this.#sentOn.set(channel, (sends = new ChannelSends(this.ackWaitMs)));
		return sends;
	}

	/**
	 * Unacked frames on the channel: flush again when the oldest stops counting against the
	 * window or one is due for a resend. One timer per peer; it re-arms itself while needed.
	 */
	#wakeLater(peer: PeerId, channel: Channel, sends: ChannelSends): void {
		if (this.#wake.has(peer)) return;
		const at = sends.nextWake();
		if (at === undefined) return;
		const timer = setTimeout(() => {
			this.#wake.delete(peer);
			if (this.connections.channel(peer) !== channel) return;
			// Everything acked meanwhile: no flush (it would read the outbox back for nothing).
			const next = sends.nextWake();
			if (next === undefined) return;
			if (next > this.now()) this.#wakeLater(peer, channel, sends);
			else void this.#schedule(peer, false);
		}, Math.max(0, at - this.now()));
		this.#wake.set(peer, timer);
	}

	async #flushNow(peer: PeerId, fromStart: boolean): Promise<void> {
		const channel = this.connections.channel(peer);
		if (!channel) {
			this.connections.ensure(peer);
			return;
		}
		const sends = this.#sendsOn(channel);
		const { sent } = sends;
		// Frames past their ack wait stop counting and those due go out again (oldest first, below).
		sends.inFlight(this.now());
		sends.releaseDue(this.now());
		this.#caughtUp.delete(channel);
		// Rows go out in seq order, so on this channel every pending row not yet sent comes after
		// the ones sent before: reading from the highest seq sent on reads only unsent rows, a
		// window's worth. After a resend was released, the read starts over from the oldest row
		// and skips what is in flight (reading this many always covers a full window of unsent rows).
		const rewind = fromStart || sends.rewind || sends.highestSeq === 0;
		sends.rewind = false;
		const limit = rewind ? SEND_WINDOW_FRAMES + sent.size : Math.max(1, SEND_WINDOW_FRAMES - sends.inFlight(this.now()));
		const rows = await pendingFor(this.db, peer, limit, rewind ? 0 : sends.highestSeq + 1);
		const files = await filesOf(this.db, rows);
		const send = (id: MessageId, frame: MessageFrame | EditFrame | DeleteFrame, seq?: number): boolean | 'full' => {
			if (sent.has(id)) return true;
			const now = this.now();
			// Stryker disable next-line StringLiteral: equivalent, the caller only asks whether the result is `true`.
			if (sends.inFlight(now) >= SEND_WINDOW_FRAMES) return 'full';
			if (this.connections.channel(peer) !== channel || !channel.session.send(frame)) return false;
			sends.add(id, now, seq);
			return true;
		};
		try {
			for (const row of rows) {
				const file = files.get(row.id);
				if (row.kind === 'file' && file === undefined) {
					// Never written without its file row; if one is missing anyway, nothing can be announced.
					this.log.info('file message without its file row', { peer, id: row.id });
					continue;
				}
				if (send(row.id, messageFrame(row, file), row.seq) !== true) return;
			}
			// More messages may be waiting beyond what was read: edits must not overtake them.
			if (rows.length === limit) return;
			// Edits after messages: an edit never overtakes the message it changes.
			for (const edit of await pendingEditsFor(this.db, peer)) if (send(edit.id, editFrame(edit)) !== true) return;
			this.#caughtUp.add(channel);
		} finally {
			this.#wakeLater(peer, channel, sends);
		}
	}
}
