import { describe, expect, it } from 'vitest';
import { SearchEngine, SearchIndexError, type SearchDoc } from '../../../src/lib/search/search-engine';
import { isBinarySave } from '../../../src/lib/search/saved-index';
import { SearchService } from '../../../src/lib/search/search-service';
import type { SearchReply } from '../../../src/lib/search/search-protocol';

let clock = 1_000;
function doc(id: string, text: string): SearchDoc {
	clock += 1_000;
	return { id, text, time: clock, conversationId: 'pbob', peerId: 'pbob', direction: 'in' };
}

/** Edited, deleted and re-added messages: the states a saved index must carry over exactly. */
function lived(): SearchEngine {
	const engine = new SearchEngine();
	engine.upsert([
		doc('a', 'Shall we meet for coffee tomorrow?'),
		doc('b', 'The meeting moved to Friday'),
		doc('c', 'Coffee was great, thanks!'),
		doc('d', 'Tomorrow I am out of office'),
		doc('e', 'Café au lait at the corner')
	]);
	engine.upsert([{ ...doc('b', 'The meeting moved to Monday'), time: 3_000 }]);
	engine.remove(['c']);
	return engine;
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

/**
 * A binary save written before terms and ids were saved sorted (by the engine of commit 32cacc3),
 * of `history()` below: it must still load, through the slower path that builds the tree.
 */
const UNSORTED_SAVE = [
	'UFJMWUlEWDHbAAAAeyJzY2hlbWEiOjEsIm9sZGVzdCI6MjAwMCwibmV3ZXN0Ijo2MDAwLCJuZXh0U2xvdCI6NSwiZG9jdW1lbnRD',
	'b3VudCI6NCwibmV4dElkIjo2LCJhdmVyYWdlRmllbGRMZW5ndGgiOls2XSwiZGlydENvdW50IjoyLCJmaWVsZElkcyI6eyJ0ZXh0',
	'IjowfSwic2VjdGlvbnMiOlsxNiwxNiwzMiwxNiw5NiwxMjQsMTI0LDcsMTI1XSwiZG9jcyI6NCwidGVybXMiOjI0LCJwb3N0aW5n',
	'cyI6MzF9AAAAAAADAAAABAAAAAUAAAAAAAAAAwAAAAQAAAABAAAAAAAAAABAn0AAAAAAAIizQAAAAAAAcLdAAAAAAABwp0AHAAAA',
	'BgAAAAYAAAAFAAAAAQAAAAEAAAABAAAAAQAAAAEAAAACAAAAAQAAAAEAAAABAAAAAQAAAAEAAAABAAAAAQAAAAEAAAABAAAAAQAA',
	'AAIAAAACAAAAAQAAAAEAAAADAAAAAgAAAAIAAAABAAAABAAAAAQAAAAEAAAAAwAAAAQAAAAAAAAAAgAAAAQAAAADAAAAAwAAAAMA',
	'AAACAAAAAgAAAAAAAAABAAAAAAAAAAUAAAABAAAABQAAAAEAAAAFAAAAAAAAAAIAAAABAAAABAAAAAUAAAABAAAABQAAAAAAAAAD',
	'AAAAAAAAAAAAAAABAAAAAQAAAAEAAAABAAAAAQAAAAEAAAABAAAAAQAAAAEAAAABAAAAAQAAAAEAAAABAAAAAQAAAAEAAAABAAAA',
	'AQAAAAEAAAABAAAAAQAAAAEAAAABAAAAAQAAAAEAAAABAAAAAQAAAAEAAAABAAAAAQAAAAEAAAABAAAAAAAAAGEKZAplCmIAbGFp',
	'dAphdAphdQphbQpjb3JuZXIKY29mZmVlCmNhZmUKb2ZmaWNlCm9mCm91dApncmVhdAp3YXMKd2UKZnJpZGF5CmZvcgptb25kYXkK',
	'bW92ZWQKbWVldGluZwptZWV0CnRoYW5rcwp0aGUKdG8KdG9tb3Jyb3cKc2hhbGw=',
].join('');

/** `lived()` with fixed times, as UNSORTED_SAVE holds it. */
function history(): SearchEngine {
	const at = (id: string, text: string, time: number): SearchDoc => ({ id, text, time, conversationId: 'pbob', peerId: 'pbob', direction: 'in' });
	const engine = new SearchEngine();
	engine.upsert([
		at('a', 'Shall we meet for coffee tomorrow?', 2_000),
		at('b', 'The meeting moved to Friday', 3_000),
		at('c', 'Coffee was great, thanks!', 4_000),
		at('d', 'Tomorrow I am out of office', 5_000),
		at('e', 'Café au lait at the corner', 6_000)
	]);
	engine.upsert([at('b', 'The meeting moved to Monday', 3_000)]);
	engine.remove(['c']);
	return engine;
}

const ids = (engine: SearchEngine, query: string) => engine.search(query).map((hit) => [hit.id, hit.time, hit.terms]);
const QUERIES = ['coffee', 'mee', 'tomorow', 'coffee tomorrow', 'cafe', 'monday', 'friday', 'thanks'];

describe('binary saved index', () => {
	it('loads back an index that answers exactly like the one saved', () => {
		const engine = lived();
		const saved = bytes(engine);
		expect(isBinarySave(saved)).toBe(true);
		const copy = SearchEngine.loadBinary(saved);
		expect(copy.size).toBe(engine.size);
		expect(copy.has('c')).toBe(false);
		for (const query of QUERIES) expect(ids(copy, query)).toEqual(ids(engine, query));
		// It keeps working incrementally, without reusing slots or MiniSearch's short ids.
		copy.upsert([doc('h', 'coffee again'), { ...doc('a', 'tea tomorrow'), time: 2_000 }]);
		copy.remove(['d']);
		expect(copy.search('coffee').map((hit) => hit.id)).toEqual(['h']);
		expect(copy.search('tomorrow').map((hit) => hit.id)).toEqual(['a']);
		expect(copy.reconcile(['a', 'b', 'e', 'h'])).toEqual({ missing: [], removed: 0 });
		expect(SearchEngine.loadBinary(bytes(new SearchEngine())).size).toBe(0);
	});

	it('still loads a save from before terms and ids were sorted', () => {
		const old = SearchEngine.loadBinary(new Uint8Array(Buffer.from(UNSORTED_SAVE, 'base64')).buffer);
		const engine = history();
		expect(old.size).toBe(engine.size);
		for (const query of QUERIES) expect(ids(old, query)).toEqual(ids(engine, query));
		// Edits find the saved messages by id (no second copy).
		const edit = (id: string, text: string, time: number): SearchDoc => ({ id, text, time, conversationId: 'pbob', peerId: 'pbob', direction: 'in' });
		old.upsert([edit('d', 'coffee after all', 5_000), edit('b', 'coffee moved to Monday', 3_000)]);
		expect(old.size).toBe(engine.size);
		expect(old.search('coffee').map((hit) => hit.id)).toEqual(['d', 'b', 'a']);
	});

	it('saves ids and terms sorted, and loads them back the same after changes on top', () => {
		const engine = SearchEngine.loadBinary(bytes(lived()));
		engine.upsert([doc('f', 'coffee at noon'), { ...doc('e', 'tea at the corner'), time: 7_000 }]);
		engine.remove(['a']);
		const again = SearchEngine.loadBinary(bytes(engine));
		expect(again.size).toBe(engine.size);
		for (const query of [...QUERIES, 'noon', 'tea', 'corner']) expect(ids(again, query)).toEqual(ids(engine, query));
	});

	it('refuses bytes that do not add up, so the indexer rebuilds', () => {
		const saved = new Uint8Array(bytes(lived()));
		expect(() => SearchEngine.loadBinary(saved.slice(0, saved.length - 9).buffer)).toThrow(SearchIndexError);
		expect(() => SearchEngine.loadBinary(new TextEncoder().encode('PRLYIDX1garbage').buffer)).toThrow(SearchIndexError);
		const at = Buffer.from(saved).indexOf('"schema":1') + '"schema":'.length;
		const wrongSchema = saved.slice();
		wrongSchema[at] = '9'.charCodeAt(0);
		expect(() => SearchEngine.loadBinary(wrongSchema.buffer)).toThrow(/schema/);
		// A short id past MiniSearch's counter would index outside the saved arrays.
		const nextId = Buffer.from(saved).indexOf('"nextId":') + '"nextId":'.length;
		const fewerIds = saved.slice();
		fewerIds[nextId] = '1'.charCodeAt(0);
		expect(() => SearchEngine.loadBinary(fewerIds.buffer)).toThrow(/bad document id/);
	});

	it('the worker saves binary and still loads an older JSON save', async () => {
		const replies: SearchReply[] = [];
		const service = new SearchService((reply) => replies.push(reply));
		service.handle({ type: 'upsert', docs: [doc('x', 'umbrella by the door')] });
		service.handle({ type: 'snapshot', id: 1 });
		await service.idle();
		const snapshot = replies.find((reply) => reply.type === 'snapshot');
		if (snapshot?.type !== 'snapshot') throw new Error('no snapshot');
		expect(isBinarySave(await snapshot.json.arrayBuffer())).toBe(true);

		for (const [id, json] of [
			[2, snapshot.json],
			[3, new Blob([JSON.stringify(lived())])]
		] as const) {
			service.handle({ type: 'load', id, json });
			await service.idle();
			expect(replies.find((reply) => reply.id === id)).toMatchObject({ type: 'loaded', error: null, count: id === 2 ? 1 : 4 });
		}
	});
});
