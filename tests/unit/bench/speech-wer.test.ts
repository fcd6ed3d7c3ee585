import { describe, expect, it } from 'vitest';
import { canonicalWords, wordErrorRate, wordErrors } from '../../../bench/speech-wer';

describe('speech WER', () => {
	it('puts numbers, case and punctuation in one form', () => {
		expect(canonicalWords('The meeting moved to five thirty.')).toEqual(['the', 'meeting', 'moved', 'to', '5', '30']);
		expect(canonicalWords('the Meeting moved to 5:30')).toEqual(['the', 'meeting', 'moved', 'to', '5', '30']);
		expect(canonicalWords('One hundred and fifty dollars, and more')).toEqual(['150', 'dollars', 'and', 'more']);
		expect(canonicalWords("Don't")).toEqual(['dont']);
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
