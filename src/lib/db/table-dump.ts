import type { ChatDb } from './chat-db';

/**
 * Every row of every table as plain JSON (bytes and Blobs as hex), for the backup test's
 * row-by-row comparison. Test hooks only (app/test-hooks.ts): it reads everything at once.
 */
export async function dumpTables(db: ChatDb): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const table of db.tables) {
		const rows: unknown[] = await table.toArray();
		out[table.name] = await Promise.all(rows.map(plain));
	}
	return out;
}

async function plain(value: unknown): Promise<unknown> {
	if (value instanceof Uint8Array) return `hex:${hex(value)}`;
	if (value instanceof Blob) return `blob:${hex(new Uint8Array(await value.arrayBuffer()))}`;
	if (value instanceof ArrayBuffer) return `buffer:${value.byteLength}`;
	if (value instanceof Map) return { map: await Promise.all([...value.entries()].map(plain)) };
	if (value instanceof Set) return { set: await Promise.all([...value].map(plain)) };
	if (Array.isArray(value)) return Promise.all(value.map(plain));
	if (value && typeof value === 'object') {
		const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await plain(item)] as const));
		return Object.fromEntries(entries.filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
	}
	return value;
}

function hex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
