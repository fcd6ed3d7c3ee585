/** A piece of a message's text: plain, or a web address the bubble shows as a link. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** Candidates start at an explicit http(s) scheme: "example.com" alone stays text (no guessing). */
const CANDIDATE = /\bhttps?:\/\/[^\s<>"]+/giu;
/** Punctuation that ends a sentence rather than an address ("see https://a.example/x."). */
const TRAILING = /[.,;:!?'’”»]+$/u;

/**
 * Splits message text into plain and link segments. Only http: and https: addresses become
 * links (never javascript:, data: or anything else a peer types); the bubble renders segments
 * as text nodes and <a> elements, never as HTML, so nothing in a message can inject markup.
 */
export function linkify(text: string): TextSegment[] {
	// Most messages hold no address: no regular expression run for them (bursts render thousands).
	if (!text.includes('://')) return text ? [{ kind: 'text', text }] : [];
	const segments: TextSegment[] = [];
	let plainFrom = 0;
	for (const match of text.matchAll(CANDIDATE)) {
		const start = match.index;
		const address = trimAddress(match[0]);
		const href = webHref(address);
		if (!href) continue;
		if (start > plainFrom) segments.push({ kind: 'text', text: text.slice(plainFrom, start) });
		segments.push({ kind: 'link', text: address, href });
		plainFrom = start + address.length;
	}
	if (plainFrom < text.length) segments.push({ kind: 'text', text: text.slice(plainFrom) });
	return segments;
}

/** Drops trailing sentence punctuation and a closing bracket the address did not open. */
function trimAddress(candidate: string): string {
	let address = candidate;
	for (;;) {
		const trimmed = address.replace(TRAILING, '');
		const unbalanced = trimmed.endsWith(')') && count(trimmed, '(') < count(trimmed, ')');
		const next = unbalanced ? trimmed.slice(0, -1) : trimmed;
		if (next === address) return address;
		address = next;
	}
}

function count(text: string, char: string): number {
	return text.split(char).length - 1;
}

/** The normalized address, or null when it is not a well-formed http(s) URL with a host. */
function webHref(address: string): string | null {
	try {
		const url = new URL(address);
		if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
		return url.href;
	} catch {
		return null;
	}
}
