/** What the unread total needs of a conversation list entry (a ConversationSummary has these). */
export interface CountedChat {
	user: { state: 'contact' | 'request' | 'ignored' | 'blocked' | 'group'; muted?: boolean };
	unread: number;
}

/** Past this the title says "99+": a longer number says nothing more and crowds the tab. */
export const MAX_TITLE_COUNT = 99;

/**
 * The number in the tab title and on the app badge. A muted chat counts nothing (that is what
 * muting is for), nor do ignored or blocked people; a message request counts as one however many
 * messages it holds, so a stranger cannot run the number up.
 */
export function unreadTotal(chats: readonly CountedChat[]): number {
	let total = 0;
	for (const { user, unread } of chats) {
		if (user.muted || unread <= 0) continue;
		if (user.state === 'contact') total += unread;
		else if (user.state === 'request') total += 1;
	}
	return total;
}

/** "(3) Parley", or just "Parley" with nothing unread. */
export function titleWithUnread(total: number, base = 'Parley'): string {
	if (total <= 0) return base;
	return `(${total > MAX_TITLE_COUNT ? `${MAX_TITLE_COUNT}+` : total}) ${base}`;
}
