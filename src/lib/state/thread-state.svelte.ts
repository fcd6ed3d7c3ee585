import type { ChatDb } from '../db/chat-db';
import { observe } from '../db/live';
import { latestMessages } from '../db/queries';
import type { ThreadMessage } from '../db/schema';
import type { PeerId } from '../ids/peer-id';
import type { Messenger } from '../messenger/messenger';
import { LiveQueryState } from './live-query.svelte';

/** How many messages a thread shows; paging through older history comes with virtualization. */
export const THREAD_WINDOW = 500;

export class ThreadState {
	readonly messages: LiveQueryState<ThreadMessage[]>;
	sendError = $state<string | null>(null);

	constructor(
		db: ChatDb,
		private readonly messenger: Messenger,
		readonly peer: PeerId
	) {
		this.messages = new LiveQueryState(observe(() => latestMessages(db, peer, THREAD_WINDOW)), []);
	}

	async send(text: string): Promise<boolean> {
		try {
			await this.messenger.sendText(this.peer, text);
			this.sendError = null;
			return true;
		} catch (error) {
			this.sendError = error instanceof Error && error.name === 'QuotaExceededError'
				? 'Not sent: this browser has no storage space left.'
				: error instanceof Error ? error.message : String(error);
			return false;
		}
	}

	markRead(): Promise<void> {
		return this.messenger.markRead(this.peer);
	}
}
