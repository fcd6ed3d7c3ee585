// @ts-nocheck
// 
// Pure: which requests the service worker handles, and how.

/** The signalling server: REST and WebSocket. Never cached, never answered from a cache. */
export function isSignalling(pathname: string, base = ''): boolean {
	const prefix = `${base}/peerjs`;
	return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** The origin's client config (PeerServer path/key, ICE servers): network first, cache fallback. */
export function isClientConfig(pathname: string, base = ''): boolean {
	return pathname === `${base}/config.json`;
}

/**
 * Navigations answered with the cached app shell. Everything in the app's scope is a client-side
 * route (contact links are `/#add=…`, and the fragment never reaches the worker) except the
 * server's own endpoints, which must keep reaching the network.
 */
export function isAppNavigation(pathname: string, base = ''): boolean {
	return !isSignalling(pathname, base) && !isClientConfig(pathname, base);
}
