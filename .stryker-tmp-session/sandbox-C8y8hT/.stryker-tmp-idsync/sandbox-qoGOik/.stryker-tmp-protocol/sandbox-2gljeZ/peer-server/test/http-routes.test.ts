// @ts-nocheck
// 
// 
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, INDEX_HTML, INDEX_POLICY, makeStaticDir, startServer, TEST_DEPLOYMENT } from './server-fixture';

afterEach(cleanUp);

/** Issue 8, finding 11: what every response carries. */
const SECURITY_HEADERS = {
	'strict-transport-security': 'max-age=31536000; includeSubDomains',
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-resource-policy': 'same-origin',
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(), geolocation=()'
};

/** `page`: an HTML page, which also gets its own meta policy as a header, plus what only a header can say. */
function expectSecurityHeaders(response: Response, page = false): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), name).toBe(value);
	expect(response.headers.get('content-security-policy')).toBe(page ? `${INDEX_POLICY}; frame-ancestors 'none'` : null);
	expect(response.headers.get('x-powered-by')).toBeNull();
}

describe('GET /config.json', () => {
	it('describes the PeerServer and ICE servers but not host or port', async () => {
		const iceServers = [{ urls: 'stun:stun.example.org:3478' }, { urls: 'turn:turn.example.org', username: 'u', credential: 'p' }];
		const server = await startServer({ peerKey: 'k1', iceServers });
		const response = await fetch(`${server.url}/config.json`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expectSecurityHeaders(response);
		expect(await response.json()).toEqual({
			version: 1,
			peerServer: { path: '/peerjs', key: 'k1' },
			iceServers,
			deployment: { id: TEST_DEPLOYMENT.deploymentId, handleSalt: TEST_DEPLOYMENT.handleSalt }
		});
	});

	it('defaults to no ICE servers', async () => {
		const server = await startServer();
		expect(await (await fetch(`${server.url}/config.json`)).json()).toMatchObject({ iceServers: [] });
	});
});

describe('static app', () => {
	it('serves index.html at / without long-term caching', async () => {
		const server = await startServer();
		const response = await fetch(`${server.url}/`);
		expect(response.status).toBe(200);
		expect(await response.text()).toBe(INDEX_HTML);
		expect(response.headers.get('cache-control')).toBe('no-cache');
		expectSecurityHeaders(response, true);
	});

	it.each(['/some/route', '/chat/abc-123/', '/index.html'])('falls back to the app shell for %s', async (route) => {
		const server = await startServer();
		const response = await fetch(`${server.url}${route}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		expect(response.headers.get('cache-control')).toBe('no-cache');
		expect(await response.text()).toBe(INDEX_HTML);
		expectSecurityHeaders(response, true);
	});

	it('gives browser navigations the shell even for dotted paths', async () => {
		const server = await startServer();
		const response = await fetch(`${server.url}/invite/v1.abc`, { headers: { accept: 'text/html,*/*;q=0.8' } });
		expect(await response.text()).toBe(INDEX_HTML);
	});

	it.each([
		['/_app/immutable/x.js', {}],
		['/_app/immutable/x.js', { accept: 'text/html' }],
		['/missing.png', {}],
		['/peerjs/unknown/route', { accept: 'text/html' }],
		['/PEERJS/unknown', { accept: 'text/html' }]
	])('answers 404 (not the shell) for %s %j', async (route, headers) => {
		const server = await startServer();
		const response = await fetch(`${server.url}${route}`, { headers });
		expect(response.status).toBe(404);
		expect(await response.text()).not.toContain('Parley test shell');
		expectSecurityHeaders(response);
	});

	it('caches immutable assets for a year and everything else with revalidation', async () => {
		const server = await startServer();
		const immutable = await fetch(`${server.url}/_app/immutable/a.js`);
		expect(immutable.status).toBe(200);
		expect(immutable.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(immutable.headers.get('content-type')).toMatch(/javascript/);
		expectSecurityHeaders(immutable);
		for (const file of ['/service-worker.js', '/manifest.webmanifest', '/_app/version.json', '/sodium.wasm']) {
			const response = await fetch(`${server.url}${file}`);
			expect(response.status, file).toBe(200);
			expect(response.headers.get('cache-control'), file).toBe('no-cache');
		}
	});

	it('sends the right content types for web manifests and wasm', async () => {
		const server = await startServer();
		const manifest = await fetch(`${server.url}/manifest.webmanifest`);
		expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
		const wasm = await fetch(`${server.url}/sodium.wasm`);
		expect(wasm.headers.get('content-type')).toBe('application/wasm');
	});

	it('answers 503 with a hint when the app is not built', async () => {
		const server = await startServer({ staticDir: await makeStaticDir(false) });
		for (const route of ['/', '/some/route']) {
			const response = await fetch(`${server.url}${route}`);
			expect(response.status).toBe(503);
			expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
			expect(await response.text()).toContain('App not built: run npm run build');
			expectSecurityHeaders(response);
		}
		expect((await fetch(`${server.url}/config.json`)).status).toBe(200);
	});

	it('answers 503 when the static dir does not exist at all', async () => {
		const server = await startServer({ staticDir: '/nonexistent/parley-build' });
		expect((await fetch(`${server.url}/`)).status).toBe(503);
	});

	it('does not serve the app shell for non-GET requests', async () => {
		const server = await startServer();
		expect((await fetch(`${server.url}/some/route`, { method: 'POST' })).status).toBe(404);
	});
});
