import type { ChatDb } from '../db/chat-db';
import type { StoredChanges } from '../db/change-feed';
import { readUpToFrom } from '../db/receipt-queries';
import { getSetting, putSetting } from '../db/settings-queries';
import type { PeerId } from '../ids/peer-id';
import type { AppFrame } from '../protocol/frames';

export const READ_RECEIPTS_SETTING = 'readReceipts';
/** Messages read in a burst share one receipt: one store read and one frame per this long. */
export const RECEIPT_DELAY_MS = 200;

export interface ReceiptDeps {
	db: ChatDb;
	/** Sends on the peer's verified channel; false when there is none. */
	send(peer: PeerId, frame: AppFrame): boolean;
	isContact(peer: PeerId): boolean;
}

/**
 * Our read receipts: "I have read your messages up to seq N", sent to a contact when we read
 * their messages and on every new session (so reading while they were away reaches them later
 * without an outbox: the mark is recomputed from the stored rows). Off by the user's choice,
 * nothing is sent, and the thread stops showing theirs too (as Signal does). Strangers (message
 * requests) never get one: reading a request must not tell its sender anything.
 */
export class ReadReceipts {
	#enabled = true;
	/** What each connected peer was told in this session: bounded by the open channels. */
	#told = new Map<PeerId, number>();
	/** Receipts due shortly, per peer (see RECEIPT_DELAY_MS). */
	#due = new Map<PeerId, ReturnType<typeof setTimeout>>();

	constructor(private readonly deps: ReceiptDeps) {}

	get enabled(): boolean {
		return this.#enabled;
	}

	async load(): Promise<void> {
		this.#enabled = await getSetting(this.deps.db, READ_RECEIPTS_SETTING, true);
	}

	async setEnabled(enabled: boolean, peers: readonly PeerId[]): Promise<void> {
		await putSetting(this.deps.db, READ_RECEIPTS_SETTING, enabled);
		this.#enabled = enabled;
		if (enabled) await Promise.all(peers.map((peer) => this.report(peer)));
	}

	/** Tells `peer` how far we have read, if that moved since we last told them. */
	async report(peer: PeerId): Promise<void> {
		if (!this.#enabled || !this.deps.isContact(peer)) return;
		const upTo = await readUpToFrom(this.deps.db, peer);
		if (upTo <= (this.#told.get(peer) ?? 0)) return;
		if (this.deps.send(peer, { t: 'read', upTo })) this.#told.set(peer, upTo);
	}

	/**
	 * Whatever reads messages (the thread marking them read, arrivals stored read while their
	 * thread is watched, another tab doing either) commits rows with `unread: 0` through the
	 * change feed: each such conversation gets a receipt shortly after.
	 */
	follow(changes: StoredChanges): void {
		for (const message of changes.messages) {
			if (message.direction === 'in' && message.unread === 0) this.#reportSoon(message.conversationId as PeerId);
		}
	}

	/** The channel went down: the next session tells them again. */
	forget(peer: PeerId): void {
		this.#told.delete(peer);
		clearTimeout(this.#due.get(peer));
		this.#due.delete(peer);
	}

	stop(): void {
		for (const timer of this.#due.values()) clearTimeout(timer);
		this.#due.clear();
	}

	#reportSoon(peer: PeerId): void {
		if (!this.#enabled || this.#due.has(peer) || !this.deps.isContact(peer)) return;
		this.#due.set(
			peer,
			setTimeout(() => {
				this.#due.delete(peer);
				this.report(peer).catch(() => undefined);
			}, RECEIPT_DELAY_MS)
		);
	}
}
