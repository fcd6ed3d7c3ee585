import type { ChatDb } from '../db/chat-db';
import { editHistoryOf, messagesByIds } from '../db/queries';
import type { EditHistoryRow } from '../db/schema';
import type { MessageId } from '../ids/message-id';
import type { Messenger } from '../messenger/messenger';
import { QuoteBook, ReplyDraft } from './reply-draft.svelte';

/** What the user can do to a single message. */
export class MessageActions {
	/** The message the composer replies to. */
	readonly reply = new ReplyDraft();
	/** Originals of the replies on screen, from this device's own copies. */
	readonly quotes: QuoteBook;

	constructor(
		private readonly db: ChatDb,
		private readonly messenger: Messenger
	) {
		this.quotes = new QuoteBook(db.changes, async (id) => (await messagesByIds(db, [id]))[0] ?? null);
	}

	edit(id: MessageId, text: string): Promise<boolean> {
		return this.messenger.editMessage(id, text);
	}

	history(id: MessageId): Promise<EditHistoryRow[]> {
		return editHistoryOf(this.db, id);
	}

	deleteForEveryone(id: MessageId): Promise<boolean> {
		if (this.reply.target?.id === id) this.reply.cancel();
		return this.messenger.deleteForEveryone(id);
	}

	deleteForMe(id: MessageId): Promise<boolean> {
		if (this.reply.target?.id === id) this.reply.cancel();
		return this.messenger.deleteForMe(id);
	}
}
