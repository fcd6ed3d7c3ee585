import type { PiiKind } from './kinds';

/**
 * One pattern of one kind. Every pattern is written with bounded quantifiers only (`{0,63}`, never
 * an unbounded repeat inside a repeat), so the work per start position is capped by a constant and
 * a whole pass stays linear in the text's length whatever the input: no catastrophic backtracking.
 */
export interface ScrubRule {
	kind: PiiKind;
	/** Must carry the `g` flag. */
	pattern: RegExp;
	/**
	 * Decides on a match: how many of its characters to replace (from its start), or 0 to keep all
	 * of it. Absent: the whole match.
	 */
	accept?: (match: RegExpExecArray, text: string) => number;
	/** Where, from the match's start, to look again after `accept` refused it. Absent: after all of it. */
	resume?: (match: RegExpExecArray) => number;
}

export interface ScrubPass {
	text: string;
	count: number;
}

/**
 * `view` is the text as the patterns read it, of the same length (digits of other scripts folded to
 * ASCII); what is kept is taken from `text`, so "٢٠٢٤" stays as written where it is not replaced.
 */
export function applyRule(text: string, rule: ScrubRule, mark: string, view = text): ScrubPass {
	let out = '';
	let last = 0;
	let count = 0;
	rule.pattern.lastIndex = 0;
	for (let match = rule.pattern.exec(view); match; match = rule.pattern.exec(view)) {
		const length = rule.accept ? rule.accept(match, view) : match[0].length;
		if (length > 0) {
			out += text.slice(last, match.index) + mark;
			last = match.index + length;
			count++;
			rule.pattern.lastIndex = last;
		} else {
			// A refused run is refused whole: "4111 1111 1111 1112" is not a card, and its tail is not
			// a phone number either. (Every pattern matches at least one character.)
			rule.pattern.lastIndex = match.index + Math.max(1, rule.resume ? rule.resume(match) : match[0].length);
		}
	}
	return { text: out + text.slice(last), count };
}

/** Sentence punctuation typed right after a link or address is not part of it. */
export function trimTrailingPunctuation(span: string): number {
	let end = span.length;
	while (end > 0 && '.,;:!?)]}>\'"’”'.includes(span[end - 1] ?? '')) {
		// A closing bracket stays when the span opened one (Wikipedia-style links).
		const close = span[end - 1];
		if (close === ')' && countOf(span.slice(0, end), '(') >= countOf(span.slice(0, end), ')')) break;
		end--;
	}
	return end;
}

function countOf(text: string, char: string): number {
	let n = 0;
	for (const c of text) if (c === char) n++;
	return n;
}
