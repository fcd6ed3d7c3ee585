/** Decimal units, as the browsers' own storage settings show them. */
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;
const STEP = 1000;

/** "0 B", "950 B", "1.5 kB", "12 MB", "3.4 GB": one decimal below 10 units, none above. */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) return 'unknown';
	let value = bytes;
	let unit = 0;
	while (value >= STEP && unit < UNITS.length - 1) {
		value /= STEP;
		unit++;
	}
	// 999.95 kB rounds to "1000 kB": shown as the next unit instead.
	if (unit > 0 && unit < UNITS.length - 1 && Math.round(value) >= STEP) {
		value /= STEP;
		unit++;
	}
	const digits = unit === 0 || value >= 10 ? 0 : 1;
	return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** "1 message", "1,204 messages". */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
	return `${count.toLocaleString('en')} ${count === 1 ? noun : plural}`;
}
