const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

const MINUTE_MS = 60_000;
/** Minutes whose label is kept; a burst or a page of history spans a handful. */
const MAX_REMEMBERED_MINUTES = 256;
/**
 * Labels by minute since the epoch. `Intl.DateTimeFormat.format` costs about 0.1 ms a call on
 * the test machine, once per bubble: a burst rendering hundreds of bubbles a second spent more
 * in it than in creating their elements. Every instant of one epoch minute falls in the same
 * local minute (time zone offsets are whole minutes), so the label is the same.
 */
const byMinute = new Map<number, string>();

export function formatTime(ms: number): string {
	const minute = Math.floor(ms / MINUTE_MS);
	let label = byMinute.get(minute);
	if (label === undefined) {
		label = timeOfDay.format(ms);
		if (byMinute.size >= MAX_REMEMBERED_MINUTES) byMinute.clear();
		byMinute.set(minute, label);
	}
	return label;
}

/** Today: the time (remembered per minute, as a bubble's); earlier: the date. */
export function formatListTime(ms: number, now = Date.now()): string {
	return sameLocalDay(ms, now) ? formatTime(ms) : dayMonth.format(ms);
}

function sameLocalDay(a: number, b: number): boolean {
	const x = new Date(a);
	const y = new Date(b);
	return x.getDate() === y.getDate() && x.getMonth() === y.getMonth() && x.getFullYear() === y.getFullYear();
}
