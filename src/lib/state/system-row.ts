import type { GroupOpRow, ThreadMessage } from '../db/schema';

/**
 * A system line as the message list carries it: a row shaped like an incoming message (so the
 * list windows, measures and walks it like any other) with the op it was derived from. It is
 * never stored: search, unread counts and export never see it. Apart from the group thread's
 * state so that the bubbles can tell one without loading the group code.
 */
export type SystemRow = Extract<ThreadMessage, { direction: 'in' }> & { system: GroupOpRow };

export function isSystemRow(row: ThreadMessage): row is SystemRow {
	return 'system' in row;
}
