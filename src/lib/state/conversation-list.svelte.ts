import type { ChatDb } from '../db/chat-db';
import type { StoredChanges } from '../db/change-feed';
import { listConversations, type ConversationSummary } from '../db/queries';
import { listGroups } from '../db/group-view';
import type { GroupRow } from '../db/schema';
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
	/** Group conversations, newest activity first; the list merges them with `current` by activity. */
	groups = $state.raw<GroupRow[]>([]);
	// Plain bookkeeping: `groups` is what readers follow.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#groupsById = new Map<string, GroupRow>();

	/** Until the first read answers, changes wait here. */
	#early: StoredChanges[] | null = [];
	#book: ConversationBook | null = null;
	#batch = new FrameBatch<StoredChanges>((changes) => this.#apply(changes));

	/** Starts following `db` (subscribed before the read, so nothing committed meanwhile is missed). */
	follow(db: ChatDb): () => void {
		const book = new ConversationBook(db, () => (this.current = book.list()));
		this.#book = book;
		const unsubscribe = db.changes.subscribe((changes) => this.#batch.push(changes));
		Promise.all([listConversations(db), listGroups(db)]).then(
			([list, groups]) => {
				for (const group of groups) this.#groupsById.set(group.id, group);
				book.load(list);
				const early = this.#early ?? [];
				this.#early = null;
				this.#apply(early);
				this.current = book.list();
				this.#publishGroups();
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
		let groupsChanged = false;
		for (const changes of batch) {
			if (book.apply(changes)) changed = true;
			for (const group of changes.groups ?? []) {
				this.#groupsById.set(group.id, group);
				groupsChanged = true;
			}
		}
		if (changed) this.current = book.list();
		if (groupsChanged) this.#publishGroups();
	}

	/** The group row as last committed, if the list holds it (reactive: reads `groups`). */
	group(id: string): GroupRow | undefined {
		return this.groups.find((group) => group.id === id);
	}

	#publishGroups(): void {
		this.groups = [...this.#groupsById.values()].sort((a, b) => b.lastActivity - a.lastActivity);
	}
}
