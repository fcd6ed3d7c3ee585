import type { ChangeFeed, StoredChanges } from '../db/change-feed';
import type { ThreadMessage } from '../db/schema';

/**
 * Long enough that a burst (a flush of the peer's outbox, a thousand messages a second) reaches
 * the worker in a few dozen posts instead of one per message; short enough that a message is
 * searchable before anyone could type its words.
 */
export const SEARCH_FEED_DELAY_MS = 30;
/** A batch this big goes at once: one post stays cheap to clone and to index. */
export const SEARCH_FEED_MAX_BATCH = 1_000;

export interface SearchFeedTarget {
	/** Rows added or edited since the last batch, each once (its newest committed version). */
	rows(rows: ThreadMessage[]): void;
	/** Conversations whose messages were deleted (by this tab or another). */
	cleared(conversations: string[]): void;
}

/**
 * Follows the database's committed changes for the search index and hands them on in batches.
 * A row changed twice before the batch goes (stored, then edited or acked) goes once, as last
 * committed. Acks (`statusOnly`) are skipped: a 10,000-message outbox acked would otherwise cost
 * the worker 10,000 re-indexes and a save of the whole index for no change.
 */
export class SearchFeed {
	#rows = new Map<string, ThreadMessage>();
	#cleared = new Set<string>();
	#timer: ReturnType<typeof setTimeout> | null = null;
	#unsubscribe: () => void;

	constructor(
		feed: ChangeFeed,
		private readonly target: SearchFeedTarget
	) {
		this.#unsubscribe = feed.subscribe((changes) => this.#take(changes));
	}

	/** Hands on whatever is waiting now (the page is going away, or a test wants it). */
	flush(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const rows = [...this.#rows.values()];
		const cleared = [...this.#cleared];
		this.#rows.clear();
		this.#cleared.clear();
		// Deletions first: a row stored after its conversation was cleared must survive the repair.
		if (cleared.length > 0) this.target.cleared(cleared);
		if (rows.length > 0) this.target.rows(rows);
	}

	stop(): void {
		this.#unsubscribe();
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#rows.clear();
		this.#cleared.clear();
	}

	#take(changes: StoredChanges): void {
		// An ack changes no indexed field: re-indexing (and then re-saving) would be work for nothing.
		if (changes.statusOnly) return;
		for (const row of changes.messages) {
			// Re-inserted so the batch keeps commit order (the worker assigns slots in that order).
			this.#rows.delete(row.id);
			this.#rows.set(row.id, row);
		}
		for (const conversation of changes.cleared ?? []) this.#cleared.add(conversation);
		if (this.#rows.size === 0 && this.#cleared.size === 0) return;
		if (this.#rows.size >= SEARCH_FEED_MAX_BATCH) this.flush();
		else this.#timer ??= setTimeout(() => this.flush(), SEARCH_FEED_DELAY_MS);
	}
}
