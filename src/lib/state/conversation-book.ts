import type { ChatDb } from '../db/chat-db';
import type { StoredChanges } from '../db/change-feed';
import { conversationOf, countUnread, type ConversationSummary } from '../db/queries';
import type { UserRow } from '../db/schema';

/** Recounting unread rows for old data (no stored count) waits this long, so a burst costs one count. */
export const RECOUNT_DELAY_MS = 250;

/**
 * The conversation list's bookkeeping, plain (the reactive list is rebuilt from it): entries by
 * person, and which conversations need their unread messages counted because their users row
 * predates stored counts, or their messages were cleared.
 */
export class ConversationBook {
	#byPeer = new Map<string, ConversationSummary>();
	#recount = new Set<string>();
	#timer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly db: ChatDb,
		/** Called after a recount changed entries. */
		private readonly changed: () => void
	) {}

	load(list: readonly ConversationSummary[]): void {
		for (const summary of list) this.#byPeer.set(summary.user.peerId, summary);
	}

	/** Applies feed changes; true when an entry changed (a recount may change more later). */
	apply(changes: StoredChanges): boolean {
		let changed = false;
		for (const user of changes.users ?? []) {
			this.#put(user);
			changed = true;
		}
		for (const peer of changes.cleared ?? []) this.#scheduleRecount(peer);
		for (const row of changes.messages) {
			// Only old data without a stored count needs counting; others carry it on the users row.
			const known = this.#byPeer.get(row.conversationId);
			if (row.direction === 'in' && known && known.user.unread === undefined) this.#scheduleRecount(row.conversationId);
		}
		return changed;
	}

	/** Most recent first. */
	list(): ConversationSummary[] {
		return [...this.#byPeer.values()].sort((a, b) => b.user.lastActivity - a.user.lastActivity);
	}

	#put(user: UserRow): void {
		const previous = this.#byPeer.get(user.peerId);
		if (user.unread === undefined) this.#scheduleRecount(user.peerId);
		this.#byPeer.set(user.peerId, { user, unread: user.unread ?? previous?.unread ?? 0 });
	}

	#scheduleRecount(peer: string): void {
		this.#recount.add(peer);
		if (this.#timer === null) this.#timer = setTimeout(() => void this.#runRecount(), RECOUNT_DELAY_MS);
	}

	/** Re-reads the marked conversations' rows and counts: old data, clears and removals. */
	async #runRecount(): Promise<void> {
		this.#timer = null;
		const peers = [...this.#recount];
		this.#recount.clear();
		try {
			const rows = await Promise.all(peers.map((peer) => conversationOf(this.db, peer)));
			for (const [i, peer] of peers.entries()) {
				const row = rows[i];
				if (row) this.#byPeer.set(peer, { user: row, unread: row.unread ?? (await countUnread(this.db, peer)) });
				else this.#byPeer.delete(peer);
			}
			this.changed();
		} catch (error) {
			console.error('could not recount unread messages', error);
		}
	}
}
