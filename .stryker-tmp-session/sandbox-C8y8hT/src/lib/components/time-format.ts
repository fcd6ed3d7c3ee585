// @ts-nocheck
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export function formatTime(ms: number): string {
	return timeOfDay.format(ms);
}

/** Today: the time; earlier: the date. */
export function formatListTime(ms: number, now = Date.now()): string {
	return new Date(ms).toDateString() === new Date(now).toDateString() ? timeOfDay.format(ms) : dayMonth.format(ms);
}
