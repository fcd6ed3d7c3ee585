import { describe, expect, it } from 'vitest';
import { numberSearchTerms, numberToWords, spokenNumbers } from '../../../src/lib/speech/spoken-numbers';

describe('numberSearchTerms', () => {
	it('adds the digits for a number said in words', () => {
		expect(numberSearchTerms('bring five copies')).toEqual(['5']);
		expect(numberSearchTerms('about twenty-five people')).toEqual(['25']);
		expect(numberSearchTerms('two hundred and six miles')).toEqual(['206']);
	});

	it('adds the words for a number written in digits', () => {
		expect(numberSearchTerms('bring 5 copies')).toEqual(['five']);
		expect(numberSearchTerms('room 12')).toEqual(['twelve']);
		expect(numberSearchTerms('at 5.30')).toEqual(['five', 'thirty']);
	});

	it('reads "five thirty" as two numbers, not thirty-five', () => {
		expect(numberSearchTerms('see you at five thirty')).toEqual(['5', '30']);
	});

	it('adds no term the text already has, and none for long digit runs', () => {
		expect(numberSearchTerms('5 five')).toEqual([]);
		expect(numberSearchTerms('call 0123456789')).toEqual([]);
		expect(numberSearchTerms('code 0000012')).toEqual([]);
		expect(numberSearchTerms('no numbers here')).toEqual([]);
	});
});

describe('spokenNumbers and numberToWords', () => {
	it('round-trip', () => {
		for (const n of [0, 7, 13, 20, 42, 100, 119, 999, 1000, 4021, 120_305, 999_999]) {
			expect(spokenNumbers(numberToWords(n))).toEqual([n]);
		}
	});

	it('spell nothing out of range', () => {
		expect(numberToWords(-1)).toEqual([]);
		expect(numberToWords(1_000_000)).toEqual([]);
		expect(numberToWords(2.5)).toEqual([]);
	});

	it('start a new number where a word cannot continue the last one', () => {
		expect(spokenNumbers(['twenty', 'twelve'])).toEqual([20, 12]);
		expect(spokenNumbers(['thirty', 'forty'])).toEqual([30, 40]);
		expect(spokenNumbers(['seven', 'eight'])).toEqual([7, 8]);
	});

	it('ignore a scale word without a number before it', () => {
		expect(spokenNumbers(['hundred', 'thousand', 'and', 'three'])).toEqual([3]);
	});
});
