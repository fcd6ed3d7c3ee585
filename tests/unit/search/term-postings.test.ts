import type MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { partsFromBinary } from '../../../src/lib/search/saved-engine';
import { SavedPostings } from '../../../src/lib/search/saved-index-maps';
import { SearchEngine, type SearchDoc } from '../../../src/lib/search/search-engine';
import { TermPostingsCache } from '../../../src/lib/search/term-postings';

let clock = 1_000;
function doc(id: string, text: string): SearchDoc {
	clock += 1_000;
	return { id, text, time: clock, conversationId: 'pbob', peerId: 'pbob', direction: 'in' };
}

function bytes(engine: SearchEngine): ArrayBuffer {
	const parts = engine.toBinary();
	if (!parts) throw new Error('no binary form');
	const all = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
	let offset = 0;
	for (const part of parts) {
		all.set(part, offset);
		offset += part.byteLength;
	}
	return all.buffer;
}

/** A loaded save that then lived on: edits, deletions and new messages on top of the saved arrays. */
function loadedAndChanged() {
	const engine = new SearchEngine();
	engine.upsert([
		doc('a', 'Shall we meet for coffee tomorrow?'),
		doc('b', 'The meeting moved to Friday'),
		doc('c', 'Coffee was great, thanks!'),
		doc('d', 'Tomorrow I am out of office, meetings all day'),
		doc('e', 'Café au lait at the corner, coffe for you')
	]);
	engine.remove(['d']);
	const parts = partsFromBinary(bytes(engine));
	const loaded = new SearchEngine(parts);
	loaded.upsert([doc('b', 'The meeting moved to Monday'), doc('f', 'meet me at the coffeeshop')]);
	loaded.remove(['c']);
	return { parts, index: parts.index as unknown as MiniSearch<never> };
}

/** The same index seen only through MiniSearch's public search: the walk every MiniSearch supports. */
function publicOnly(index: MiniSearch<never>): MiniSearch<never> {
	return { search: index.search.bind(index) } as unknown as MiniSearch<never>;
}

const TERMS = ['coffee', 'coffe', 'meet', 'meeting', 'mee', 'tomorrow', 'tomorow', 'monday', 'friday', 'cafe', 'nothing'];

describe('TermPostingsCache', () => {
	it('finds the same words and messages as MiniSearch’s own search, exact, completed and corrected', () => {
		const { parts, index } = loadedAndChanged();
		const direct = new TermPostingsCache(index, parts.shortIdSlots);
		const reference = new TermPostingsCache(publicOnly(index));
		for (const term of TERMS) {
			for (const fuzzy of [false, true]) expect(direct.get(term, fuzzy), `${term} fuzzy=${fuzzy}`).toEqual(reference.get(term, fuzzy));
		}
		// Removed messages (d before saving, c after loading) are never matched.
		expect(direct.get('thanks', false).df).toBe(0);
		expect(direct.get('office', false).df).toBe(0);
	});

	it('reads slots from the engine’s table, never a message’s stored fields', () => {
		const { parts, index } = loadedAndChanged();
		const stored = (index as unknown as { _storedFields: Map<number, unknown> })._storedFields;
		const read = stored.get.bind(stored);
		let reads = 0;
		stored.get = (shortId: number) => {
			reads++;
			return read(shortId);
		};
		const postings = new TermPostingsCache(index, parts.shortIdSlots).get('coffee', true);
		// a and e come from the save, f was added after loading.
		expect(postings.words.flatMap((word) => [...word.slots])).toHaveLength(3);
		expect(reads).toBe(0);
	});

	it('reads a posting list as loaded straight from the saved array, without filling its Map', () => {
		const engine = new SearchEngine();
		engine.upsert(Array.from({ length: 50 }, (_, i) => doc(`m${i}`, i % 2 === 0 ? 'coffee again' : 'tea again')));
		const parts = partsFromBinary(bytes(engine));
		const index = parts.index as unknown as MiniSearch<never>;
		const list = (index as unknown as { _index: { get(term: string): Map<number, Map<number, number>> } })._index.get('coffee').get(0) as SavedPostings;
		expect(list).toBeInstanceOf(SavedPostings);
		const postings = new TermPostingsCache(index, parts.shortIdSlots).get('coffee', false);
		expect(postings.df).toBe(25);
		expect(list.filled).toBe(false);
	});
});
