// @ts-nocheck
// 
// 
import { describe, expect, it } from 'vitest';
import { SearchEngine, SearchIndexError, type SearchDoc } from '../../../src/lib/search/search-engine';
import { editDistance, kthLargest } from '../../../src/lib/search/search-scoring';
import { queryTerms } from '../../../src/lib/search/search-text';

let clock = 1_000;
function doc(id: string, text: string, extra: Partial<SearchDoc> = {}): SearchDoc {
	clock += 1_000;
	return { id, text, time: clock, conversationId: 'pbob', peerId: 'pbob', direction: 'in', ...extra };
}

function engineWith(...docs: SearchDoc[]): SearchEngine {
	const engine = new SearchEngine();
	engine.upsert(docs);
	return engine;
}

const ids = (engine: SearchEngine, query: string, limit?: number) => engine.search(query, limit).map((hit) => hit.id);

describe('SearchEngine', () => {
	const corpus = () =>
		engineWith(
			doc('a', 'Shall we meet for coffee tomorrow?'),
			doc('b', 'The meeting moved to Friday'),
			doc('c', 'Coffee was great, thanks!'),
			doc('d', 'Tomorrow I am out of office'),
			doc('e', 'Café au lait at the corner')
		);

	it('finds whole words, case-insensitively', () => {
		expect(ids(corpus(), 'COFFEE').sort()).toEqual(['a', 'c']);
		expect(ids(corpus(), 'friday')).toEqual(['b']);
	});

	it('finds words by a prefix of three letters or more', () => {
		expect(ids(corpus(), 'mee').sort()).toEqual(['a', 'b']);
		expect(ids(corpus(), 'tomo').sort()).toEqual(['a', 'd']);
		// Two letters are only a whole word, never a prefix.
		expect(ids(corpus(), 'fr')).toEqual([]);
	});

	it('forgives one typo in words of four letters or more', () => {
		expect(ids(corpus(), 'cofee').sort()).toEqual(['a', 'c']);
		expect(ids(corpus(), 'tomorow').sort()).toEqual(['a', 'd']);
		expect(ids(corpus(), 'fridya')).toEqual([]); // a transposition is two edits
		expect(ids(corpus(), 'ofice')).toEqual(['d']);
	});

	it('ignores accents both ways', () => {
		expect(ids(corpus(), 'cafe')).toEqual(['e']);
		const engine = engineWith(doc('x', 'we met at the cafe'));
		expect(ids(engine, 'Café')).toEqual(['x']);
	});

	it('requires every word (AND)', () => {
		expect(ids(corpus(), 'coffee tomorrow')).toEqual(['a']);
		expect(ids(corpus(), 'coffee friday')).toEqual([]);
		expect(ids(corpus(), 'meet tom')).toEqual(['a']);
	});

	it('answers nothing below the minimum query length', () => {
		expect(ids(corpus(), 'a')).toEqual([]);
		expect(ids(corpus(), '   ')).toEqual([]);
		expect(ids(corpus(), '!!')).toEqual([]);
	});

	it('ranks the word as typed above completions and corrections, then newer first', () => {
		const engine = engineWith(doc('old-exact', 'see you at the meet'), doc('completion', 'meeting notes'), doc('new-exact', 'meet me there'));
		expect(ids(engine, 'meet')).toEqual(['new-exact', 'old-exact', 'completion']);
	});

	it('corrects typos only when exact words find too little, and only in words rare as typed', () => {
		const docs = Array.from({ length: 60 }, (_, i) => doc(`that-${i}`, 'that is it'));
		const engine = engineWith(...docs, doc('what', 'what is it'), doc('thot', 'thot is it'));
		expect(ids(engine, 'that')).toHaveLength(50);
		// Even asking for more: "that" is in 60 messages, so it is no typo for "what".
		expect(ids(engine, 'that', 100)).toHaveLength(60);
		expect(ids(engine, 'that', 100)).not.toContain('what');
		// A rare word is corrected to fill the page, below its exact matches.
		const rare = ids(engine, 'thot', 100);
		expect(rare).toHaveLength(61);
		expect(rare[0]).toBe('thot');
		expect(ids(engineWith(doc('only', 'what is it')), 'whaat')).toEqual(['only']);
	});

	it('caps the results at the limit, keeping the best', () => {
		const docs = Array.from({ length: 120 }, (_, i) => doc(`m${i}`, `note number ${i}`));
		const engine = engineWith(...docs);
		const hits = engine.search('note');
		expect(hits).toHaveLength(50);
		// Same words everywhere: the newest win.
		expect(hits[0]!.id).toBe('m119');
		expect(hits.map((hit) => hit.time)).toEqual([...hits.map((hit) => hit.time)].sort((a, b) => b - a));
		expect(engine.search('note', 5)).toHaveLength(5);
	});

	it('reports the words of the message that matched', () => {
		const engine = engineWith(doc('a', 'Meeting at the office, meet you there'));
		const [hit] = engine.search('mee offce');
		expect(hit?.terms.sort()).toEqual(['meet', 'meeting', 'office']);
	});

	it('adds, replaces and removes incrementally', () => {
		const engine = corpus();
		engine.upsert([doc('f', 'Bananas for breakfast')]);
		expect(ids(engine, 'banana')).toEqual(['f']);
		engine.upsert([{ ...doc('f', 'Apples for breakfast') }]);
		expect(ids(engine, 'banana')).toEqual([]);
		expect(ids(engine, 'apples')).toEqual(['f']);
		expect(engine.size).toBe(6);
		engine.remove(['f', 'unknown']);
		expect(ids(engine, 'apples')).toEqual([]);
		expect(engine.size).toBe(5);
		// Indexing the same row twice changes nothing.
		engine.upsert([doc('c', 'Coffee was great, thanks!'), doc('c', 'Coffee was great, thanks!')]);
		expect(engine.size).toBe(5);
		expect(ids(engine, 'coffee').sort()).toEqual(['a', 'c']);
	});

	it('does not serve a cached answer after the index changed', () => {
		const engine = corpus();
		expect(ids(engine, 'lunch')).toEqual([]);
		engine.upsert([doc('g', 'lunch?')]);
		expect(ids(engine, 'lunch')).toEqual(['g']);
	});

	it('round-trips through JSON', () => {
		const engine = corpus();
		engine.remove(['c']);
		const copy = SearchEngine.loadJSON(JSON.stringify(engine));
		expect(copy.size).toBe(4);
		for (const query of ['coffee', 'mee', 'tomorow', 'coffee tomorrow', 'cafe']) expect(ids(copy, query)).toEqual(ids(engine, query));
		// The copy keeps working incrementally, without reusing slots.
		copy.upsert([doc('h', 'coffee again')]);
		expect(ids(copy, 'coffee').sort()).toEqual(['a', 'h']);
		expect(SearchEngine.loadJSON(JSON.stringify(new SearchEngine())).size).toBe(0);
	});

	it('refuses a saved index that is corrupt or from another schema', () => {
		const saved = JSON.parse(JSON.stringify(corpus())) as Record<string, unknown>;
		expect(() => SearchEngine.loadJSON('{not json')).toThrow(SearchIndexError);
		expect(() => SearchEngine.loadJSON(JSON.stringify({ ...saved, schema: 999 }))).toThrow(/schema/);
		expect(() => SearchEngine.loadJSON(JSON.stringify({ ...saved, index: null }))).toThrow(SearchIndexError);
		expect(() => SearchEngine.loadJSON(JSON.stringify({ ...saved, index: { serializationVersion: 99 } }))).toThrow(SearchIndexError);
		expect(() => SearchEngine.loadJSON('null')).toThrow(SearchIndexError);
		// Slots index typed arrays: one out of range fails the load.
		expect(() => SearchEngine.loadJSON(JSON.stringify({ ...saved, nextSlot: 1 }))).toThrow(/bad document/);
	});

	it('reconciles with the ids that really exist', () => {
		const engine = corpus();
		// Removed and added again: two slots remember "b", it still counts once.
		engine.remove(['b']);
		engine.upsert([doc('b', 'The meeting moved to Friday')]);
		const { missing, removed } = engine.reconcile(['a', 'b', 'z']);
		expect(missing).toEqual(['z']);
		expect(removed).toBe(3);
		expect(engine.size).toBe(2);
	});
});

describe('search helpers', () => {
	it('normalizes query terms like the index does', () => {
		expect(queryTerms('  Café, MEET-up  a  meet ')).toEqual(['cafe', 'meet', 'up']);
	});

	it('computes edit distances and k-th largest values', () => {
		expect(editDistance('meet', 'meat')).toBe(1);
		expect(editDistance('friday', 'fridya')).toBe(2);
		expect(kthLargest(Float64Array.from([5, 1, 9, 3, 7]), 2)).toBe(7);
		expect(kthLargest(Float64Array.from([5, 1]), 9)).toBe(1);
		expect(kthLargest(new Float64Array(0), 1)).toBe(-Infinity);
	});
});
