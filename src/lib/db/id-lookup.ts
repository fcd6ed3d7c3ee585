import type { Table } from 'dexie';

/**
 * A range read returns at most this many keys per id asked for (plus RANGE_SLACK_KEYS); a range
 * holding more (ids far apart, e.g. an old outbox or a hostile batch) is looked up id by id
 * instead, so the cost stays bounded by the number of ids either way.
 */
const RANGE_KEYS_PER_ID = 4;
const RANGE_SLACK_KEYS = 256;

/**
 * Whether each id is a primary key of `table`, in ONE IndexedDB request for the common case,
 * where `bulkGet` costs one request per id (and a request is what the browser charges for:
 * its setup, its IPC, its event; not the bytes). Message and edit ids are UUIDv7, so the ids of
 * a batch (an outbox flush) sit next to each other: the keys from the smallest to the largest
 * are the batch's own (if known) and the few other rows written in that stretch of time. Only
 * keys are read, not rows.
 */
export async function hasIds(table: Table<unknown, string>, ids: readonly string[]): Promise<boolean[]> {
	const first = ids[0];
	if (first === undefined) return [];
	let low = first;
	let high = first;
	for (const id of ids) {
		if (id < low) low = id;
		if (id > high) high = id;
	}
	const limit = ids.length * RANGE_KEYS_PER_ID + RANGE_SLACK_KEYS;
	const keys = await table.where(':id').between(low, high, true, true).limit(limit).primaryKeys();
	if (keys.length >= limit) return (await table.bulkGet([...ids])).map((row) => row !== undefined);
	const known = new Set(keys);
	return ids.map((id) => known.has(id));
}

/** The rows with these ids, or `undefined` where none exists: `bulkGet` reading only the ids that exist. */
export async function getByIds<Row>(table: Table<Row, string>, ids: readonly string[]): Promise<(Row | undefined)[]> {
	const exists = await hasIds(table as Table<unknown, string>, ids);
	const hits = ids.filter((_, i) => exists[i]);
	if (hits.length === 0) return ids.map(() => undefined);
	const rows = await table.bulkGet(hits);
	const byId = new Map(hits.map((id, i) => [id, rows[i]]));
	return ids.map((id) => byId.get(id));
}
