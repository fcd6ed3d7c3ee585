import type { OldDeviceState } from '../transfer/old-device-state';

/**
 * The lock an old device writes the moment a transfer to a new device is confirmed (docs/BACKUP.md,
 * "Device transfer"): synchronous, so no code that runs after it (this tab, another tab, a
 * reload) can connect with the identity that now lives elsewhere. Keyed by database, so erasing
 * the retired database and starting afresh in this browser is possible.
 */
const RETIRED_KEY = 'parley.retired';
/** Set from the last chunk sent until the transfer's end is known (see followTransferState). */
const INTERRUPTED_KEY = 'parley.transferInterrupted';

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

/**
 * From the last chunk sent until `done` or a failure, the new device may already use the
 * identity: a reload in between must not bring it back online here, but ask the user (as the
 * `unsure` state does). Called with every state of the old device's transfer.
 */
export function followTransferState(dbName: string, state: OldDeviceState, store: RetiredStore | null = storage()): void {
	try {
		if (state.phase === 'awaiting-done' || state.phase === 'unsure') store?.setItem(INTERRUPTED_KEY, dbName);
		else if (state.phase === 'retired' || state.phase === 'failed') store?.removeItem(INTERRUPTED_KEY);
	} catch {
		// localStorage full or blocked: the transfer goes on; only a reload would not ask.
	}
}

export function isInterrupted(dbName: string, store: RetiredStore | null = storage()): boolean {
	try {
		return store?.getItem(INTERRUPTED_KEY) === dbName;
	} catch {
		return false;
	}
}

/** The user answered the question a reload asked: the identity stays here (or was retired). */
export function clearInterrupted(store: RetiredStore | null = storage()): void {
	store?.removeItem(INTERRUPTED_KEY);
}

/** The storage event's key, for tabs that follow a retirement made in another tab. */
export const RETIRED_STORAGE_KEY = RETIRED_KEY;
