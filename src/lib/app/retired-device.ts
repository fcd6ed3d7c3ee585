/**
 * The lock an old device writes the moment a transfer to a new device is confirmed (docs/BACKUP.md,
 * "Device transfer"): synchronous, so no code that runs after it (this tab, another tab, a
 * reload) can connect with the identity that now lives elsewhere. Keyed by database, so erasing
 * the retired database and starting afresh in this browser is possible.
 */
const RETIRED_KEY = 'parley.retired';

export interface RetiredStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

function storage(): RetiredStore | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

export function markRetired(dbName: string, store: RetiredStore | null = storage()): void {
	store?.setItem(RETIRED_KEY, dbName);
}

export function isRetired(dbName: string, store: RetiredStore | null = storage()): boolean {
	try {
		return store?.getItem(RETIRED_KEY) === dbName;
	} catch {
		return false;
	}
}

/** After the retired database was erased: this browser may hold a new identity. */
export function clearRetired(store: RetiredStore | null = storage()): void {
	store?.removeItem(RETIRED_KEY);
}

/** The storage event's key, for tabs that follow a retirement made in another tab. */
export const RETIRED_STORAGE_KEY = RETIRED_KEY;
