import type { ChatDb } from './chat-db';
import { getSetting, putSetting } from './settings-queries';

// Messages whose searchable text changed without their `time` changing (a transcript finished
// or was dropped), noted in the same transaction as the change. The search index catches up by
// `time`, so without this note such a change made in the seconds before the tab died, before the
// index's next save, never reached the saved index. No index on the rows and no Dexie version:
// these changes are rare (one per model run) and the list is short.

/** Settings key: `{ id, at }` entries; the index takes them at its next catch-up, drops them after a save. */
export const SEARCH_STALE_KEY = 'searchStale';
/** A longer list loses its oldest entries: thousands of transcripts between two saves means saving is failing anyway. */
export const MAX_STALE_ENTRIES = 1_000;

export interface StaleEntry {
	id: string;
	/** When the note was made: an entry noted again after a save read it is not dropped by that save. */
	at: number;
}

const isEntry = (value: unknown): value is StaleEntry =>
	typeof value === 'object' && value !== null && typeof (value as StaleEntry).id === 'string' && Number.isFinite((value as StaleEntry).at);

/** The noted entries; anything malformed in the setting is skipped. */
export async function loadSearchStale(db: ChatDb): Promise<StaleEntry[]> {
	const value = await getSetting<unknown>(db, SEARCH_STALE_KEY, []);
	return Array.isArray(value) ? value.filter(isEntry).slice(-MAX_STALE_ENTRIES) : [];
}

/** Notes a message whose searchable text changed. Call inside a transaction that includes `settings`. */
export async function noteSearchStale(db: ChatDb, id: string, at: number): Promise<void> {
	const entries = (await loadSearchStale(db)).filter((entry) => entry.id !== id);
	entries.push({ id, at });
	await putSetting(db, SEARCH_STALE_KEY, entries.slice(-MAX_STALE_ENTRIES));
}

/** Drops the entries a saved index is known to contain (same id and time), in one transaction. */
export async function dropSearchStale(db: ChatDb, saved: readonly StaleEntry[]): Promise<void> {
	if (saved.length === 0) return;
	const done = new Set(saved.map((entry) => `${entry.at} ${entry.id}`));
	await db.transaction('rw', db.settings, async () => {
		const entries = await loadSearchStale(db);
		const left = entries.filter((entry) => !done.has(`${entry.at} ${entry.id}`));
		if (left.length !== entries.length) await putSetting(db, SEARCH_STALE_KEY, left);
	});
}
