// Word error rate for the speech benchmark: word-level edit distance over the reference's word
// count, after both sides are put in one canonical form, in the manner of Whisper's English
// text normaliser (its paper, appendix C; written here, not copied):
// - lower case; apostrophes dropped after contractions are expanded ("won't" → "will not",
//   "n't" → "not", "'re" → "are", "'ll" → "will", "'ve" → "have", "'m" → "am", "let's" → "let us";
//   "'s" and "'d" are ambiguous and only lose the apostrophe);
// - punctuation and hyphens separate words ("twenty-five" → "twenty five");
// - numbers as digits ("five thirty" and "5.30" → 5 30), thousands separators dropped
//   ("1,500" → 1500), currency and percent as words ("$150" → 150 dollars, "5%" → 5 percent);
// - ordinals in one form whether written in digits or words ("21st" and "twenty-first" → 20 first);
// - British spellings in a short fixed list as American ("neighbours" → "neighbors");
// - hesitations ("um", "uh", "hmm", "mm") dropped.
// The same function runs on reference and hypothesis, so no rule favours either side.
// One more of Whisper's rules, digit runs ("eight thirty" → 830), is an option (ScorerRules),
// off by default: its figure is reported next to the default one, never instead of it.
import { numberToWords, spokenNumbers } from '../src/lib/speech/spoken-numbers';

const NUMBER_WORDS = new Set(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand']);

const CONTRACTIONS: readonly [RegExp, string][] = [
	[/\bwon't\b/gu, 'will not'],
	[/\bcan't\b/gu, 'can not'],
	[/\blet's\b/gu, 'let us'],
	[/n't\b/gu, ' not'],
	[/'re\b/gu, ' are'],
	[/'ll\b/gu, ' will'],
	[/'ve\b/gu, ' have'],
	[/\bi'm\b/gu, 'i am']
];
const CURRENCY: Record<string, string> = { $: 'dollars', '£': 'pounds', '€': 'euros' };
const HESITATIONS = new Set(['um', 'uh', 'hmm', 'mm', 'mhm']);
/** British → American, stems only; a plural "s" is kept ("colours" → "colors"). */
const SPELLINGS = new Map(
	Object.entries({
		colour: 'color',
		favourite: 'favorite',
		neighbour: 'neighbor',
		harbour: 'harbor',
		honour: 'honor',
		labour: 'labor',
		flavour: 'flavor',
		behaviour: 'behavior',
		humour: 'humor',
		rumour: 'rumor',
		centre: 'center',
		theatre: 'theater',
		metre: 'meter',
		litre: 'liter',
		organise: 'organize',
		organised: 'organized',
		realise: 'realize',
		realised: 'realized',
		recognise: 'recognize',
		recognised: 'recognized',
		apologise: 'apologize',
		travelled: 'traveled',
		travelling: 'traveling',
		cancelled: 'canceled',
		grey: 'gray',
		programme: 'program',
		catalogue: 'catalog',
		defence: 'defense',
		jewellery: 'jewelry',
		pyjama: 'pajama'
	})
);

function american(word: string): string {
	const exact = SPELLINGS.get(word);
	if (exact) return exact;
	const stem = word.endsWith('s') ? SPELLINGS.get(word.slice(0, -1)) : undefined;
	return stem ? `${stem}s` : word;
}

const ORDINAL_UNITS: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };

/** "21st" → "twenty first", "3rd" → "third", "40th" → "fortieth": the words a speaker says. */
export function ordinalWords(value: number): string {
	const words = numberToWords(value);
	const last = words.pop();
	if (last === undefined) return String(value);
	const ordinal = ORDINAL_UNITS[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
	return [...words, ordinal].join(' ');
}

function spelledOut(text: string): string {
	let out = text.toLowerCase().replace(/’/gu, "'");
	for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
	return out
		.replace(/'/gu, '')
		.replace(/(\d),(?=\d{3}\b)/gu, '$1')
		.replace(/([$£€])\s?(\d+(?:\.\d+)?)/gu, (_, sign: string, amount: string) => `${amount} ${CURRENCY[sign]}`)
		.replace(/(\d)\s?%/gu, '$1 percent')
		.replace(/\b(\d+)(?:st|nd|rd|th)\b/gu, (_, digits: string) => ordinalWords(Number(digits)));
}

/** A scorer option, reported apart from the default figure (docs/BENCHMARKS.md, "Speech (session 16)"). */
export interface ScorerRules {
	/**
	 * Whisper's English number normaliser writes a spoken digit followed by another spoken number
	 * as one digit string ("eight thirty" → 830, "one two" → 12), as a time or a code is written;
	 * a time in digits ("8:30", "8.30") is joined the same way here, so that it stays equal to the
	 * spoken form as it is by default.
	 */
	joinDigitRuns?: boolean;
}

/** A time written with a colon or a point: hours, then two digits of minutes. */
const DIGIT_TIME = /\b(\d{1,2})[:.]([0-5]\d)\b/gu;

function joinedRun(numbers: readonly number[]): string[] {
	const out: string[] = [];
	for (const [i, value] of numbers.entries()) {
		const previous = numbers[i - 1];
		if (previous !== undefined && previous <= 9 && out.length > 0) out[out.length - 1] += String(value);
		else out.push(String(value));
	}
	return out;
}

export function canonicalWords(text: string, rules: ScorerRules = {}): string[] {
	if (rules.joinDigitRuns) text = text.replace(DIGIT_TIME, '$1$2');
	const words = spelledOut(text)
		.split(/[^\p{L}\p{N}]+/u)
		.filter((word) => word !== '' && !HESITATIONS.has(word))
		.map(american);
	const out: string[] = [];
	let run: string[] = [];
	const flush = () => {
		if (run.length > 0) out.push(...(rules.joinDigitRuns ? joinedRun(spokenNumbers(run)) : spokenNumbers(run).map(String)));
		run = [];
	};
	for (const [i, word] of words.entries()) {
		// "and" belongs to a number only after a scale ("one hundred and fifty"); between two
		// numbers it is a word ("between nine and eleven" → 9 and 11, as "9 and 11" is).
		const afterScale = run.at(-1) === 'hundred' || run.at(-1) === 'thousand';
		const inNumber = NUMBER_WORDS.has(word) || (word === 'and' && afterScale && NUMBER_WORDS.has(words[i + 1] ?? ''));
		if (inNumber) run.push(word);
		else {
			flush();
			out.push(word);
		}
	}
	flush();
	return out;
}

/** Substitutions + deletions + insertions between two word lists. */
export function wordErrors(reference: readonly string[], hypothesis: readonly string[]): number {
	let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
	for (let i = 1; i <= reference.length; i++) {
		const row = [i];
		for (let j = 1; j <= hypothesis.length; j++) {
			const same = reference[i - 1] === hypothesis[j - 1] ? 0 : 1;
			row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + same));
		}
		previous = row;
	}
	return previous[hypothesis.length]!;
}

/** WER over a set: total errors / total reference words (not a mean of per-sentence rates). */
export function wordErrorRate(pairs: readonly { reference: string; hypothesis: string }[], rules: ScorerRules = {}): number {
	let errors = 0;
	let words = 0;
	for (const { reference, hypothesis } of pairs) {
		const ref = canonicalWords(reference, rules);
		errors += wordErrors(ref, canonicalWords(hypothesis, rules));
		words += ref.length;
	}
	return words === 0 ? 0 : errors / words;
}
