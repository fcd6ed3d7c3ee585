// @ts-nocheck
// 
import type { ChatDb } from '../db/chat-db';
import { editHistoryOf } from '../db/queries';
import type { EditHistoryRow } from '../db/schema';
import type { MessageId } from '../ids/message-id';
import type { Messenger } from '../messenger/messenger';

/** What the user can do to a single message. */
export class MessageActions {
	constructor(
		private readonly db: ChatDb,
		private readonly messenger: Messenger
	) {}

	edit(id: MessageId, text: string): Promise<boolean> {
		return this.messenger.editMessage(id, text);
	}

	history(id: MessageId): Promise<EditHistoryRow[]> {
		return editHistoryOf(this.db, id);
	}
}
