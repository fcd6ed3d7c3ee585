import { DEFAULT_DB_NAME } from '../db/chat-db';

/**
 * Which IndexedDB database the app uses. A restore writes a new database beside the current one
 * and switches this pointer only once the whole backup has been read and checked: the switch is
 * one localStorage write, so a restore is all or nothing (docs/BACKUP.md).
 */
const ACTIVE_DB_KEY = 'parley.activeDb';
export const STAGING_PREFIX = 'parley-restore-';

export function activeDbName(): string {
	try {
		const name = localStorage.getItem(ACTIVE_DB_KEY);
		return name && name.startsWith(STAGING_PREFIX) ? name : DEFAULT_DB_NAME;
	} catch {
		// localStorage throws where storage is blocked for the origin.
		return DEFAULT_DB_NAME;
	}
}

export function activateDb(name: string): void {
	localStorage.setItem(ACTIVE_DB_KEY, name);
}

export function newStagingName(): string {
	return `${STAGING_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Back to the default database (after the active one was erased). */
export function resetActiveDb(): void {
	localStorage.removeItem(ACTIVE_DB_KEY);
}
