// @ts-nocheck
// 
// 
import { Workbox } from 'workbox-window';
import { appUpdate } from './update-state.svelte';
import { wireUpdateFlow, type UpdateSink } from './update-flow';

const SCRIPT_URL = '/service-worker.js';
/** Long-lived tabs would otherwise only see a new version after a navigation. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the service worker in production builds (the dev server serves an unbundled
 * worker that would fight Vite's module reloading). Returns null when not registered.
 *
 * Registered as a classic script on purpose: SvelteKit bundles the worker into one file with no
 * import or export, so it runs either way, and classic works in every browser (module workers
 * need Firefox 147+).
 */
export function registerServiceWorker(sink: UpdateSink = appUpdate): Workbox | null {
	if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
	const wb = new Workbox(SCRIPT_URL);
	wireUpdateFlow(wb, sink, { hadController: Boolean(navigator.serviceWorker.controller), reload: () => location.reload() });
	wb.register().catch((error: unknown) => console.warn('[parley] service worker registration failed', error));
	setInterval(() => {
		// Offline, or the server is gone: try again next time.
		wb.update().catch(() => undefined);
	}, UPDATE_CHECK_MS);
	return wb;
}
