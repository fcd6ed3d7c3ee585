import type { ChatDb } from '../db/chat-db';
import { readUpToFrom } from '../db/receipt-queries';
import { getSetting, putSetting } from '../db/settings-queries';
import type { PeerId } from '../ids/peer-id';
import type { AppFrame } from '../protocol/frames';

export const READ_RECEIPTS_SETTING = 'readReceipts';

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

	/** The channel went down: the next session tells them again. */
	forget(peer: PeerId): void {
		this.#told.delete(peer);
	}
}
