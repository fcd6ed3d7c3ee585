/** The part of StorageManager this needs; undefined where the API is missing. */
// @ts-nocheck

export type PersistenceApi = Pick<StorageManager, 'persist' | 'persisted'>;

/**
 * Asks the browser not to evict Parley's storage (keys and history exist nowhere else).
 * Chromium decides silently from site engagement; Firefox asks the user, which is why this is
 * only called once an identity exists. Resolves to whether storage is persistent; never rejects.
 */
export async function askForPersistence(storage: PersistenceApi | undefined): Promise<boolean> {
	if (!storage || typeof storage.persist !== 'function') return false;
	try {
		if (typeof storage.persisted === 'function' && (await storage.persisted())) return true;
		return await storage.persist();
	} catch {
		return false;
	}
}

let request: Promise<boolean> | null = null;

/** Once per page load, however often it is called. */
export function requestPersistentStorage(): Promise<boolean> {
	request ??= askForPersistence(typeof navigator === 'undefined' ? undefined : navigator.storage);
	return request;
}
