// Date dividers in a thread: which messages start a new local calendar day, and what the
// divider says. Pure: the local time zone is the runtime's (Date's local getters); tests set TZ.

const DAY_MS = 86_400_000;
/** Within this many days back, a divider says the weekday ("Monday") rather than the date. */
const WEEKDAY_WITHIN_DAYS = 6;

/**
 * A local calendar day as a whole number (days since 1970-01-01 of the local calendar). Built
 * from the local year, month and day, not from `ms / DAY_MS`, so a day that is 23 or 25 hours
 * long (a DST change) is still one day and midnight is local midnight.
 */
export function localDay(ms: number): number {
	const date = new Date(ms);
	return Math.round(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / DAY_MS);
}

/** Whether the message at `time` opens a day: its predecessor (if known) is on another local day. */
export function startsDay(time: number, previousTime: number | undefined): boolean {
	return previousTime === undefined || localDay(previousTime) !== localDay(time);
}

const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const sameYear = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'long' });
const otherYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** Labels by today and day: Intl formatting costs ~0.1 ms a call, and every render of the list asks. */
const labels = new Map<string, string>();
const MAX_LABELS = 512;

/** "Today", "Yesterday", a weekday within the last week, else the date (with the year if not this one's). */
export function dayLabel(time: number, now: number): string {
	const key = `${localDay(now)}:${localDay(time)}`;
	let label = labels.get(key);
	if (label === undefined) {
		label = freshLabel(time, now);
		if (labels.size >= MAX_LABELS) labels.clear();
		labels.set(key, label);
	}
	return label;
}

function freshLabel(time: number, now: number): string {
	const days = localDay(now) - localDay(time);
	if (days === 0) return 'Today';
	if (days === 1) return 'Yesterday';
	if (days > 1 && days <= WEEKDAY_WITHIN_DAYS) return weekday.format(time);
	return new Date(time).getFullYear() === new Date(now).getFullYear() ? sameYear.format(time) : otherYear.format(time);
}

/** Milliseconds from `now` to the next local midnight, when "Today" becomes "Yesterday". */
export function untilNextDay(now: number): number {
	const date = new Date(now);
	return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime() - now;
}
