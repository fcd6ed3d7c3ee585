// @ts-nocheck
// 
/// <reference types="@sveltejs/kit" />
// Parley's service worker, bundled by SvelteKit into /service-worker.js (registered by
// src/lib/pwa/register.ts in production builds only). Type-checked on its own with the
// WebWorker lib (./tsconfig.json): the app's tsconfig has the DOM lib and excludes this folder.
//
// - Precaches the whole app (shell, hashed chunks, static files) so it starts with no network.
// - Every in-app navigation, e.g. a contact link `/#add=…`, is answered with the cached shell.
// - /config.json: network first, last good copy when offline.
// - /peerjs/* (signalling) is never intercepted or cached; WebSockets never reach a worker.
// - Nothing else is cached at runtime: messages live in IndexedDB, not in HTTP caches.
import { base, build, files, prerendered, version } from '$service-worker';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { OUTBOX_SYNC_TAG, isSkipWaitingMessage } from '$lib/sw/messages';
import { relayOutboxSync } from '$lib/sw/outbox-relay';
import { precacheEntries } from '$lib/sw/precache-manifest';
import { isAppNavigation, isClientConfig } from '$lib/sw/routes';

const sw = self as unknown as ServiceWorkerGlobalScope;

/** Background Sync is not in TypeScript's lib yet (Chromium only). */
interface SyncEvent extends ExtendableEvent {
	readonly tag: string;
	readonly lastChance: boolean;
}

/** Runtime cache for /config.json; a new name here drops the old cache on activate. */
const CONFIG_CACHE = 'parley-config-v1';
const OWN_CACHES = new Set([CONFIG_CACHE]);
const CONFIG_URL = `${base}/config.json`;

precacheAndRoute(precacheEntries({ base, build, files, prerendered, version }));
cleanupOutdatedCaches();

registerRoute(
	({ request, url }) => request.mode === 'navigate' && url.origin === sw.location.origin && isAppNavigation(url.pathname, base),
	createHandlerBoundToURL(`${base}/index.html`)
);

registerRoute(
	({ url }) => url.origin === sw.location.origin && isClientConfig(url.pathname, base),
	// A slow network should not keep the app from starting: after 5 s the cached copy wins.
	new NetworkFirst({ cacheName: CONFIG_CACHE, networkTimeoutSeconds: 5 })
);

sw.addEventListener('install', (event) => {
	// Best effort, so the very first offline start already knows the PeerServer settings.
	// The page also keeps its own copy (src/lib/pwa/offline-config.ts).
	event.waitUntil(
		caches
			.open(CONFIG_CACHE)
			.then((cache) => cache.add(new Request(CONFIG_URL, { cache: 'no-store' })))
			.catch(() => undefined)
	);
});

// A new version waits until the user clicks "Reload to update" (UpdatePrompt.svelte), which
// sends SKIP_WAITING through workbox-window; it is never forced on an open conversation.
sw.addEventListener('message', (event) => {
	if (isSkipWaitingMessage(event.data)) event.waitUntil(sw.skipWaiting());
});

// The first install takes control of already open pages, so they work offline without a reload.
clientsClaim();

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((names) => Promise.all(names.filter((name) => name.startsWith('parley-') && !OWN_CACHES.has(name)).map((name) => caches.delete(name))))
	);
});

// Woken by the browser when connectivity returns after the page registered the tag
// (src/lib/pwa/outbox-sync.ts): see relayOutboxSync for why this only wakes the windows.
sw.addEventListener('sync', (event) => {
	const sync = event as SyncEvent;
	if (sync.tag === OUTBOX_SYNC_TAG) sync.waitUntil(relayOutboxSync(sw.clients));
});
