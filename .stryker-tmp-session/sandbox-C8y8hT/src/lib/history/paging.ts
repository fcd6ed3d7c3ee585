/**
 * Page boundaries for loading a conversation's history in pieces. A page is a half-open time
 * range [from, to) of one conversation; consecutive pages share their boundary, so together
 * they cover a contiguous stretch of history with no gaps and no duplicates, even when two
 * messages carry the same time (both land in the same page). Pure: the queries fetch a few
 * rows' times, these functions place the boundary.
 */
// @ts-nocheck


/**
 * Where an older page starts. `timesDesc` are the times of up to `limit + 1` rows just below
 * the page's end, newest first. The page takes the newest `limit` of them (and any row tied
 * with the oldest of those); `-Infinity` means it reaches the conversation's first message.
 */
export function olderPageStart(timesDesc: readonly number[], limit: number): { from: number; hasOlder: boolean } {
	if (timesDesc.length <= limit || limit <= 0) return { from: -Infinity, hasOlder: false };
	const from = timesDesc[limit - 1]!;
	// A row beyond the limit with the same time still belongs to this page (ranges are by time);
	// whether anything older exists is then unknown, and the next load finds out.
	return { from, hasOlder: true };
}

/**
 * Where a newer page ends. `timesAsc` are the times of up to `limit + 1` rows at or after the
 * page's start and before `until` (where the live tail begins), oldest first. When they do not
 * fill a page, the page runs up to `until` and joins the live tail. `to: null` means all rows
 * fetched share one time, so the end is the next distinct time, which the caller must look up.
 */
export function newerPageEnd(
	timesAsc: readonly number[],
	limit: number,
	until: number
): { to: number; reachesEnd: boolean } | { to: null; reachesEnd: false } {
	if (timesAsc.length <= limit) return { to: until, reachesEnd: true };
	const to = timesAsc[limit]!;
	if (to === timesAsc[0]) return { to: null, reachesEnd: false };
	return { to, reachesEnd: false };
}

/** Midnight at the start of a `yyyy-mm-dd` day in local time (what a date input holds), in ms. */
export function localDayStart(value: string): number | null {
	const match = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return null;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (month < 1 || month > 12 || day < 1 || day > 31) return null;
	const date = new Date(year, month - 1, day);
	// new Date() rolls 31 February over into March: refuse it rather than jump somewhere else.
	if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
	return date.getTime();
}

/** The local `yyyy-mm-dd` day of a time, as a date input's value, min or max. */
export function localDay(time: number): string {
	const date = new Date(time);
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Keeps at most `max` pages, dropping from the end away from where the reader is going:
 * loading older pages drops the newest, loading newer ones drops the oldest. This bounds memory
 * (and the live queries kept open) however far the reader travels.
 */
export function capPages<T>(pages: readonly T[], max: number, keep: 'older' | 'newer'): { pages: T[]; dropped: boolean } {
	if (pages.length <= max) return { pages: [...pages], dropped: false };
	return { pages: keep === 'older' ? pages.slice(0, max) : pages.slice(pages.length - max), dropped: true };
}
