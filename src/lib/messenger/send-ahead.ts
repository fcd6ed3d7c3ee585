import type { ChatDb } from '../db/chat-db';
import { addOutgoing, lastSentSequence, type OutgoingInput } from '../db/queries';
import type { SentRow } from '../db/schema';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { Outbox } from './outbox';
import type { SendJournal } from './send-journal';

/**
 * The message went to the peer, but writing our own copy failed (storage full, I/O error): they
 * have it, this device does not. Sending it again would give them a second copy.
 */
export class SentNotSavedError extends Error {
	override readonly name = 'SentNotSavedError';

	constructor(readonly reason: unknown) {
		super('Sent, but not saved on this device.');
	}
}

/**
 * Sending a new message without waiting for its pending row to commit: the frame leaves in the
 * keydown's own task, the write follows. The row is noted in a synchronous journal first, so a
 * tab that dies in between leaves it for the next start to write (send-journal.ts); a failed
 * write (storage full) leaves the peer with a message this device has no copy of, which the
 * user is told. docs/ARCHITECTURE.md ("What a crash costs") has every case.
 *
 * Two things the commit used to settle are settled here instead:
 * - Sequence numbers: allocated in memory from the newest one stored (read once per peer), and
 *   raised by every users row the change feed brings (another tab's messages too).
 * - Acks that overtake the write: an ack for a row still being written waits for that write
 *   (`settled`), so marking it sent never looks for a row that is not there yet.
 */
export class SendAhead {
	#lastSeq = new Map<PeerId, number>();
	#seeding = new Map<PeerId, Promise<void>>();
	#writing = new Map<MessageId, Promise<unknown>>();
	#unsubscribe: () => void;

	constructor(
		private readonly db: ChatDb,
		private readonly outbox: Outbox,
		/** Without one nothing is sent ahead: a tab crash could then lose our copy (send-journal.ts). */
		private readonly journal?: SendJournal
	) {
		this.#unsubscribe = db.changes.subscribe((changes) => {
			for (const user of changes.users ?? []) if (user.lastSentSeq !== undefined) this.#saw(user.peerId, user.lastSentSeq);
		});
	}

	stop(): void {
		this.#unsubscribe();
	}

	/**
	 * Writes the message as pending and, when `online`, sends it: before the write commits if the
	 * channel takes it at once (Outbox.sendNow), else once it has. Resolves when the row is stored.
	 */
	async send(input: Omit<OutgoingInput, 'seq'>, online: boolean): Promise<SentRow> {
		const seq = this.#take(input.peerId) ?? (await this.#seeded(input.peerId));
		const row: OutgoingInput = { ...input, seq };
		const pending: SentRow = { ...row, status: 'pending' };
		// Noted before it leaves: if this tab dies before the write, the next start writes it.
		this.journal?.note(pending);
		const early = online && this.journal !== undefined && this.outbox.sendNow(pending);
		if (!early) this.journal?.done(row.id);
		const written = addOutgoing(this.db, row);
		if (!early) {
			const stored = await written.catch((error: unknown) => {
				this.outbox.forget(row);
				throw error;
			});
			if (online) void this.outbox.sendNew(stored);
			return stored;
		}
		this.#writing.set(row.id, written);
		try {
			return await written;
		} catch (error) {
			throw new SentNotSavedError(error);
		} finally {
			this.#writing.delete(row.id);
			this.journal?.done(row.id);
		}
	}

	/**
	 * A file message (PROTOCOL §13): written with its file row in one transaction, then sent by a
	 * flush. Never sent ahead nor journalled: a journal restore would bring back the message
	 * without the file row it needs.
	 */
	async sendFile(input: Omit<OutgoingInput, 'seq'>, online: boolean): Promise<SentRow> {
		const seq = this.#take(input.peerId) ?? (await this.#seeded(input.peerId));
		const stored = await addOutgoing(this.db, { ...input, seq });
		if (online) void this.outbox.sendNew(stored);
		return stored;
	}

	/** Resolves once every write among `ids` that was sent ahead is over (committed or failed). */
	settled(ids: readonly MessageId[]): Promise<void> | null {
		if (this.#writing.size === 0) return null;
		const waits = ids.flatMap((id) => this.#writing.get(id) ?? []);
		return waits.length === 0 ? null : Promise.allSettled(waits).then(() => undefined);
	}

	/** The next sequence number, or undefined until the newest stored one has been read. */
	#take(peer: PeerId): number | undefined {
		const last = this.#lastSeq.get(peer);
		if (last === undefined) return undefined;
		this.#lastSeq.set(peer, last + 1);
		return last + 1;
	}

	/** Reads the newest stored number once (sends queued meanwhile share the read), then takes one. */
	async #seeded(peer: PeerId): Promise<number> {
		let seeding = this.#seeding.get(peer);
		if (!seeding) {
			seeding = lastSentSequence(this.db, peer).then((last) => this.#saw(peer, last));
			this.#seeding.set(peer, seeding);
			void seeding.catch(() => undefined).finally(() => this.#seeding.delete(peer));
		}
		await seeding;
		return this.#take(peer) ?? (await this.#seeded(peer));
	}

	#saw(peer: PeerId, seq: number): void {
		this.#lastSeq.set(peer, Math.max(seq, this.#lastSeq.get(peer) ?? 0));
	}
}
