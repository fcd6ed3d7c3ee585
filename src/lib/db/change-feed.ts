import type { GroupRow, ThreadMessage, UserRow } from './schema';

/**
 * What one committed write changed, in the shapes the UI shows. Published by the db/ functions
 * that write, after their transaction commits, so readers never see a write that could still
 * roll back.
 */
export interface StoredChanges {
	/** Message rows as committed (added or updated), both directions. */
	readonly messages: readonly ThreadMessage[];
	/** Address-book rows as committed (previews, unread counts, states). */
	readonly users?: readonly UserRow[];
	/** Group rows as committed (membership, name, previews, unread counts; group-store.ts). */
	readonly groups?: readonly GroupRow[];
	/** Conversations whose messages were removed: a reader showing one reloads it. */
	readonly cleared?: readonly string[];
	/**
	 * Only the delivery status of these messages changed (acks): text, time and place did not,
	 * so readers of text (the search index) have nothing to do.
	 */
	readonly statusOnly?: boolean;
	/** True when another tab of this app made the write (mirrored to this one). */
	readonly remote?: boolean;
}

export type ChangeListener = (changes: StoredChanges) => void;

/**
 * The in-process feed of committed changes: how the open thread, the conversation list and the
 * search index follow new and changed rows without re-querying IndexedDB after every write.
 * Listeners run synchronously in publish order; one that throws does not stop the others.
 */
export class ChangeFeed {
	#listeners = new Set<ChangeListener>();

	subscribe(listener: ChangeListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	publish(changes: StoredChanges): void {
		if (changes.messages.length === 0 && !changes.users?.length && !changes.groups?.length && !changes.cleared?.length) return;
		for (const listener of [...this.#listeners]) {
			try {
				listener(changes);
			} catch (error) {
				console.error('change listener failed', error);
			}
		}
	}
}

/**
 * Incoming messages shown before their transaction commits: a contact's message that is new by
 * its sequence number (messenger/arrival-book.ts). Only the open thread follows this; the commit
 * then publishes the same row on `changes` as usual, and a row that was not stored after all is
 * `withdrawn` (by id). Counts, previews, the search index and other tabs wait for the commit.
 */
export interface ArrivalPreview {
	readonly rows: readonly ThreadMessage[];
	readonly withdrawn?: readonly string[];
}

export type PreviewListener = (preview: ArrivalPreview) => void;

export class PreviewFeed {
	#listeners = new Set<PreviewListener>();

	subscribe(listener: PreviewListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	publish(preview: ArrivalPreview): void {
		if (preview.rows.length === 0 && !preview.withdrawn?.length) return;
		for (const listener of [...this.#listeners]) {
			try {
				listener(preview);
			} catch (error) {
				console.error('preview listener failed', error);
			}
		}
	}
}
