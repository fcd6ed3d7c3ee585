import { describe, expect, it } from 'vitest';
import { LayeredMap, TermTreeNode, type SavedEntries } from '../../../src/lib/search/saved-index-maps';
import { SavedStrings } from '../../../src/lib/search/saved-strings';
import { mulberry32 } from '../../e2e/seeded-random';

function savedOf(map: Map<number, string>): SavedEntries<number, string> {
	return { size: map.size, has: (key) => map.has(key), get: (key) => map.get(key), forEach: (each) => map.forEach(each) };
}

describe('LayeredMap', () => {
	it('behaves like a Map over its saved entries through any mix of reads, writes, deletions and walks', () => {
		const random = mulberry32(9);
		for (let round = 0; round < 50; round++) {
			const saved = new Map(Array.from({ length: 20 }, (_, i) => [i * 2, `saved ${i}`] as [number, string]));
			const layered = new LayeredMap(savedOf(saved));
			const plain = new Map(saved);
			for (let step = 0; step < 60; step++) {
				const key = Math.floor(random() * 50);
				const roll = random();
				if (roll < 0.3) {
					expect(layered.set(key, `set ${step}`)).toBe(layered);
					plain.set(key, `set ${step}`);
				} else if (roll < 0.55) expect(layered.delete(key)).toBe(plain.delete(key));
				else if (roll < 0.97) expect([layered.has(key), layered.get(key)]).toEqual([plain.has(key), plain.get(key)]);
				else expect(new Map(layered)).toEqual(plain);
				expect(layered.size).toBe(plain.size);
			}
			expect(new Map(layered.entries())).toEqual(plain);
		}
	});

	it('keeps an entry it handed out when asked to, so changes made to it in place stay', () => {
		const saved = new Map([[1, [3]]]);
		const kept = new LayeredMap<number, number[]>({ size: 1, has: (key) => saved.has(key), get: (key) => (saved.has(key) ? [...saved.get(key)!] : undefined), forEach: (each) => saved.forEach(each) }, true);
		kept.get(1)!.push(4);
		expect(kept.get(1)).toEqual([3, 4]);
		expect([...kept]).toEqual([[1, [3, 4]]]);
	});
});

/** Every term stored under a tree of Maps (MiniSearch's layout: '' marks where a term ends). */
function termsUnder(node: Map<string, unknown>, prefix = ''): string[] {
	const found: string[] = [];
	for (const [key, value] of node) {
		if (key === '') found.push(prefix);
		else found.push(...termsUnder(value as Map<string, unknown>, prefix + key));
	}
	return found.sort();
}

describe('TermTreeNode', () => {
	const terms = ['caf', 'cafe', 'café', 'coffee', 'coffees', 'corner', 'meet', 'meeting', 'x', 'ünder'];
	const saved = () => new SavedStrings(terms.join('\n'), terms.length);

	it('unfolds into the radix tree of its sorted terms, each ending where its data is', () => {
		const root = new TermTreeNode(saved(), 0, terms.length, 0, (t) => terms[t]);
		expect(termsUnder(root)).toEqual([...terms].sort());
		// Children of a node start with different characters, and a run is shared by all below it.
		const co = root.get('c') as Map<string, unknown>;
		expect([...co.keys()].sort()).toEqual(['af', 'o']);
		expect((co.get('o') as Map<string, unknown>).has('rner')).toBe(true);
		const meet = root.get('meet') as Map<string, unknown>;
		expect(meet.get('')).toBe('meet');
		expect((meet.get('ing') as Map<string, unknown>).get('')).toBe('meeting');
	});

	it('expands only the nodes that are used', () => {
		const used = new Set<number>();
		const root = new TermTreeNode(saved(), 0, terms.length, 0, (t) => used.add(t) && t);
		const meet = root.get('meet') as Map<string, unknown>;
		meet.get('');
		expect([...used]).toEqual([terms.indexOf('meet')]);
	});

	it('takes new terms and deletions like a Map', () => {
		const root = new TermTreeNode(saved(), 0, terms.length, 0, (t) => terms[t]);
		(root.get('c') as Map<string, unknown>).set('ab', new Map([['', 'cab']]));
		root.delete('x');
		expect(termsUnder(root)).toEqual([...terms.filter((term) => term !== 'x'), 'cab'].sort());
	});
});

describe('SavedStrings', () => {
	const of = (strings: string[]) => new SavedStrings(strings.join('\n'), strings.length);

	it('cuts each string out of the joined text and finds one by binary search', () => {
		const ids = of(['a', 'ab', 'b', 'é']);
		expect([0, 1, 2, 3].map((i) => ids.at(i))).toEqual(['a', 'ab', 'b', 'é']);
		expect(['a', 'ab', 'b', 'é', 'aa', '', 'z'].map((id) => ids.find(id))).toEqual([0, 1, 2, 3, -1, -1, -1]);
		expect(of([]).find('a')).toBe(-1);
	});

	it('refuses a text that does not hold the count it was saved with', () => {
		expect(() => new SavedStrings('a\nb', 3)).toThrow();
		expect(() => new SavedStrings('a\nb\nc', 2)).toThrow();
		expect(() => new SavedStrings('a', 0)).toThrow();
	});
});
