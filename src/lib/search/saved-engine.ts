import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { MessageSlots, SearchIndexError } from './message-slots';
import { decodeIndex, encodeIndex } from './saved-index';
import { SEARCH_SCHEMA_VERSION } from './search-limits';
import { ShortIdSlots } from './short-id-slots';
import { normalizeTerm, tokenize } from './search-text';

/**
 * What MiniSearch stores per message: its time, and its slot `n` (see MessageSlots), which
 * lets a query keep per-message state in typed arrays instead of maps keyed by id strings.
 */
export interface StoredFields {
	time: number;
	n: number;
}

export type IndexedDoc = StoredFields & { id: string; text: string };

export function miniSearchOptions(): Options<IndexedDoc> {
	return {
		fields: ['text'],
		// No text: hits carry ids and the page reads the rows themselves, so the index never holds
		// a second copy of every message (memory, and the size of the saved index).
		storeFields: ['time', 'n'],
		tokenize,
		processTerm: normalizeTerm
	};
}

/** Everything an engine is made of: MiniSearch's index, the slots and the time span. */
export interface EngineParts {
	index: MiniSearch<IndexedDoc>;
	slots: MessageSlots;
	oldest: number;
	newest: number;
	/** MiniSearch's short id of each message → its slot (what the posting walk reads). */
	shortIdSlots: ShortIdSlots;
}

/** What `toJSON` produces: MiniSearch's own snapshot plus what the engine keeps around it. */
export interface SerializedIndex {
	schema: number;
	oldest: number;
	newest: number;
	nextSlot: number;
	index: AsPlainObject;
}

/** The time span as saved: JSON has no Infinity, so an empty index saves zeros and loads back as empty. */
function savedSpan(parts: EngineParts): { oldest: number; newest: number } {
	const empty = parts.index.documentCount === 0;
	return { oldest: empty ? 0 : parts.oldest, newest: empty ? 0 : parts.newest };
}

function loadedSpan(index: MiniSearch<IndexedDoc>, oldest: number, newest: number): { oldest: number; newest: number } {
	const empty = index.documentCount === 0;
	return { oldest: empty ? Infinity : oldest, newest: empty ? -Infinity : newest };
}

export function serialize(parts: EngineParts): SerializedIndex {
	return { schema: SEARCH_SCHEMA_VERSION, ...savedSpan(parts), nextSlot: parts.slots.next, index: parts.index.toJSON() };
}

/** The index as bytes for saving, or null when only JSON can save it. */
export function toBinary(parts: EngineParts): Uint8Array[] | null {
	const extras = { schema: SEARCH_SCHEMA_VERSION, ...savedSpan(parts), nextSlot: parts.slots.next };
	return encodeIndex(parts.index as unknown as MiniSearch<never>, extras, (fields) => fields as unknown as StoredFields);
}

/** An engine's parts from `JSON.stringify(engine)`; throws SearchIndexError if it cannot. */
export function partsFromJSON(json: string): EngineParts {
	let data: Partial<SerializedIndex> | null;
	try {
		data = JSON.parse(json) as Partial<SerializedIndex> | null;
	} catch (error) {
		throw new SearchIndexError(`saved search index is not JSON: ${String(error)}`);
	}
	if (data?.schema !== SEARCH_SCHEMA_VERSION) {
		throw new SearchIndexError(`saved search index has schema ${String(data?.schema)}, expected ${SEARCH_SCHEMA_VERSION}`);
	}
	const { oldest, newest, nextSlot, index } = data;
	if (typeof oldest !== 'number' || typeof newest !== 'number' || typeof nextSlot !== 'number' || typeof index !== 'object' || index === null) {
		throw new SearchIndexError('saved search index is incomplete');
	}
	try {
		const loaded = MiniSearch.loadJS(index, miniSearchOptions());
		const slots = new MessageSlots(nextSlot);
		const shortIdSlots = new ShortIdSlots();
		for (const [shortId, fields] of Object.entries(index.storedFields)) {
			const { n, time } = (fields ?? {}) as Partial<StoredFields>;
			slots.learn(n, time, index.documentIds[shortId], shortId);
			shortIdSlots.set(Number(shortId), n as number);
		}
		return { index: loaded, slots, ...loadedSpan(loaded, oldest, newest), shortIdSlots };
	} catch (error) {
		throw new SearchIndexError(`saved search index is corrupt: ${String(error)}`);
	}
}

/**
 * An engine's parts from `toBinary`'s bytes, several times faster than from JSON (no
 * JSON.parse of megabytes; see saved-index.ts); throws SearchIndexError if it cannot.
 */
export function partsFromBinary(bytes: ArrayBuffer): EngineParts {
	try {
		const { index, extras, slots: slotOf, times, ids, slotByShortId } = decodeIndex(bytes, miniSearchOptions(), (n, time) => ({ time, n }) satisfies StoredFields);
		if (extras.schema !== SEARCH_SCHEMA_VERSION) throw new SearchIndexError(`saved search index has schema ${String(extras.schema)}, expected ${SEARCH_SCHEMA_VERSION}`);
		const slots = new MessageSlots(extras.nextSlot);
		slots.learnSaved(slotOf, times, ids);
		return { index, slots, ...loadedSpan(index, extras.oldest, extras.newest), shortIdSlots: ShortIdSlots.over(slotByShortId) };
	} catch (error) {
		if (error instanceof SearchIndexError) throw error;
		throw new SearchIndexError(`saved search index is corrupt: ${String(error)}`);
	}
}
