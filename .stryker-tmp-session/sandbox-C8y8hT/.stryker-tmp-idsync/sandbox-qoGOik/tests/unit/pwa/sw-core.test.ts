// @ts-nocheck
// 
import { describe, expect, it } from 'vitest';
import { FLUSH_OUTBOX, OUTBOX_SYNC_TAG, isFlushOutboxMessage, isSkipWaitingMessage } from '../../../src/lib/sw/messages';
import { relayOutboxSync, type WindowClients } from '../../../src/lib/sw/outbox-relay';
import { precacheEntries } from '../../../src/lib/sw/precache-manifest';
import { isAppNavigation, isClientConfig, isSignalling } from '../../../src/lib/sw/routes';

describe('precacheEntries', () => {
	const lists = {
		base: '',
		build: ['/_app/immutable/entry/start.abc.js', '/_app/immutable/assets/0.def.css'],
		files: ['/icon.svg', '/manifest.webmanifest', '/icons/icon-192.png'],
		prerendered: [],
		version: '1712345'
	};

	it('leaves hashed immutable files unrevisioned and revisions everything else with the version', () => {
		expect(precacheEntries(lists)).toEqual([
			{ url: '/index.html', revision: '1712345' },
			{ url: '/_app/immutable/entry/start.abc.js', revision: null },
			{ url: '/_app/immutable/assets/0.def.css', revision: null },
			{ url: '/icon.svg', revision: '1712345' },
			{ url: '/manifest.webmanifest', revision: '1712345' },
			{ url: '/icons/icon-192.png', revision: '1712345' }
		]);
	});

	it('always includes the fallback shell once, under the base path', () => {
		const entries = precacheEntries({ ...lists, base: '/chat', build: ['/chat/_app/immutable/x.js'], files: [], prerendered: ['/chat/index.html'] });
		expect(entries).toEqual([
			{ url: '/chat/index.html', revision: '1712345' },
			{ url: '/chat/_app/immutable/x.js', revision: null }
		]);
	});
});

describe('service worker routes', () => {
	it('recognises the signalling server, and only it', () => {
		expect(isSignalling('/peerjs')).toBe(true);
		expect(isSignalling('/peerjs/parley/id')).toBe(true);
		expect(isSignalling('/peerjsx')).toBe(false);
		expect(isSignalling('/chat/peerjs/peerjs', '/chat')).toBe(true);
	});

	it('recognises /config.json exactly', () => {
		expect(isClientConfig('/config.json')).toBe(true);
		expect(isClientConfig('/config.json.bak')).toBe(false);
		expect(isClientConfig('/x/config.json')).toBe(false);
	});

	it('answers every in-app navigation with the shell but never the server endpoints', () => {
		expect(isAppNavigation('/')).toBe(true);
		expect(isAppNavigation('/anything/deep')).toBe(true);
		expect(isAppNavigation('/peerjs/peerjs')).toBe(false);
		expect(isAppNavigation('/config.json')).toBe(false);
	});
});

describe('worker messages', () => {
	it('matches on the type field only', () => {
		expect(OUTBOX_SYNC_TAG).toBe('parley-outbox');
		expect(isFlushOutboxMessage({ type: FLUSH_OUTBOX })).toBe(true);
		expect(isFlushOutboxMessage({ type: 'parley-flush-outbox', extra: 1 })).toBe(true);
		expect(isFlushOutboxMessage({ type: 'SKIP_WAITING' })).toBe(false);
		expect(isFlushOutboxMessage(null)).toBe(false);
		expect(isFlushOutboxMessage('parley-flush-outbox')).toBe(false);
		expect(isSkipWaitingMessage({ type: 'SKIP_WAITING' })).toBe(true);
		expect(isSkipWaitingMessage(undefined)).toBe(false);
	});
});

describe('relayOutboxSync', () => {
	function clientsOf(count: number) {
		const received: unknown[][] = Array.from({ length: count }, () => []);
		const queries: unknown[] = [];
		const clients: WindowClients = {
			matchAll: (options) => {
				queries.push(options);
				return Promise.resolve(received.map((inbox) => ({ postMessage: (message: unknown) => inbox.push(message) })));
			}
		};
		return { clients, received, queries };
	}

	it('asks every window, controlled or not, to flush', async () => {
		const { clients, received, queries } = clientsOf(2);
		expect(await relayOutboxSync(clients)).toBe(2);
		expect(queries).toEqual([{ type: 'window', includeUncontrolled: true }]);
		expect(received).toEqual([[{ type: FLUSH_OUTBOX }], [{ type: FLUSH_OUTBOX }]]);
	});

	it('resolves when no window is open (nothing can be sent until the app opens)', async () => {
		await expect(relayOutboxSync(clientsOf(0).clients)).resolves.toBe(0);
	});
});
