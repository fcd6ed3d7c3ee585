// @ts-nocheck
import { wordSpans } from './search-text';

export interface Snippet {
	text: string;
	/** [start, end) offsets into `text`, in order, never overlapping. */
	highlights: [number, number][];
}

export interface SnippetPart {
	text: string;
	mark: boolean;
}

export interface SnippetOptions {
	/** Longest snippet, not counting the ellipses. */
	maxChars?: number;
	/** Context kept before the first match, so the hit is not the first word out of nowhere. */
	contextChars?: number;
}

const ELLIPSIS = '…';
/** Same rule as the engine: a term of three or more letters also matches words it begins. */
const PREFIX_MIN_CHARS = 3;

/**
 * A one-line excerpt of `text` around the first word matching one of `terms` (query terms or
 * the document terms the engine reported), with every matching word in it marked. Pure data:
 * the UI renders the marks as elements, so message text never becomes markup.
 */
export function makeSnippet(text: string, terms: Iterable<string>, options: SnippetOptions = {}): Snippet {
	const maxChars = options.maxChars ?? 120;
	const contextChars = options.contextChars ?? 30;
	// A snippet is one line: runs of whitespace (newlines included) become one space first, so
	// every offset below refers to the text actually shown.
	const flat = text.replace(/\s+/g, ' ').trim();
	const wanted = [...terms];
	const exact = new Set(wanted);
	const prefixes = wanted.filter((term) => term.length >= PREFIX_MIN_CHARS);
	const matches = (term: string | null) => term !== null && (exact.has(term) || prefixes.some((prefix) => term.startsWith(prefix)));

	const spans = wordSpans(flat);
	const hits = spans.filter((span) => matches(span.term));
	const first = hits[0];
	let start = 0;
	if (first && first.end > maxChars) {
		// Start at a word boundary at most `contextChars` before the hit.
		const from = Math.max(0, first.start - contextChars);
		start = spans.find((span) => span.start >= from)?.start ?? first.start;
	}
	let end = Math.min(flat.length, start + maxChars);
	if (end < flat.length) {
		// Do not cut a word in half: end at the last word that fits (or hard-cut one huge word).
		const last = spans.filter((span) => span.end <= end && span.start >= start).pop();
		if (last) end = last.end;
	}
	const lead = start > 0 ? ELLIPSIS : '';
	const tail = end < flat.length ? ELLIPSIS : '';
	const highlights: [number, number][] = hits
		.filter((span) => span.start >= start && span.end <= end)
		.map((span) => [span.start - start + lead.length, span.end - start + lead.length]);
	return { text: lead + flat.slice(start, end) + tail, highlights };
}

/** The snippet as alternating plain and marked runs, ready for an {#each} block. */
export function snippetParts(snippet: Snippet): SnippetPart[] {
	const parts: SnippetPart[] = [];
	let at = 0;
	for (const [start, end] of snippet.highlights) {
		if (start > at) parts.push({ text: snippet.text.slice(at, start), mark: false });
		parts.push({ text: snippet.text.slice(start, end), mark: true });
		at = end;
	}
	if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), mark: false });
	return parts;
}
