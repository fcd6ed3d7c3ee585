import type { ChatDb } from '../db/chat-db';
import { observe } from '../db/live';
import { messagesSince, windowStart } from '../db/queries';
import type { ThreadMessage } from '../db/schema';
import type { PeerId } from '../ids/peer-id';
import type { Messenger } from '../messenger/messenger';
import { LiveQueryState } from './live-query.svelte';
import { reuseUnchanged } from './reuse-unchanged';
import { requestOutboxSync } from '../pwa/outbox-sync';

/** How many messages a thread shows; paging through older history comes with virtualization. */
export const THREAD_WINDOW = 200;
/** Marking read is a write that re-runs every live query; one per burst of arrivals is enough. */
const MARK_READ_DELAY_MS = 250;

export class ThreadState {
	/** Null until the window's start is known; then a live query from there to the newest. */
	messages = $state.raw<LiveQueryState<ThreadMessage[]> | null>(null);
	sendError = $state<string | null>(null);
	loadError = $state<string | null>(null);

	constructor(
		db: ChatDb,
		private readonly messenger: Messenger,
		readonly peer: PeerId
	) {
		windowStart(db, peer, THREAD_WINDOW).then(
			(since) => (this.messages = new LiveQueryState(observe(() => messagesSince(db, peer, since).then(this.#reuse)), [])),
			(error: unknown) => (this.loadError = error instanceof Error ? error.message : String(error))
		);
	}

	#reuse = reuseUnchanged<ThreadMessage>();

	async send(text: string): Promise<boolean> {
		try {
			await this.messenger.sendText(this.peer, text);
			this.sendError = null;
			// Not deliverable now: ask the service worker to wake us when connectivity returns.
			if (!this.messenger.connections.channel(this.peer)) void requestOutboxSync();
			return true;
		} catch (error) {
			this.sendError = error instanceof Error && error.name === 'QuotaExceededError'
				? 'Not sent: this browser has no storage space left.'
				: error instanceof Error ? error.message : String(error);
			return false;
		}
	}

	#markReadTimer: ReturnType<typeof setTimeout> | null = null;

	markRead(): void {
		if (this.#markReadTimer) return;
		this.#markReadTimer = setTimeout(() => {
			this.#markReadTimer = null;
			void this.messenger.markRead(this.peer);
		}, MARK_READ_DELAY_MS);
	}
}

