import type { NamedPeer } from '../text/shown-name';

/** Where the user's attention is, read by the adapter at the moment a notice could be shown. */
export interface Attention {
	/** This tab owns the network (app/tab-owner.ts): only it notifies, so two tabs never both do. */
	owner: boolean;
	/** `document.visibilityState === 'visible'`. */
	visible: boolean;
	/** `document.hasFocus()`: the window is the one the user is typing in. */
	focused: boolean;
	/** The conversation on screen, if any. */
	openChat: string | null;
}

/** A contact row as the feed carries it (UserRow has these fields). */
export interface NoticePerson extends NamedPeer {
	muted?: boolean;
	unread?: number;
}

/** A message row as the feed carries it (ThreadMessage has these fields). */
export interface NoticeRow {
	id: string;
	direction: 'in' | 'out';
	conversationId: string;
	text: string;
	unread?: 0 | 1;
	editedAt?: number;
}

/** One committed change as the feed publishes it (db/change-feed.ts StoredChanges). */
export interface NoticeChanges {
	messages: readonly NoticeRow[];
	users?: readonly NoticePerson[];
	cleared?: readonly string[];
	remote?: boolean;
}

/**
 * Whether a notice about `conversationId` would tell the user something they are not already
 * looking at. A focused, visible window shows the list with its counts: no notice. A visible
 * window behind another one: every chat but the open one. A hidden tab: every chat.
 */
export function worthNotice(attention: Attention, conversationId: string | null): boolean {
	if (!attention.owner) return false;
	if (!attention.visible) return true;
	if (attention.focused) return false;
	return conversationId === null || attention.openChat !== conversationId;
}

/**
 * What a person's new messages may cause: a notice naming them (a contact), one shared notice
 * that requests are waiting (a stranger's name and words stay off the lock screen), or nothing
 * (muted, ignored, blocked, unknown).
 */
export function noticeKind(person: NoticePerson | undefined): 'message' | 'request' | null {
	if (!person || person.muted) return null;
	if (person.state === 'contact') return 'message';
	if (person.state === 'request') return 'request';
	return null;
}

/**
 * Messages that just arrived, by conversation: received, unread, not an edit of an older row,
 * never one this tab mirrored from another (that tab's owner notified, or none did) and never
 * one of ours. `seen` drops rows already counted (a row republished later, e.g. by an edit).
 */
export function arrivals(changes: NoticeChanges, seen: (id: string) => boolean): Map<string, NoticeRow[]> {
	const byChat = new Map<string, NoticeRow[]>();
	if (changes.remote) return byChat;
	for (const row of changes.messages) {
		if (row.direction !== 'in' || row.unread !== 1 || row.editedAt !== undefined || seen(row.id)) continue;
		const rows = byChat.get(row.conversationId) ?? [];
		rows.push(row);
		byChat.set(row.conversationId, rows);
	}
	return byChat;
}
