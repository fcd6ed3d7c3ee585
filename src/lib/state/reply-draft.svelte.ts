import { SvelteMap } from 'svelte/reactivity';
import type { ChangeFeed } from '../db/change-feed';
import type { ThreadMessage } from '../db/schema';
import type { MessageId } from '../ids/message-id';

/** Characters of the original shown in a quote or in the composer's reply preview. */
export const QUOTE_SNIPPET_CHARS = 120;

export function snippet(text: string): string {
	const flat = text.replace(/\s+/gu, ' ').trim();
	return flat.length > QUOTE_SNIPPET_CHARS ? `${flat.slice(0, QUOTE_SNIPPET_CHARS - 1)}…` : flat;
}

/** The message the composer of one conversation is replying to, if any. */
export class ReplyDraft {
	target = $state.raw<ThreadMessage | null>(null);

	start(message: ThreadMessage): void {
		this.target = message;
	}

	cancel(): void {
		this.target = null;
	}

	/** The reply target when it belongs to this conversation (switching chats does not carry it over). */
	in(conversationId: string): ThreadMessage | null {
		return this.target?.conversationId === conversationId ? this.target : null;
	}
}

/**
 * What a quote shows: this device's own copy of the original, looked up by id and kept current
 * by the change feed (an edit or a delete of the original changes its quotes). `null`: this
 * device does not have it (never received, or deleted for me).
 */
export class QuoteBook {
	#quotes = new SvelteMap<string, ThreadMessage | null>();
	/** Plain, not reactive: which reads are under way is no one's display state. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#loading = new Set<string>();

	constructor(
		feed: ChangeFeed,
		private readonly load: (id: MessageId) => Promise<ThreadMessage | null>
	) {
		feed.subscribe((changes) => {
			for (const row of changes.messages) if (this.#quotes.has(row.id)) this.#quotes.set(row.id, row);
			// Removed rows (delete for me, a cleared conversation) are looked up again when next shown.
			const cleared = changes.cleared ?? [];
			if (cleared.length > 0) for (const [id, row] of this.#quotes) if (!row || cleared.includes(row.conversationId)) this.#quotes.delete(id);
		});
	}

	/** The original, null when missing, undefined while it is being read. */
	get(id: MessageId): ThreadMessage | null | undefined {
		const known = this.#quotes.get(id);
		if (known !== undefined || this.#quotes.has(id)) return known;
		if (!this.#loading.has(id)) {
			this.#loading.add(id);
			this.load(id)
				.then(
					(row) => this.#quotes.set(id, row),
					() => this.#quotes.set(id, null)
				)
				.finally(() => this.#loading.delete(id));
		}
		return undefined;
	}
}
