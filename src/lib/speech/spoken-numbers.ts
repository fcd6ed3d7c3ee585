// Numbers in transcripts, for search: Whisper writes "5" where the speaker said "five" and
// "five" where it feels like it, so each form gets the other added as an extra search term.

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };
/** Larger numbers are ids or amounts typed as digits; spelling them out helps no search. */
const MAX_SPELLED = 999_999;
/** A digit run longer than this is a phone number or code, never spelled out. */
const MAX_DIGITS = 6;

const WORD_VALUES = new Map<string, number>([...UNITS.map((w, i) => [w, i] as const), ...TENS.flatMap((w, i) => (w ? [[w, i * 10] as const] : []))]);

/** 0…999 999 in words, e.g. 125 → ["one", "hundred", "twenty", "five"]. */
export function numberToWords(value: number): string[] {
	if (!Number.isInteger(value) || value < 0 || value > MAX_SPELLED) return [];
	if (value < 20) return [UNITS[value]!];
	if (value < 100) return value % 10 === 0 ? [TENS[value / 10]!] : [TENS[Math.floor(value / 10)]!, UNITS[value % 10]!];
	if (value < 1000) return [UNITS[Math.floor(value / 100)]!, 'hundred', ...(value % 100 ? numberToWords(value % 100) : [])];
	return [...numberToWords(Math.floor(value / 1000)), 'thousand', ...(value % 1000 ? numberToWords(value % 1000) : [])];
}

/**
 * The numbers spelled out in a run of words: "twenty five" → 25, "two hundred and six" → 206,
 * "five thirty" → 5 and 30 (a tens word cannot follow a unit, so a new number starts).
 */
export function spokenNumbers(words: readonly string[]): number[] {
	const found: number[] = [];
	let total = 0;
	let group = 0;
	let open = false;
	/** What the last word of the open group was, to know what may follow it. */
	let last: 'unit' | 'teen' | 'tens' | 'scale' | null = null;
	const close = () => {
		if (open) found.push(total + group);
		total = 0;
		group = 0;
		open = false;
		last = null;
	};
	for (const raw of words) {
		const word = raw.toLowerCase();
		if (word === 'and' && open && last === 'scale') continue;
		const value = WORD_VALUES.get(word);
		const scale = SCALES[word];
		if (value !== undefined) {
			const kind = value < 10 ? 'unit' : value < 20 ? 'teen' : 'tens';
			const extends_ = open && (last === 'scale' || (last === 'tens' && kind === 'unit'));
			if (!extends_) close();
			group += value;
			open = true;
			last = kind;
		} else if (scale !== undefined && open && last !== 'scale') {
			if (scale === 100) group *= 100;
			else {
				total += group * scale;
				group = 0;
			}
			last = 'scale';
		} else close();
	}
	close();
	return found;
}

/**
 * Extra search terms for a transcript: digits for numbers said in words, words for numbers
 * written in digits. Only terms not already in the text, each once.
 */
export function numberSearchTerms(text: string): string[] {
	const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
	const present = new Set(words);
	const extra = new Set<string>();
	for (const value of spokenNumbers(words)) extra.add(String(value));
	for (const run of text.match(/\d+/gu) ?? []) {
		if (run.length > MAX_DIGITS) continue;
		for (const word of numberToWords(Number(run))) extra.add(word);
	}
	return [...extra].filter((term) => !present.has(term));
}
