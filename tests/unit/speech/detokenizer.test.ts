import { describe, expect, it } from 'vitest';
import { detokenize, parseVocabulary, type VocabularyFile } from '../../../src/lib/speech/detokenizer';

/** GPT-2's byte ↔ character table: printable bytes stand for themselves, the rest move to 256+. */
function byteTable(): [number, number][] {
	const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
	const pairs: [number, number][] = [];
	let next = 256;
	for (let b = 0; b < 256; b++) pairs.push([printable(b) ? b : next++, b]);
	return pairs;
}

const SPACE = String.fromCodePoint(256 + 32); // 'Ġ'
const file: VocabularyFile = {
	format: 1,
	// 0 "Hello", 1 " world", 2 ".", 3 " caf", 4 first byte of "é", 5 second byte of "é"
	tokens: ['Hello', `${SPACE}world`, '.', `${SPACE}caf`, String.fromCodePoint(0xc3), String.fromCodePoint(0xa9)],
	byteDecoder: byteTable()
};

describe('detokenize', () => {
	const vocabulary = parseVocabulary(file);

	it('joins byte-level BPE tokens into text, spaces included', () => {
		expect(detokenize([0, 1, 2], vocabulary)).toBe('Hello world.');
	});

	it('decodes a character split across two tokens', () => {
		expect(detokenize([0, 3, 4, 5], vocabulary)).toBe('Hello café');
	});

	it('drops control tokens and padding (ids past the text vocabulary)', () => {
		expect(detokenize([50257, 50362, 0, 1, 50256, 50256], vocabulary)).toBe('Hello world');
	});

	it('drops ids that are negative or not integers', () => {
		expect(detokenize([-1, 0, 1.5, 2], vocabulary)).toBe('Hello.');
	});
});

describe('parseVocabulary', () => {
	it('refuses a file that is not the prepared vocabulary', () => {
		expect(() => parseVocabulary(null)).toThrow(/not an object/);
		expect(() => parseVocabulary({ ...file, format: 2 })).toThrow(/format/);
		expect(() => parseVocabulary({ ...file, tokens: [1, 2] })).toThrow(/not strings/);
		expect(() => parseVocabulary({ ...file, byteDecoder: file.byteDecoder.slice(1) })).toThrow(/256/);
	});

	it('refuses a byte table that maps two characters to one byte', () => {
		const twice = file.byteDecoder.map(([c, b]) => [c, b === 1 ? 0 : b] as [number, number]);
		expect(() => parseVocabulary({ ...file, byteDecoder: twice })).toThrow(/every byte/);
	});

	it('refuses a byte entry outside 0…255', () => {
		const wide = file.byteDecoder.map(([c, b]) => [c, b === 0 ? 256 : b] as [number, number]);
		expect(() => parseVocabulary({ ...file, byteDecoder: wide })).toThrow(/bad byte/);
	});
});
