import { describe, expect, it } from 'vitest';
import { AWAY_PX, PIN_PX, afterScroll } from '../../../src/lib/history/following';

const spot = (scrollTop: number, fromBottom: number, followedTo = scrollTop, attached = true) => ({ attached, scrollTop, fromBottom, followedTo });

describe('afterScroll', () => {
	it('keeps following when rows rendered below before the event of the move to the bottom', () => {
		// Following put the reader at 9072; a burst then added 1202 px under them.
		expect(afterScroll(true, spot(9072, 1202, 9072))).toEqual({ pinned: true, away: false });
	});

	it('stops following when the reader scrolls up from where following put them', () => {
		expect(afterScroll(true, spot(8000, 1202 + 1072, 9072))).toEqual({ pinned: false, away: true });
		expect(afterScroll(true, spot(9072 - PIN_PX, PIN_PX + 10, 9072)).pinned).toBe(false);
	});

	it('follows again once the reader is back near the bottom', () => {
		expect(afterScroll(false, spot(500, PIN_PX - 1, 9072))).toEqual({ pinned: true, away: false });
	});

	it('a reader above the bottom who did not follow stays where they are, away only when far', () => {
		expect(afterScroll(false, spot(9072, AWAY_PX - 1, 9072))).toEqual({ pinned: false, away: false });
		expect(afterScroll(false, spot(9072, AWAY_PX + 1, 9072))).toEqual({ pinned: false, away: true });
	});

	it('never follows a stretch elsewhere in history', () => {
		expect(afterScroll(true, spot(100, 0, 100, false))).toEqual({ pinned: false, away: true });
	});
});
