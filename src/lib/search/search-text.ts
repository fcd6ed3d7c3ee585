/**
 * How text becomes search terms. The index, the query and the snippet highlighter must agree
 * exactly on this, so it lives in one place.
 */

import { numberToWords } from '../speech/spoken-numbers';

/** Whitespace and punctuation (any script) separate words. */
export const WORD_SEPARATOR = /[\n\r\p{Z}\p{P}]+/u;
/** The complement, for walking the words of a text with their positions. */
const WORD = /[^\n\r\p{Z}\p{P}]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;

/** One-letter words ("a", "I") match half of all messages and are never what anyone looks for. */
export const MIN_TERM_CHARS = 2;
/** Longer runs are hashes, links or keyboard mashing; indexing them only bloats the dictionary. */
export const MAX_TERM_CHARS = 40;

export function tokenize(text: string): string[] {
	return text.split(WORD_SEPARATOR);
}

/**
 * Lower case without accents, so "Café" finds "cafe" and the other way round; null drops the
 * word. Idempotent: normalizing a normalized term changes nothing, which the engine relies on
 * when it hands single terms back to MiniSearch.
 */
export function normalizeTerm(word: string): string | null {
	const term = word.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
	return term.length >= MIN_TERM_CHARS && term.length <= MAX_TERM_CHARS ? term : null;
}

/**
 * The distinct terms of a query, in the order typed. A single digit, too short to be a term, is
 * looked up as its word: transcripts are indexed with "five" beside every "5" (transcript-record.ts).
 */
export function queryTerms(query: string): string[] {
	const terms = new Set<string>();
	for (const word of tokenize(query)) {
		const term = normalizeTerm(word) ?? (/^\d$/u.test(word) ? numberToWords(Number(word))[0] : null);
		if (term) terms.add(term);
	}
	return [...terms];
}

export interface WordSpan {
	start: number;
	end: number;
	term: string | null;
}

/** Every word of `text` with its position and its normalized term. */
export function wordSpans(text: string): WordSpan[] {
	const spans: WordSpan[] = [];
	for (const match of text.matchAll(WORD)) {
		spans.push({ start: match.index, end: match.index + match[0].length, term: normalizeTerm(match[0]) });
	}
	return spans;
}
