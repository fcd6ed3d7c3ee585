// @ts-nocheck
// 
// 
import { describe, expect, it } from 'vitest';
import { isBase64UrlOf, UNKNOWN_DEPLOYMENT } from '../../../src/lib/directory/deployment';
import { FALLBACK_CONFIG, parseClientConfig } from '../../../src/lib/net/client-config';

const CONFIG = {
	version: 1,
	peerServer: { path: '/peerjs', key: 'parley' },
	iceServers: [],
	deployment: { id: 'aGVyZS1kZXBsb3ltZW50LQ', handleSalt: 'AQIDBAUGBwgJCgsMDQ4PEA' }
};

describe('the deployment in /config.json', () => {
	it('is required, with a 16-byte id and a 16-byte salt', () => {
		expect(parseClientConfig(CONFIG)).toEqual(CONFIG);
		const { deployment: _, ...older } = CONFIG;
		expect(parseClientConfig(older)).toBeNull();
		expect(parseClientConfig({ ...CONFIG, deployment: { ...CONFIG.deployment, handleSalt: 'AQID' } })).toBeNull();
		expect(parseClientConfig({ ...CONFIG, deployment: { ...CONFIG.deployment, id: `${CONFIG.deployment.id}=` } })).toBeNull();
	});

	it('is a stand-in matching no server when the app never reached /config.json', () => {
		expect(FALLBACK_CONFIG.deployment).toBe(UNKNOWN_DEPLOYMENT);
		expect(isBase64UrlOf(UNKNOWN_DEPLOYMENT.id, 16)).toBe(false);
		expect(isBase64UrlOf(UNKNOWN_DEPLOYMENT.handleSalt, 16)).toBe(false);
	});
});
