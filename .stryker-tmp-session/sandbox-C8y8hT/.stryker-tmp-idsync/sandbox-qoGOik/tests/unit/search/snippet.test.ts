// @ts-nocheck
// 
import { describe, expect, it } from 'vitest';
import { makeSnippet, snippetParts } from '../../../src/lib/search/snippet';

const marked = (text: string, terms: string[], options?: Parameters<typeof makeSnippet>[2]) => {
	const snippet = makeSnippet(text, terms, options);
	return snippet.highlights.map(([start, end]) => snippet.text.slice(start, end));
};

describe('makeSnippet', () => {
	it('marks every matching word, whatever its case or accents', () => {
		expect(marked('Coffee? Yes, COFFEE at the Café', ['coffee', 'cafe'])).toEqual(['Coffee', 'COFFEE', 'Café']);
	});

	it('marks whole words that a term of three letters or more begins', () => {
		expect(marked('The meeting, then we meet', ['mee'])).toEqual(['meeting', 'meet']);
		// Shorter terms match only whole words.
		expect(marked('we went west', ['we'])).toEqual(['we']);
	});

	it('starts near the first match of a long text, at a word boundary, with ellipses', () => {
		const text = `${'lorem ipsum dolor '.repeat(20)}the answer is here ${'and then more words '.repeat(20)}`;
		const snippet = makeSnippet(text, ['answer'], { maxChars: 60, contextChars: 12 });
		expect(snippet.text.startsWith('…')).toBe(true);
		expect(snippet.text.endsWith('…')).toBe(true);
		expect(snippet.text).toContain('the answer is here');
		expect(snippet.text.length).toBeLessThanOrEqual(62);
		const [[start, end]] = snippet.highlights as [[number, number]];
		expect(snippet.text.slice(start, end)).toBe('answer');
		// No word is cut in half at either end.
		const inner = snippet.text.slice(1, -1);
		expect(text).toContain(inner);
		expect(text).toContain(` ${inner} `);
	});

	it('keeps short texts whole and flattens line breaks', () => {
		expect(makeSnippet('Hi\n\nsee   you\tsoon', ['see'])).toEqual({ text: 'Hi see you soon', highlights: [[3, 6]] });
	});

	it('shows the start when nothing matches', () => {
		expect(makeSnippet('nothing to see', ['zebra'])).toEqual({ text: 'nothing to see', highlights: [] });
	});

	it('splits into plain and marked parts for rendering', () => {
		const snippet = makeSnippet('meet me at the meeting point', ['meet']);
		expect(snippetParts(snippet)).toEqual([
			{ text: 'meet', mark: true },
			{ text: ' me at the ', mark: false },
			{ text: 'meeting', mark: true },
			{ text: ' point', mark: false }
		]);
	});

	it('keeps markup-looking text as plain text', () => {
		const snippet = makeSnippet('<img src=x onerror=alert(1)> hello', ['hello']);
		expect(snippet.text).toBe('<img src=x onerror=alert(1)> hello');
		expect(snippetParts(snippet).at(-1)).toEqual({ text: 'hello', mark: true });
	});
});
