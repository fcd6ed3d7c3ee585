// @ts-nocheck
import { FALLBACK_CONFIG, fetchClientConfig, parseClientConfig, type ClientConfig } from '../net/client-config';

/** localStorage key for the last /config.json the origin answered with. */
export const CONFIG_STORAGE_KEY = 'parley-config';

/** The part of Storage this needs; null when the browser refuses storage access. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export type ConfigSource = 'network' | 'saved' | 'fallback';

export interface LoadClientConfigOptions {
	/** Defaults to GET /config.json (the service worker answers from its cache when offline). */
	fetchConfig?: () => Promise<ClientConfig>;
	store?: KeyValueStore | null;
	log?: (line: string) => void;
}

/**
 * The origin's client config, without ever failing: the network (or the service worker's cached
 * copy) first, then the last good copy this browser saved, then the built-in defaults. Each good
 * answer is saved for the next offline start.
 */
export async function loadClientConfig(options: LoadClientConfigOptions = {}): Promise<{ config: ClientConfig; source: ConfigSource }> {
	const { fetchConfig = () => fetchClientConfig(), store = browserStore(), log = (line: string) => console.warn(`[parley] ${line}`) } = options;
	let failure: unknown;
	try {
		const config = await fetchConfig();
		save(store, config);
		return { config, source: 'network' };
	} catch (error) {
		failure = error;
	}
	const reason = failure instanceof Error ? failure.message : String(failure);
	const saved = readSaved(store);
	if (saved) {
		log(`config.json unavailable (${reason}); using the saved copy`);
		return { config: saved, source: 'saved' };
	}
	log(`config.json unavailable (${reason}); using defaults`);
	return { config: FALLBACK_CONFIG, source: 'fallback' };
}

function save(store: KeyValueStore | null, config: ClientConfig): void {
	try {
		store?.setItem(CONFIG_STORAGE_KEY, JSON.stringify(config));
	} catch {
		// Full or blocked storage only costs the offline fallback.
	}
}

function readSaved(store: KeyValueStore | null): ClientConfig | null {
	try {
		const text = store?.getItem(CONFIG_STORAGE_KEY);
		return text ? parseClientConfig(JSON.parse(text)) : null;
	} catch {
		return null;
	}
}

function browserStore(): KeyValueStore | null {
	try {
		// Reading the property itself throws when storage is disabled for the site.
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}
