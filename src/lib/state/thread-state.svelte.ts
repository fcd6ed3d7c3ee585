import type { ChatDb } from '../db/chat-db';
import { markedRead, unreadIds } from '../history/live-rows';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { Messenger } from '../messenger/messenger';
import { SentNotSavedError } from '../messenger/send-ahead';
import { requestOutboxSync } from '../pwa/outbox-sync';
import { errorText, ThreadHistory } from './thread-history.svelte';

/** Marking read is a write; one per burst of arrivals is enough. */
const MARK_READ_DELAY_MS = 250;

/**
 * An open conversation: its history as the list shows it (ThreadHistory, following the change
 * feed), plus what the reader does in it: send, and mark read what they have seen.
 */
export class ThreadState extends ThreadHistory {
	sendError = $state<string | null>(null);

	constructor(
		db: ChatDb,
		private readonly messenger: Messenger,
		peer: PeerId
	) {
		super(db, peer);
	}

	/** Stops following the feed (the conversation was closed). */
	override close(): void {
		// A read pending when the reader leaves is stored now, for what they saw: later, the timer
		// would also mark read whatever arrived after they left (markConversationRead takes all).
		if (this.#markReadTimer) {
			clearTimeout(this.#markReadTimer);
			this.#markReadTimer = null;
			this.#storeRead();
		}
		this.watch(false);
		super.close();
	}

	async send(text: string, options: { replyTo?: MessageId } = {}): Promise<boolean> {
		try {
			await this.sendText(text, options);
			this.sendError = null;
			// Your own message is where you want to be: back to the newest, following again.
			this.jumpToLatest();
			// Not deliverable now: ask the service worker to wake us when connectivity returns.
			if (!this.reachableNow()) void requestOutboxSync();
			return true;
		} catch (error) {
			// It reached them: keep the composer empty, or sending again would give them a second copy.
			if (error instanceof SentNotSavedError) {
				this.sendError = isQuota(error.reason)
					? 'Sent, but not saved on this device: this browser has no storage space left.'
					: `Sent, but not saved on this device: ${errorText(error.reason)}`;
				return true;
			}
			this.sendError = isQuota(error) ? 'Not sent: this browser has no storage space left.' : errorText(error);
			return false;
		}
	}

	/** How this conversation sends (a group fans out to its members instead). */
	protected sendText(text: string, options: { replyTo?: MessageId }): Promise<unknown> {
		return this.messenger.sendText(this.peer, text, options);
	}

	/** Whether a message sent now goes out at once (a direct chat: its peer's channel is open). */
	protected reachableNow(): boolean {
		return this.messenger.connections.channel(this.peer) !== undefined;
	}

	/**
	 * The reader follows the newest messages on a visible page (or stopped): what arrives is
	 * stored read, so a burst is not written twice (stored, then marked read).
	 */
	watch(watching: boolean): void {
		this.messenger.watchThread(this.peer, watching);
	}

	/** Marks the conversation's stored messages read (and tells the peer, by receipt, if enabled). */
	protected markStoredRead(): Promise<void> {
		return this.messenger.markRead(this.peer);
	}

	#markReadTimer: ReturnType<typeof setTimeout> | null = null;

	markRead(): void {
		if (this.#markReadTimer) return;
		this.#markReadTimer = setTimeout(() => {
			this.#markReadTimer = null;
			this.#storeRead();
		}, MARK_READ_DELAY_MS);
	}

	#storeRead(): void {
		const shown = unreadIds(this.tail);
		if (shown.length === 0) return;
		this.markStoredRead().then(
			// Committed, so the rows may say so now, whether or not the feed repeats it.
			() => (this.tail = markedRead(this.tail, shown)),
			(error: unknown) => console.error('could not mark messages read', error)
		);
	}
}

function isQuota(error: unknown): boolean {
	return error instanceof Error && error.name === 'QuotaExceededError';
}
