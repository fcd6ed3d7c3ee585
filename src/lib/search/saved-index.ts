import MiniSearch, { type Options } from 'minisearch';
import { LayeredMap, SavedPostings, TermTreeNode, type SavedEntries } from './saved-index-maps';
import { SavedStrings } from './saved-strings';

/**
 * The saved index in a binary form that loads several times faster than MiniSearch's JSON:
 * at 100k messages JSON.parse builds ~1.5 million small objects and MiniSearch then turns every
 * key back into a number, ~1 s in the worker before the first answer. Here numbers are typed
 * arrays read straight from the stored bytes, strings are two newline-joined texts (terms and
 * ids contain no newline: the tokenizer splits on it, and message ids are base64url), and the
 * maps are filled directly.
 *
 * That means writing MiniSearch's internal maps (the fields below, as of minisearch 7.x). If a
 * future version renames them, `readableInternals` fails, saving falls back to JSON and
 * loading throws, which the indexer answers with a rebuild from the database: slower, never wrong.
 */

/** First bytes of a binary save; a JSON save starts with `{`. */
const MAGIC = 'PRLYIDX1';
const ALIGN_BYTES = 8;

interface MiniSearchInternals {
	_documentIds: Map<number, string>;
	_idToShortId: Map<string, number>;
	_fieldLength: Map<number, number[]>;
	_storedFields: Map<number, Record<string, unknown>>;
	_fieldIds: Record<string, number>;
	_avgFieldLength: number[];
	_nextId: number;
	_dirtCount: number;
	_index: Iterable<[string, Map<number, Map<number, number>>]> & { set(term: string, data: Map<number, Map<number, number>>): unknown; _tree: Map<string, unknown>; _size: unknown };
}

/** What the engine keeps next to MiniSearch, saved in the header. */
export interface EngineExtras {
	schema: number;
	oldest: number;
	newest: number;
	nextSlot: number;
}

interface Header extends EngineExtras {
	documentCount: number;
	nextId: number;
	averageFieldLength: number[];
	dirtCount: number;
	fieldIds: Record<string, number>;
	/** Byte length of each section, in SECTIONS order. */
	sections: number[];
	docs: number;
	terms: number;
	postings: number;
	/**
	 * Ids and terms are in code-unit order (written so since ids and terms are sorted; older saves
	 * lack it). Trusted rather than checked: checking 200k strings is a third of a load.
	 */
	sorted?: boolean;
}

function readableInternals(index: MiniSearch<never>): MiniSearchInternals | null {
	const inner = index as unknown as Partial<MiniSearchInternals>;
	const maps = [inner._documentIds, inner._idToShortId, inner._fieldLength, inner._storedFields];
	if (!maps.every((map) => map instanceof Map) || typeof inner._index?.set !== 'function' || !(inner._index._tree instanceof Map) || typeof inner._fieldIds !== 'object') return null;
	return inner as MiniSearchInternals;
}

export function isBinarySave(bytes: ArrayBuffer): boolean {
	return bytes.byteLength >= MAGIC.length && new TextDecoder().decode(new Uint8Array(bytes, 0, MAGIC.length)) === MAGIC;
}

/**
 * The index as bytes, or null when it cannot be written in this form (another MiniSearch
 * layout, more than one field, a newline in an id): the caller saves JSON instead.
 */
export function encodeIndex(index: MiniSearch<never>, extras: EngineExtras, storedSlot: (fields: Record<string, unknown>) => { n: number; time: number }): Uint8Array[] | null {
	const inner = readableInternals(index);
	if (!inner || Object.keys(inner._fieldIds).length !== 1 || inner._fieldIds.text !== 0) return null;
	// Sorted by id and by term (UTF-16 code units, as `<` compares): loading then finds an id by
	// binary search and builds the term tree only where it is walked (saved-index-maps.ts).
	const entries: { shortId: number; id: string; n: number; time: number; length: number }[] = [];
	for (const [shortId, id] of inner._documentIds) {
		const stored = inner._storedFields.get(shortId);
		if (!stored || id.includes('\n')) return null;
		const { n, time } = storedSlot(stored);
		entries.push({ shortId, id, n, time, length: inner._fieldLength.get(shortId)?.[0] ?? 0 });
	}
	entries.sort((a, b) => byCodeUnits(a.id, b.id));
	const docs = entries.length;
	const shortIds = Int32Array.from(entries, (entry) => entry.shortId);
	const slots = Int32Array.from(entries, (entry) => entry.n);
	const times = Float64Array.from(entries, (entry) => entry.time);
	const lengths = Int32Array.from(entries, (entry) => entry.length);
	const ids = entries.map((entry) => entry.id);
	const lists: [string, Map<number, number>][] = [];
	for (const [term, fields] of inner._index) {
		if (fields.size > 1 || (fields.size === 1 && !fields.has(0))) return null;
		lists.push([term, fields.get(0) ?? new Map<number, number>()]);
	}
	lists.sort((a, b) => byCodeUnits(a[0], b[0]));
	const terms: string[] = [];
	const counts: number[] = [];
	const postDocs: number[] = [];
	const postTfs: number[] = [];
	for (const [term, postings] of lists) {
		terms.push(term);
		counts.push(postings.size);
		for (const [shortId, tf] of postings) {
			postDocs.push(shortId);
			postTfs.push(tf);
		}
	}
	const encoder = new TextEncoder();
	const sections: Uint8Array[] = [
		bytesOf(shortIds),
		bytesOf(slots),
		bytesOf(times),
		bytesOf(lengths),
		bytesOf(Int32Array.from(counts)),
		bytesOf(Int32Array.from(postDocs)),
		bytesOf(Int32Array.from(postTfs)),
		encoder.encode(ids.join('\n')),
		encoder.encode(terms.join('\n'))
	];
	const header: Header = {
		...extras,
		documentCount: index.documentCount,
		nextId: inner._nextId,
		averageFieldLength: inner._avgFieldLength,
		dirtCount: inner._dirtCount,
		fieldIds: inner._fieldIds,
		sections: sections.map((section) => section.byteLength),
		docs,
		terms: terms.length,
		postings: postDocs.length,
		sorted: true
	};
	const headerBytes = encoder.encode(JSON.stringify(header));
	const lead = new Uint8Array(MAGIC.length + 4);
	lead.set(encoder.encode(MAGIC));
	new DataView(lead.buffer).setUint32(MAGIC.length, headerBytes.byteLength, true);
	const parts: Uint8Array[] = [lead, headerBytes];
	let offset = lead.byteLength + headerBytes.byteLength;
	for (const section of sections) {
		const gap = (ALIGN_BYTES - (offset % ALIGN_BYTES)) % ALIGN_BYTES;
		if (gap > 0) parts.push(new Uint8Array(gap));
		parts.push(section);
		offset += gap + section.byteLength;
	}
	return parts;
}

/** Message id → short id: a binary search when the ids were saved sorted, else a Map built on first use. */
function byId(ids: SavedStrings, shortIds: Int32Array, sorted: boolean): SavedEntries<string, number> {
	const forEach = (each: (shortId: number, id: string) => void) => {
		for (let i = 0; i < ids.length; i++) each(shortIds[i]!, ids.at(i));
	};
	if (!sorted) {
		let built: Map<string, number> | null = null;
		const map = () => (built ??= new Map(Array.from(shortIds, (shortId, i) => [ids.at(i), shortId])));
		return { size: ids.length, has: (id) => map().has(id), get: (id) => map().get(id), forEach };
	}
	return {
		size: ids.length,
		has: (id) => ids.find(id) !== -1,
		get: (id) => {
			const at = ids.find(id);
			return at === -1 ? undefined : shortIds[at];
		},
		forEach
	};
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const bytesOf = (array: Int32Array | Float64Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

export class SavedIndexError extends Error {
	override name = 'SavedIndexError';
}

/** The MiniSearch index and the engine's extras from `encodeIndex`'s bytes; throws SavedIndexError if they do not add up. */
export function decodeIndex<T>(
	bytes: ArrayBuffer,
	options: Options<T>,
	slotFields: (n: number, time: number) => Record<string, unknown>
): { index: MiniSearch<T>; extras: EngineExtras; slots: Int32Array; times: Float64Array; ids: SavedStrings; slotByShortId: Int32Array } {
	if (!isBinarySave(bytes)) throw new SavedIndexError('not a binary search index');
	const view = new DataView(bytes);
	const headerLength = view.getUint32(MAGIC.length, true);
	let offset = MAGIC.length + 4;
	const header = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, offset, headerLength))) as Header;
	offset += headerLength;
	const { docs, terms: termCount, postings } = header;
	const expected = [docs * 4, docs * 4, docs * 8, docs * 4, termCount * 4, postings * 4, postings * 4];
	if (!Array.isArray(header.sections) || header.sections.length !== 9 || expected.some((length, i) => header.sections[i] !== length)) {
		throw new SavedIndexError('binary search index has bad sections');
	}
	const section = (i: number) => {
		offset += (ALIGN_BYTES - (offset % ALIGN_BYTES)) % ALIGN_BYTES;
		const start = offset;
		offset += header.sections[i]!;
		if (offset > bytes.byteLength) throw new SavedIndexError('binary search index is truncated');
		return start;
	};
	const shortIds = new Int32Array(bytes, section(0), docs);
	const slots = new Int32Array(bytes, section(1), docs);
	const times = new Float64Array(bytes, section(2), docs);
	const lengths = new Int32Array(bytes, section(3), docs);
	const counts = new Int32Array(bytes, section(4), termCount);
	const postDocs = new Int32Array(bytes, section(5), postings);
	const postTfs = new Int32Array(bytes, section(6), postings);
	const strings = (i: number, count: number) => {
		const text = new TextDecoder().decode(new Uint8Array(bytes, section(i), header.sections[i]));
		try {
			return new SavedStrings(text, count);
		} catch (error) {
			throw new SavedIndexError(`binary search index has bad strings: ${String(error)}`);
		}
	};
	const ids = strings(7, docs);
	const terms = strings(8, termCount);

	const index = MiniSearch.loadJS<T>(
		{
			documentCount: header.documentCount,
			nextId: header.nextId,
			documentIds: {},
			fieldIds: header.fieldIds,
			fieldLength: {},
			averageFieldLength: header.averageFieldLength,
			storedFields: {},
			dirtCount: header.dirtCount,
			index: [],
			serializationVersion: 2
		},
		options
	);
	const inner = readableInternals(index as unknown as MiniSearch<never>);
	if (!inner) throw new SavedIndexError('this MiniSearch cannot load a binary search index');
	// Where each short id's message sits in the arrays (-1: none).
	const position = new Int32Array(Math.max(0, header.nextId)).fill(-1);
	// Each short id's slot (-1: none), built in the same pass: what a query's posting walk reads.
	const slotByShortId = new Int32Array(position.length).fill(-1);
	for (let i = 0; i < docs; i++) {
		const shortId = shortIds[i]!;
		if (!(shortId >= 0 && shortId < position.length) || position[shortId] !== -1) throw new SavedIndexError('binary search index has a bad document id');
		position[shortId] = i;
		slotByShortId[shortId] = slots[i]!;
	}
	const byShortId = <V>(value: (i: number) => V): SavedEntries<number, V> => ({
		size: docs,
		has: (shortId) => position[shortId] !== undefined && position[shortId] !== -1,
		get: (shortId) => (position[shortId] !== undefined && position[shortId] !== -1 ? value(position[shortId]) : undefined),
		forEach: (each) => {
			for (let i = 0; i < docs; i++) each(value(i), shortIds[i]!);
		}
	});
	inner._documentIds = new LayeredMap(byShortId((i) => ids.at(i)));
	inner._storedFields = new LayeredMap(byShortId((i) => slotFields(slots[i]!, times[i]!)));
	inner._fieldLength = new LayeredMap(byShortId((i) => [lengths[i]!]), true);
	inner._idToShortId = new LayeredMap(byId(ids, shortIds, header.sorted === true));
	const starts = new Int32Array(termCount + 1);
	for (let t = 0; t < termCount; t++) {
		starts[t + 1] = starts[t]! + counts[t]!;
		if (counts[t]! < 0 || starts[t + 1]! > postings) throw new SavedIndexError('binary search index has bad postings');
	}
	if (starts[termCount] !== postings) throw new SavedIndexError('binary search index has bad postings');
	const data = (t: number) => {
		const from = starts[t]!;
		const end = starts[t + 1]!;
		return new Map([[0, new SavedPostings(postDocs.subarray(from, end), postTfs.subarray(from, end))]]);
	};
	if (header.sorted === true) {
		inner._index._tree = new TermTreeNode(terms, 0, termCount, 0, data);
		inner._index._size = undefined;
	} else {
		// Saved before terms were sorted: build the tree now.
		for (let t = 0; t < termCount; t++) inner._index.set(terms.at(t), data(t));
	}
	const { schema, oldest, newest, nextSlot } = header;
	return { index, extras: { schema, oldest, newest, nextSlot }, slots, times, ids, slotByShortId };
}
