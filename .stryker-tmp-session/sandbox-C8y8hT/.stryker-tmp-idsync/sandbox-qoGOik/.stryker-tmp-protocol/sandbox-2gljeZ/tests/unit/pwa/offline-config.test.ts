// @ts-nocheck
// 
// 
import { describe, expect, it } from 'vitest';
import { FALLBACK_CONFIG, type ClientConfig } from '../../../src/lib/net/client-config';
import { CONFIG_STORAGE_KEY, loadClientConfig, type KeyValueStore } from '../../../src/lib/pwa/offline-config';

const SERVER_CONFIG: ClientConfig = {
	version: 1,
	peerServer: { path: '/peerjs', key: 'custom' },
	iceServers: [{ urls: 'stun:stun.example.org:3478' }],
	deployment: { id: 'AAAAAAAAAAAAAAAAAAAAAA', handleSalt: 'AQEBAQEBAQEBAQEBAQEBAQ' }
};

function memoryStore(initial: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } {
	const data = { ...initial };
	return {
		data,
		getItem: (key) => data[key] ?? null,
		setItem: (key, value) => {
			data[key] = value;
		}
	};
}

const offline = () => Promise.reject(new TypeError('Failed to fetch'));
const quiet = () => {};

describe('loadClientConfig', () => {
	it('uses the network answer and saves it', async () => {
		const store = memoryStore();
		const result = await loadClientConfig({ fetchConfig: () => Promise.resolve(SERVER_CONFIG), store, log: quiet });
		expect(result).toEqual({ config: SERVER_CONFIG, source: 'network' });
		expect(JSON.parse(store.data[CONFIG_STORAGE_KEY] ?? '')).toEqual(SERVER_CONFIG);
	});

	it('falls back to the saved copy when the network fails', async () => {
		const store = memoryStore({ [CONFIG_STORAGE_KEY]: JSON.stringify(SERVER_CONFIG) });
		const lines: string[] = [];
		const result = await loadClientConfig({ fetchConfig: offline, store, log: (line) => lines.push(line) });
		expect(result).toEqual({ config: SERVER_CONFIG, source: 'saved' });
		expect(lines).toEqual(['config.json unavailable (Failed to fetch); using the saved copy']);
	});

	it('falls back to the defaults with nothing saved, or something unusable saved', async () => {
		for (const saved of [undefined, 'not json', JSON.stringify({ version: 2 })]) {
			const store = memoryStore(saved === undefined ? {} : { [CONFIG_STORAGE_KEY]: saved });
			expect(await loadClientConfig({ fetchConfig: offline, store, log: quiet })).toEqual({ config: FALLBACK_CONFIG, source: 'fallback' });
		}
	});

	it('never fails because storage does', async () => {
		const broken: KeyValueStore = {
			getItem: () => {
				throw new DOMException('denied', 'SecurityError');
			},
			setItem: () => {
				throw new DOMException('full', 'QuotaExceededError');
			}
		};
		expect(await loadClientConfig({ fetchConfig: () => Promise.resolve(SERVER_CONFIG), store: broken, log: quiet })).toEqual({ config: SERVER_CONFIG, source: 'network' });
		expect(await loadClientConfig({ fetchConfig: offline, store: broken, log: quiet })).toEqual({ config: FALLBACK_CONFIG, source: 'fallback' });
		expect(await loadClientConfig({ fetchConfig: offline, store: null, log: quiet })).toEqual({ config: FALLBACK_CONFIG, source: 'fallback' });
	});
});
