/**
 * Decimal digits of other scripts, each block's zero: Arabic-Indic, Persian, N'Ko, Devanagari,
 * Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Thai, Lao, Tibetan,
 * Myanmar, Khmer, Mongolian. NFKC leaves them as they are, and people type phone numbers in them.
 */
const ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x17e0, 0x1810];
const ASCII = new Map<string, string>(ZEROS.flatMap((zero) => Array.from({ length: 10 }, (_, n): [string, string] => [String.fromCharCode(zero + n), String(n)])));
const OTHER_DIGIT = new RegExp(`[${[...ASCII.keys()].join('')}]`, 'gu');
const ANY_OTHER_DIGIT = new RegExp(OTHER_DIGIT.source, 'u');

/** The text with those digits as ASCII digits: same length, so positions in one hold in the other. */
export function foldDigits(text: string): string {
	return ANY_OTHER_DIGIT.test(text) ? text.replace(OTHER_DIGIT, (digit) => ASCII.get(digit) ?? digit) : text;
}
