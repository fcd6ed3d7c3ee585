import type { ChatDb } from '../db/chat-db';
import type { StoredChanges } from '../db/change-feed';
import { groupReadUpTo, groupsSharedWith } from '../db/group-reads';
import { readUpToFrom } from '../db/receipt-queries';
import { getSetting, putSetting } from '../db/settings-queries';
import type { GroupId } from '../group/group-ids';
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
	/** Receipts due shortly, per peer, or per group and author (`receiptKey`; see RECEIPT_DELAY_MS). */
	#due = new Map<string, ReturnType<typeof setTimeout>>();
	/** Group receipts: what each connected author was told per group (cleared with the channel). */
	#toldInGroups = new Map<PeerId, Map<GroupId, number>>();

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

	/**
	 * Tells `peer` how far we have read, if that moved since we last told them: their direct
	 * messages, and their messages in each group we are both in (a new session hears them all).
	 */
	async report(peer: PeerId): Promise<void> {
		if (!this.#enabled || !this.deps.isContact(peer)) return;
		await this.#reportGroups(peer);
		// Admitted is not enough: a group member who is not my contact writing to me directly is a
		// request, and reading a request tells its sender nothing.
		if ((await this.deps.db.users.get(peer))?.state !== 'contact') return;
		const upTo = await readUpToFrom(this.deps.db, peer);
		if (upTo <= (this.#told.get(peer) ?? 0)) return;
		if (this.deps.send(peer, { t: 'read', upTo })) this.#told.set(peer, upTo);
	}

	/**
	 * Tells the author how far we have read their messages in the group (PROTOCOL §12f): one
	 * frame to them alone, never to the other members, and only while we both are members.
	 */
	async reportGroup(group: GroupId, author: PeerId): Promise<void> {
		if (!this.#enabled || !this.deps.isContact(author)) return;
		if (!(await groupsSharedWith(this.deps.db, author)).includes(group)) return;
		await this.#tellGroup(group, author);
	}

	/**
	 * Whatever reads messages (the thread marking them read, arrivals stored read while their
	 * thread is watched, another tab doing either) commits rows with `unread: 0` through the
	 * change feed: each such conversation gets a receipt shortly after.
	 */
	follow(changes: StoredChanges): void {
		for (const message of changes.messages) {
			if (message.direction !== 'in' || message.unread !== 0) continue;
			// A group's rows carry the group as conversation and the author as peer.
			if (message.conversationId === message.peerId) this.#reportSoon(message.peerId);
			else this.#reportGroupSoon(message.conversationId as GroupId, message.peerId);
		}
	}

	/** The channel went down: the next session tells them again. */
	forget(peer: PeerId): void {
		this.#told.delete(peer);
		this.#toldInGroups.delete(peer);
		clearTimeout(this.#due.get(peer));
		this.#due.delete(peer);
	}

	stop(): void {
		for (const timer of this.#due.values()) clearTimeout(timer);
		this.#due.clear();
	}

	#reportSoon(peer: PeerId): void {
		this.#later(peer, peer, () => this.report(peer));
	}

	#reportGroupSoon(group: GroupId, author: PeerId): void {
		this.#later(`${group} ${author}`, author, () => this.reportGroup(group, author));
	}

	#later(key: string, peer: PeerId, report: () => Promise<void>): void {
		if (!this.#enabled || this.#due.has(key) || !this.deps.isContact(peer)) return;
		this.#due.set(
			key,
			setTimeout(() => {
				this.#due.delete(key);
				report().catch(() => undefined);
			}, RECEIPT_DELAY_MS)
		);
	}

	async #reportGroups(peer: PeerId): Promise<void> {
		for (const group of await groupsSharedWith(this.deps.db, peer)) await this.#tellGroup(group, peer);
	}

	async #tellGroup(group: GroupId, author: PeerId): Promise<void> {
		const upTo = await groupReadUpTo(this.deps.db, group, author);
		let told = this.#toldInGroups.get(author);
		if (upTo <= (told?.get(group) ?? 0)) return;
		if (!this.deps.send(author, { t: 'gread', g: group, upTo })) return;
		if (!told) this.#toldInGroups.set(author, (told = new Map()));
		told.set(group, upTo);
	}
}
