import { request } from 'node:http';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, INDEX_HTML, INDEX_POLICY, makeStaticDir, makeTempDir, startServer } from './server-fixture';

afterEach(cleanUp);

interface RawResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

/** A request whose body arrives as sent (fetch would decode it) and whose path is not normalised. */
function get(url: string, pathAndQuery: string, headers: Record<string, string> = {}): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = request(`${url}${pathAndQuery}`, { headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

const SCRIPT = `export const greeting = ${JSON.stringify('hello '.repeat(500))};\n`;
const SCRIPT_PATH = '/_app/immutable/big.js';

/** A build as adapter-static writes it with `precompress: true`: .br and .gz beside the files. */
async function precompressedBuild(): Promise<string> {
	const dir = await makeStaticDir();
	for (const [file, text] of [
		[SCRIPT_PATH, SCRIPT],
		['/index.html', INDEX_HTML],
		['/service-worker.js', 'self.addEventListener("fetch", () => {});\n']
	] as const) {
		const where = path.join(dir, file);
		await writeFile(where, text);
		await writeFile(`${where}.br`, brotliCompressSync(text));
		await writeFile(`${where}.gz`, gzipSync(text));
	}
	return dir;
}

const DECODE: Record<string, (body: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync };

describe('precompressed build files', () => {
	it.each([
		['br, gzip, deflate', 'br'],
		['gzip, deflate, br, zstd', 'br'], // the server's preference among what the client accepts
		['gzip', 'gzip'],
		['gzip;q=1, br;q=0', 'gzip']
	])('Accept-Encoding %j gets %s, which decodes to the original bytes', async (accept, encoding) => {
		const server = await startServer({ staticDir: await precompressedBuild() });
		const response = await get(server.url, SCRIPT_PATH, { 'Accept-Encoding': accept });
		expect(response.status).toBe(200);
		expect(response.headers['content-encoding']).toBe(encoding);
		expect(response.headers.vary).toMatch(/Accept-Encoding/i);
		expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
		expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
		expect(response.body.length).toBeLessThan(SCRIPT.length / 10);
		expect(DECODE[encoding]?.(response.body).toString()).toBe(SCRIPT);
	});

	it.each<Record<string, string>>([{}, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'deflate' }])('sends the original bytes to a client that accepts neither (%j)', async (headers) => {
		const server = await startServer({ staticDir: await precompressedBuild() });
		const response = await get(server.url, SCRIPT_PATH, headers);
		expect(response.status).toBe(200);
		expect(response.headers['content-encoding']).toBeUndefined();
		expect(response.headers.vary).toMatch(/Accept-Encoding/i);
		expect(response.body.toString()).toBe(SCRIPT);
	});

	it.each(['/', '/index.html', '/some/route'])('compresses the app shell at %s and keeps its page policy and revalidation', async (route) => {
		const server = await startServer({ staticDir: await precompressedBuild() });
		const response = await get(server.url, route, { 'Accept-Encoding': 'br', Accept: 'text/html' });
		expect(response.status).toBe(200);
		expect(response.headers['content-encoding']).toBe('br');
		expect(response.headers['content-type']).toMatch(/^text\/html/);
		expect(brotliDecompressSync(response.body).toString()).toBe(INDEX_HTML);
		expect(response.headers['cache-control']).toBe('no-cache');
		expect(response.headers['content-security-policy']).toBe(`${INDEX_POLICY}; frame-ancestors 'none'`);
		expect(response.headers['x-frame-options']).toBe('DENY');
		expect(response.headers['strict-transport-security']).toBeDefined();
		expect(response.headers['permissions-policy']).toBe('camera=(), geolocation=()');
	});

	it('keeps the service worker on revalidation, compressed or not', async () => {
		const server = await startServer({ staticDir: await precompressedBuild() });
		const compressed = await get(server.url, '/service-worker.js', { 'Accept-Encoding': 'gzip' });
		expect(compressed.headers['content-encoding']).toBe('gzip');
		expect(compressed.headers['cache-control']).toBe('no-cache');
		expect(compressed.headers['x-content-type-options']).toBe('nosniff');
	});

	it('never serves a compressed file from outside the build folder', async () => {
		const outside = await makeTempDir('parley-outside-');
		await writeFile(path.join(outside, 'secret.js'), 'SECRET');
		await writeFile(path.join(outside, 'secret.js.br'), brotliCompressSync('SECRET'));
		await writeFile(path.join(outside, 'secret.js.gz'), gzipSync('SECRET'));
		const server = await startServer({ staticDir: await precompressedBuild() });
		const escape = `/${path.basename(outside)}/secret.js`;
		for (const attempt of [`/..${escape}`, `/%2e%2e${escape}`, `/..%2f${path.basename(outside)}%2fsecret.js`, `/_app/immutable/../../..${escape}`]) {
			for (const accept of ['br', 'gzip', 'identity']) {
				const response = await get(server.url, attempt, { 'Accept-Encoding': accept });
				expect(response.status, `${attempt} ${accept}`).toBeGreaterThanOrEqual(400);
				expect(response.headers['content-encoding'], attempt).toBeUndefined();
				expect(response.body.toString(), attempt).not.toContain('SECRET');
			}
		}
	});
});
