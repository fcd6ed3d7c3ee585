import type { ChatDb } from '../db/chat-db';
import type { StoredChanges } from '../db/change-feed';
import { listConversations, type ConversationSummary } from '../db/queries';
import { ConversationBook } from './conversation-book';
import { FrameBatch } from './frame-batch';

/**
 * The conversation list: read once at start, then kept current from the change feed. A users
 * row on the feed replaces its entry (name, preview, last activity, unread count), so a new
 * message costs no query at all. Rows written before unread counts were stored (`unread`
 * undefined) are counted instead, once at start and then at most once per RECOUNT_DELAY_MS
 * per conversation that changed (see ConversationBook).
 */
export class ConversationListState {
	current = $state.raw<ConversationSummary[]>([]);

	/** Until the first read answers, changes wait here. */
	#early: StoredChanges[] | null = [];
	#book: ConversationBook | null = null;
	#batch = new FrameBatch<StoredChanges>((changes) => this.#apply(changes));

	/** Starts following `db` (subscribed before the read, so nothing committed meanwhile is missed). */
	follow(db: ChatDb): () => void {
		const book = new ConversationBook(db, () => (this.current = book.list()));
		this.#book = book;
		const unsubscribe = db.changes.subscribe((changes) => this.#batch.push(changes));
		listConversations(db).then(
			(list) => {
				book.load(list);
				const early = this.#early ?? [];
				this.#early = null;
				this.#apply(early);
				this.current = book.list();
			},
			(error: unknown) => console.error('could not read the conversation list', error)
		);
		return unsubscribe;
	}

	#apply(batch: StoredChanges[]): void {
		const book = this.#book;
		if (this.#early || !book) {
			this.#early?.push(...batch);
			return;
		}
		let changed = false;
		for (const changes of batch) if (book.apply(changes)) changed = true;
		if (changed) this.current = book.list();
	}
}
