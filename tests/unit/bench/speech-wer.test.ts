import { describe, expect, it } from 'vitest';
import { canonicalWords, ordinalWords, wordErrorRate, wordErrors } from '../../../bench/speech-wer';

describe('speech WER', () => {
	it('puts numbers, case and punctuation in one form', () => {
		expect(canonicalWords('The meeting moved to five thirty.')).toEqual(['the', 'meeting', 'moved', 'to', '5', '30']);
		expect(canonicalWords('the Meeting moved to 5:30')).toEqual(['the', 'meeting', 'moved', 'to', '5', '30']);
		expect(canonicalWords('One hundred and fifty dollars, and more')).toEqual(['150', 'dollars', 'and', 'more']);
		expect(canonicalWords("Don't")).toEqual(['do', 'not']);
	});

	it('keeps "and" between two numbers as a word, and only folds it into one number after a scale', () => {
		expect(canonicalWords('between nine and eleven')).toEqual(['between', '9', 'and', '11']);
		expect(canonicalWords('between nine and eleven')).toEqual(canonicalWords('between 9 and 11'));
		expect(canonicalWords('two thousand and five')).toEqual(['2005']);
	});

	it('expands contractions the same way on both sides', () => {
		expect(canonicalWords("We won't go, we can't, they're late and I'm sure we'll see; let's go. It's Bob's.")).toEqual(
			['we', 'will', 'not', 'go', 'we', 'can', 'not', 'they', 'are', 'late', 'and', 'i', 'am', 'sure', 'we', 'will', 'see', 'let', 'us', 'go', 'its', 'bobs']
		);
		expect(canonicalWords('I’ve')).toEqual(['i', 'have']);
	});

	it('says currency, percent and thousands as the words a speaker uses', () => {
		expect(canonicalWords('She paid $150 for it')).toEqual(canonicalWords('She paid 150 dollars for it'));
		expect(canonicalWords('She paid one hundred and fifty dollars')).toEqual(['she', 'paid', '150', 'dollars']);
		expect(canonicalWords('£20 and €3.50')).toEqual(['20', 'pounds', 'and', '3', '50', 'euros']);
		expect(canonicalWords('up 5% on 1,500,000 units')).toEqual(['up', '5', 'percent', 'on', '1500000', 'units']);
		expect(canonicalWords('twenty-five')).toEqual(['25']);
	});

	it('writes ordinals in one form, from digits or from words', () => {
		expect(canonicalWords('on the 21st')).toEqual(canonicalWords('on the twenty-first'));
		expect(canonicalWords('the 21st')).toEqual(['the', '20', 'first']);
		expect(canonicalWords('3rd, 5th, 12th, 40th, 2nd and 100th')).toEqual(['third', 'fifth', 'twelfth', 'fortieth', 'second', 'and', '1', 'hundredth']);
		expect(ordinalWords(8)).toBe('eighth');
		expect(ordinalWords(99)).toBe('ninety ninth');
	});

	it('spells a short list of British words the American way, and drops hesitations', () => {
		expect(canonicalWords('Our neighbours painted the harbour grey, um, in my favourite colours')).toEqual(
			['our', 'neighbors', 'painted', 'the', 'harbor', 'gray', 'in', 'my', 'favorite', 'colors']
		);
		expect(canonicalWords('Hmm, the theatre is in the centre')).toEqual(['the', 'theater', 'is', 'in', 'the', 'center']);
	});

	it('counts substitutions, deletions and insertions', () => {
		expect(wordErrors(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(0);
		expect(wordErrors(['a', 'b', 'c'], ['a', 'x', 'c'])).toBe(1);
		expect(wordErrors(['a', 'b', 'c'], ['a', 'c'])).toBe(1);
		expect(wordErrors(['a', 'b'], ['a', 'b', 'c', 'd'])).toBe(2);
		expect(wordErrors([], ['a'])).toBe(1);
	});

	it('divides all errors by all reference words', () => {
		expect(
			wordErrorRate([
				{ reference: 'bring twelve copies', hypothesis: 'Bring 12 copies.' },
				{ reference: 'call me back', hypothesis: 'call back' }
			])
		).toBeCloseTo(1 / 6);
	});
});

describe('speech WER, Whisper digit runs (reported apart)', () => {
	const joined = { joinDigitRuns: true };

	it('writes a spoken digit followed by a number as one digit string, as Whisper does', () => {
		expect(canonicalWords('at eight thirty', joined)).toEqual(['at', '830']);
		expect(canonicalWords('at eight thirty', joined)).toEqual(canonicalWords('at 830', joined));
		expect(canonicalWords('one two three', joined)).toEqual(['123']);
	});

	it('keeps a time in digits equal to the spoken one, and leaves other numbers alone', () => {
		expect(canonicalWords('moved to 5:30', joined)).toEqual(canonicalWords('moved to five thirty', joined));
		expect(canonicalWords('moved to 5.30', joined)).toEqual(['moved', 'to', '530']);
		expect(canonicalWords('forty two apples and twenty five', joined)).toEqual(['42', 'apples', 'and', '25']);
		expect(canonicalWords('between nine and eleven', joined)).toEqual(['between', '9', 'and', '11']);
		expect(canonicalWords('one hundred and fifty', joined)).toEqual(['150']);
	});

	it('is off by default', () => {
		expect(canonicalWords('at eight thirty')).toEqual(['at', '8', '30']);
		expect(wordErrorRate([{ reference: 'at eight thirty', hypothesis: 'at 830' }], joined)).toBe(0);
		expect(wordErrorRate([{ reference: 'at eight thirty', hypothesis: 'at 830' }])).toBeCloseTo(2 / 3);
	});
});
