/**
 * Names arrive from other people (profile frames, contact links) and are shown next to names
 * the user trusts. A name is plain text for one line: no bidi controls that reorder what
 * follows (U+202E turns "evil.exe" around), no invisible characters that make two names look
 * the same while differing, no line breaks, a bounded length. Letters of every script, emoji
 * and their joiners stay as they are.
 */
// @ts-nocheck

// 

// 


/** Longest name kept, in UTF-16 code units (the protocol's limit for a profile name). */
export const MAX_NAME_UNITS = 64;
/** Combining marks kept on one letter; real scripts need a few, "Zalgo" text stacks dozens. */
const MAX_MARKS_PER_LETTER = 4;

const ZWNJ = '\u200c';
const ZWJ = '\u200d';
const BLACK_FLAG = '\u{1f3f4}';
const VARIATION_SELECTOR_16 = '\ufe0f';

// Not \s: it counts U+FEFF (an invisible BOM) as a space.
const WHITESPACE_RUN = /[\t\n\v\f\r\u0085\p{Zs}\p{Zl}\p{Zp}]+/gu;
const LETTER = /\p{L}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u;
const MARK = /\p{M}/u;
/** Controls, format, private-use and lone surrogate characters: bidi embeddings/overrides/isolates/marks, zero-width characters, BOM, tags... */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;
/** Emoji tag characters (England's flag is U+1F3F4 followed by tags); nothing else needs them. */
const TAG = /[\u{e0020}-\u{e007f}]/u;
/** Shown as blank by common fonts though not format characters (Hangul fillers, braille blank). */
const BLANK_LOOKING = /[\u115f\u1160\u3164\uffa0\u2800]/u;

/**
 * Makes a name safe to show on one line: NFC, whitespace runs become one space, invisible and
 * control characters go (keeping ZWJ inside emoji sequences, ZWNJ between letters as Persian
 * needs it, and tags after a flag), at most a few combining marks per letter, trimmed, at most
 * `maxUnits` UTF-16 units without splitting a character. '' when nothing visible is left.
 */
export function cleanName(input: string, maxUnits = MAX_NAME_UNITS): string {
	const chars = Array.from(input.normalize('NFC').replace(WHITESPACE_RUN, ' '));
	const kept: string[] = [];
	let marks = 0;
	for (let i = 0; i < chars.length; i++) {
		const char = chars[i]!;
		const before = kept.at(-1) ?? '';
		if (MARK.test(char)) {
			if (before === '' || before === ' ' || ++marks > MAX_MARKS_PER_LETTER) continue;
			kept.push(char);
			continue;
		}
		marks = 0;
		if (BLANK_LOOKING.test(char)) continue;
		if (INVISIBLE.test(char) && !keepsInvisible(char, before, chars[i + 1] ?? '')) continue;
		kept.push(char);
	}
	return truncate(kept.join('').replace(/ {2,}/g, ' ').trim(), maxUnits);
}

/** The few invisible characters that are part of ordinary text rather than a disguise. */
function keepsInvisible(char: string, before: string, after: string): boolean {
	if (char === ZWJ) return (PICTOGRAPH.test(before) || before === VARIATION_SELECTOR_16 || EMOJI_MODIFIER.test(before)) && PICTOGRAPH.test(after);
	if (char === ZWNJ) return LETTER.test(before) && LETTER.test(after);
	if (TAG.test(char)) return before === BLACK_FLAG || TAG.test(before);
	return false;
}

/** Cuts at a character boundary (whole grapheme clusters where the runtime can tell them). */
function truncate(text: string, maxUnits: number): string {
	if (text.length <= maxUnits) return text;
	let out = '';
	for (const piece of graphemes(text)) {
		if (out.length + piece.length > maxUnits) break;
		out += piece;
	}
	return out.trim();
}

function graphemes(text: string): Iterable<string> {
	if (typeof Intl.Segmenter !== 'function') return Array.from(text);
	return Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (part) => part.segment);
}
