/**
 * Whether the message list follows the newest messages, decided from its scroll events. Pure:
 * the component reads the scroll position, this says what the reader meant by it.
 */

/** Within this distance of the bottom the list follows new messages. */
export const PIN_PX = 80;
/** Further than this from the bottom, "Jump to latest" shows and arrivals stay unread. */
export const AWAY_PX = 160;

export interface ScrollSpot {
	/** The list shows the newest messages (not a stretch elsewhere in history). */
	attached: boolean;
	scrollTop: number;
	/** Distance from the bottom of the viewport to the bottom of the content. */
	fromBottom: number;
	/** Where following last put the scroll position. */
	followedTo: number;
}

export interface Following {
	/** Following the newest messages: the list keeps the bottom in view as rows arrive. */
	pinned: boolean;
	/** Far from the newest: arrivals stay unread and "Jump to latest" shows. */
	away: boolean;
}

/**
 * After a scroll event. Rows may render between following's move to the bottom and the event
 * of that move (a burst renders between frames), leaving the bottom far below although the
 * reader never scrolled: while following, only a move above where following put them is the
 * reader's own and ends it.
 */
export function afterScroll(wasPinned: boolean, spot: ScrollSpot): Following {
	if (!spot.attached) return { pinned: false, away: true };
	const pinned = spot.fromBottom < PIN_PX || (wasPinned && spot.scrollTop >= spot.followedTo - 1);
	return { pinned, away: !pinned && spot.fromBottom > AWAY_PX };
}
