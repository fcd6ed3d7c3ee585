import type { ScrubResult } from './scrub';

/** A line longer than this is refused whole rather than buffered: bounds the CLI's memory. */
export const MAX_LINE_CHARS = 1_048_576;

export type LineOutcome = { ok: true; line: string; result: ScrubResult } | { ok: false; reason: string };

/**
 * One JSON line with a `text` field, with that field scrubbed and every other field as it was.
 * A line that is not a JSON object with a string `text` is refused, never passed through: it may
 * hold exactly what the caller wanted removed.
 */
export function scrubJsonLine(line: string, scrub: (text: string) => ScrubResult): LineOutcome {
	if (line.length > MAX_LINE_CHARS) return { ok: false, reason: `longer than ${MAX_LINE_CHARS} characters` };
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return { ok: false, reason: 'not JSON' };
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
	const record = value as Record<string, unknown>;
	if (typeof record.text !== 'string') return { ok: false, reason: 'no string "text" field' };
	const result = scrub(record.text);
	return { ok: true, line: JSON.stringify({ ...record, text: result.text }), result };
}

/**
 * Splits a stream of text chunks into lines without ever holding more than one bounded line: an
 * overlong line is reported (by its number) and skipped up to its end.
 */
export class LineSplitter {
	#buffer = '';
	#skipping = false;
	#lineNumber = 0;

	constructor(
		private readonly onLine: (line: string, lineNumber: number) => void,
		private readonly onOverlong: (lineNumber: number) => void,
		private readonly maxChars = MAX_LINE_CHARS
	) {}

	push(chunk: string): void {
		let from = 0;
		for (let newline = chunk.indexOf('\n', from); newline >= 0; newline = chunk.indexOf('\n', from)) {
			this.#take(chunk.slice(from, newline), true);
			from = newline + 1;
		}
		this.#take(chunk.slice(from), false);
	}

	end(): void {
		if (this.#buffer !== '' || this.#skipping) this.#finish();
	}

	#take(part: string, complete: boolean): void {
		if (!this.#skipping) this.#buffer += part;
		if (this.#buffer.length > this.maxChars) {
			this.#buffer = '';
			this.#skipping = true;
		}
		if (complete) this.#finish();
	}

	#finish(): void {
		this.#lineNumber++;
		if (this.#skipping) this.onOverlong(this.#lineNumber);
		else this.onLine(this.#buffer.replace(/\r$/, ''), this.#lineNumber);
		this.#buffer = '';
		this.#skipping = false;
	}
}
