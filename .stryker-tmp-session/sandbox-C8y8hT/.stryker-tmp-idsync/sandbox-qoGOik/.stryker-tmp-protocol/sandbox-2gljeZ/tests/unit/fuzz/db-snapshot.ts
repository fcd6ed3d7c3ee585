// @ts-nocheck
// 
// 
import type { ChatDb } from '../../../src/lib/db/chat-db';

export type Snapshot = Map<string, Map<string, string>>;

const serialize = (value: unknown) =>
	JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Uint8Array ? `bytes:${Array.from(inner).join(',')}` : inner));

/** Every row of every table, by primary key, as text: equal snapshots mean nothing was written. */
export async function snapshot(db: ChatDb): Promise<Snapshot> {
	const tables: Snapshot = new Map();
	for (const table of db.tables) {
		const keys = await table.toCollection().primaryKeys();
		const rows = await table.bulkGet(keys);
		tables.set(table.name, new Map(keys.map((key, i) => [serialize(key), serialize(rows[i])])));
	}
	return tables;
}

/** Rows added, removed or changed between two snapshots, as "table: key" lines. */
export function differences(before: Snapshot, after: Snapshot): string[] {
	const lines: string[] = [];
	for (const [name, rows] of after) {
		const old = before.get(name) ?? new Map<string, string>();
		for (const [key, row] of rows) if (old.get(key) !== row) lines.push(`${name}: ${old.has(key) ? 'changed' : 'added'} ${key.slice(0, 60)}`);
		for (const key of old.keys()) if (!rows.has(key)) lines.push(`${name}: removed ${key.slice(0, 60)}`);
	}
	return lines;
}

export function rowCounts(state: Snapshot): Record<string, number> {
	return Object.fromEntries([...state].map(([name, rows]) => [name, rows.size]));
}
