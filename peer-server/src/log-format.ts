/**
 * One JSON object per line for log collectors: `{"time","level","msg"}`, or the fields of a line
 * that already is a JSON object (the cluster's events) with time and level added. Lines never
 * hold message content, handles, ids or tokens (their writers only log counts and reasons);
 * control characters are escaped by JSON, so no line can forge another.
 */
export function jsonLogLine(line: string, level: 'info' | 'warn' | 'error', now: Date = new Date()): string {
	const base = { time: now.toISOString(), level };
	if (line.startsWith('{')) {
		try {
			const fields: unknown = JSON.parse(line);
			if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) return JSON.stringify({ ...base, ...fields });
		} catch {
			// Not JSON after all: logged as a message like any other line.
		}
	}
	return JSON.stringify({ ...base, msg: line });
}
