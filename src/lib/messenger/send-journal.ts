import type { SentRow } from '../db/schema';
import type { MessageId } from '../ids/message-id';

/**
 * Where a message sent ahead of its commit (send-ahead.ts) is noted first, synchronously, so
 * that a tab that dies between the send and the commit does not lose the sender's copy of a
 * message the peer already has: the next start writes what the journal still holds
 * (app/send-journal.ts keeps it in localStorage, which outlives the tab). Without a journal
 * nothing is sent ahead.
 */
export interface SendJournal {
	note(row: SentRow): void;
	done(id: MessageId): void;
}

/** For tests: what a tab that died would leave behind. */
export class MemoryJournal implements SendJournal {
	readonly rows = new Map<MessageId, SentRow>();

	note(row: SentRow): void {
		this.rows.set(row.id, row);
	}

	done(id: MessageId): void {
		this.rows.delete(id);
	}
}
