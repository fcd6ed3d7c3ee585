// Word error rate for the speech benchmark: word-level edit distance over the reference's word
// count, after both sides are put in one canonical form (lower case, no punctuation, numbers as
// digits) so "five thirty" and "5.30" count as the same words.
import { spokenNumbers } from '../src/lib/speech/spoken-numbers';

const NUMBER_WORDS = new Set(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand']);

export function canonicalWords(text: string): string[] {
	const words = text.toLowerCase().replace(/[’']/gu, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
	const out: string[] = [];
	let run: string[] = [];
	const flush = () => {
		if (run.length > 0) out.push(...spokenNumbers(run).map(String));
		run = [];
	};
	for (const [i, word] of words.entries()) {
		const inNumber = NUMBER_WORDS.has(word) || (word === 'and' && run.length > 0 && NUMBER_WORDS.has(words[i + 1] ?? ''));
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
export function wordErrorRate(pairs: readonly { reference: string; hypothesis: string }[]): number {
	let errors = 0;
	let words = 0;
	for (const { reference, hypothesis } of pairs) {
		const ref = canonicalWords(reference);
		errors += wordErrors(ref, canonicalWords(hypothesis));
		words += ref.length;
	}
	return words === 0 ? 0 : errors / words;
}
