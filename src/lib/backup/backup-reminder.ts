/**
 * The backup reminder (issue 15, item 4): off by default; when on, due once the last backup is
 * older than the chosen interval, unless the user said "Later" less than one interval ago.
 * Every value read here comes from settings, which a restored backup file may have written:
 * anything of the wrong type, or out of range, is treated as absent — never as "never remind".
 */

export type ReminderInterval = 'off' | 'week' | 'month';

export const REMINDER_INTERVALS: readonly ReminderInterval[] = ['off', 'week', 'month'];

const DAY_MS = 24 * 60 * 60 * 1000;

export const INTERVAL_MS: Readonly<Record<Exclude<ReminderInterval, 'off'>, number>> = { week: 7 * DAY_MS, month: 30 * DAY_MS };

/** A last backup this far in the future is a clock that went back, not a backup "just made". */
export const CLOCK_SKEW_MS = DAY_MS;

export interface ReminderInput {
	now: number;
	/** When the last backup file was written (ms); null: never on this device. */
	lastAt: unknown;
	interval: unknown;
	/** Until when "Later" holds the notice back (ms); null: not snoozed. */
	snoozedUntil: unknown;
}

/** The stored choice, or 'off' for anything else (the default). */
export function reminderInterval(value: unknown): ReminderInterval {
	return value === 'week' || value === 'month' ? value : 'off';
}

function time(value: unknown): number | null {
	return typeof value === 'number' ? value : null;
}

/** The last backup time worth trusting: a finite time not (much) in the future; else null. */
export function trustedLastAt(now: number, lastAt: unknown): number | null {
	const at = time(lastAt);
	return at !== null && at <= now + CLOCK_SKEW_MS ? at : null;
}

export function reminderDue({ now, lastAt, interval, snoozedUntil }: ReminderInput): boolean {
	const choice = reminderInterval(interval);
	if (choice === 'off') return false;
	const every = INTERVAL_MS[choice];
	const snooze = time(snoozedUntil);
	// A snooze longer than one interval from now was not set by "Later" on this clock: ignored.
	if (snooze !== null && now < snooze && snooze <= now + every) return false;
	const at = trustedLastAt(now, lastAt);
	return at === null || now - at >= every;
}

/** When "Later" lets the notice come back. */
export function snoozeUntil(now: number, interval: ReminderInterval): number | null {
	return interval === 'off' ? null : now + INTERVAL_MS[interval];
}

/** Whole days since the last backup, for the notice; null: no (trusted) backup. */
export function daysSinceBackup(now: number, lastAt: unknown): number | null {
	const at = trustedLastAt(now, lastAt);
	return at === null ? null : Math.max(0, Math.floor((now - at) / DAY_MS));
}
