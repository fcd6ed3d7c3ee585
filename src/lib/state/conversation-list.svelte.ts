import type { ChatDb } from '../db/chat-db';
import type { StoredChanges } from '../db/change-feed';
import { conversationOf, countUnread, listConversations, type ConversationSummary } from '../db/queries';
import type { UserRow } from '../db/schema';
import { FrameBatch } from './frame-batch';

/** Recounting unread rows for old data (no stored count) waits this long, so a burst costs one count. */
const RECOUNT_DELAY_MS = 250;

/**
 * The conversation list: read once at start, then kept current from the change feed. A users
 * row on the feed replaces its entry (name, preview, last activity, unread count), so a new
 * message costs no query at all. Rows written before unread counts were stored (`unread`
 * undefined) are counted instead, once at start and then at most once per RECOUNT_DELAY_MS
 * per conversation that changed.
 */
export class ConversationListState {
	current = $state.raw<ConversationSummary[]>([]);

	#db: ChatDb | null = null;
	#byPeer = new Map<string, ConversationSummary>();
	/** Until the first read answers, changes wait here. */
	#early: StoredChanges[] | null = [];
	#batch = new FrameBatch<StoredChanges>((changes) => this.#apply(changes));
	#recount = new Set<string>();
	#recountTimer: ReturnType<typeof setTimeout> | null = null;

	/** Starts following `db` (subscribed before the read, so nothing committed meanwhile is missed). */
	follow(db: ChatDb): () => void {
		this.#db = db;
		const unsubscribe = db.changes.subscribe((changes) => this.#batch.push(changes));
		listConversations(db).then(
			(list) => {
				for (const summary of list) this.#byPeer.set(summary.user.peerId, summary);
				const early = this.#early ?? [];
				this.#early = null;
				this.#apply(early, true);
			},
			(error: unknown) => console.error('could not read the conversation list', error)
		);
		return unsubscribe;
	}

	#apply(batch: StoredChanges[], force = false): void {
		if (this.#early) {
			this.#early.push(...batch);
			return;
		}
		let changed = force;
		for (const changes of batch) {
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
		}
		if (changed) this.#publish();
	}

	#put(user: UserRow): void {
		const previous = this.#byPeer.get(user.peerId);
		if (user.unread === undefined) this.#scheduleRecount(user.peerId);
		this.#byPeer.set(user.peerId, { user, unread: user.unread ?? previous?.unread ?? 0 });
	}

	#publish(): void {
		this.current = [...this.#byPeer.values()].sort((a, b) => b.user.lastActivity - a.user.lastActivity);
	}

	#scheduleRecount(peer: string): void {
		this.#recount.add(peer);
		this.#recountTimer ??= setTimeout(() => void this.#runRecount(), RECOUNT_DELAY_MS);
	}

	/** Re-reads the listed conversations' rows and counts: old data, clears and removals. */
	async #runRecount(): Promise<void> {
		this.#recountTimer = null;
		const db = this.#db;
		const peers = [...this.#recount];
		this.#recount.clear();
		if (!db) return;
		try {
			const rows = await Promise.all(peers.map((peer) => conversationOf(db, peer)));
			for (const [i, peer] of peers.entries()) {
				const row = rows[i];
				if (row) this.#byPeer.set(peer, { user: row, unread: row.unread ?? (await countUnread(db, peer)) });
				else this.#byPeer.delete(peer);
			}
			this.#publish();
		} catch (error) {
			console.error('could not recount unread messages', error);
		}
	}
}
