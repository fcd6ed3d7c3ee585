// @ts-nocheck
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/lib/crypto/identity';
import { loadSodium } from '../../src/lib/crypto/sodium';
import { signRecord, verifyLookupAnswer, type DirectoryOp, type DirectoryRecord } from '../../src/lib/directory/record';
import { toHex } from '../../src/lib/ids/encoding';
import type { ServerConfig } from '../src/config';
import { DirectoryKeys } from '../src/directory/sealing';
import type { ServerOptions } from '../src/server';
import { cleanUp, LogRecorder, makeTempDir, ManualClock, startServer, TEST_DEPLOYMENT, testPeer } from './server-fixture';

afterEach(cleanUp);

const MINUTE = 60_000;

async function randomHash(): Promise<string> {
	const sodium = await loadSodium();
	return toHex(sodium.randombytes_buf(32));
}

async function directoryServer(
	options: Omit<ServerOptions, 'log' | 'now'> = {},
	directoryFile?: string,
	clock = new ManualClock(),
	config: Partial<ServerConfig> = {}
) {
	const sodium = await loadSodium();
	const log = new LogRecorder();
	const server = await startServer({ ...config, ...(directoryFile ? { directoryFile } : {}) }, log, { now: clock.now, ...options });
	const sign = (identity: Identity, handleHash: string, op: DirectoryOp, ts = clock.time, deploymentId: string = TEST_DEPLOYMENT.deploymentId) =>
		signRecord(sodium, identity, { deploymentId, handleHash, op, ts });
	const send = (method: string, handleHash: string, body: unknown, headers: Record<string, string> = {}) =>
		fetch(`${server.url}/directory/${handleHash}`, {
			method,
			headers: { 'content-type': 'application/json', ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});
	const claim = (record: DirectoryRecord) => send('PUT', record.handleHash, record);
	const release = (record: DirectoryRecord) => send('DELETE', record.handleHash, record);
	const lookup = (handleHash: string, headers: Record<string, string> = {}) => fetch(`${server.url}/directory/${handleHash}`, { headers });
	return { sodium, server, clock, log, sign, send, claim, release, lookup };
}

async function expectError(response: Response, status: number, error: string): Promise<Record<string, unknown>> {
	expect(response.status).toBe(status);
	expect(response.headers.get('content-type')).toMatch(/^application\/json/);
	expect(response.headers.get('cache-control')).toBe('no-store');
	const body = (await response.json()) as Record<string, unknown>;
	expect(body).toMatchObject({ error, detail: expect.any(String) });
	return body;
}

describe('handle directory: claims and lookups', () => {
	it('stores a claim for a free handle and hands it back for the client to verify', async () => {
		const { sodium, sign, claim, lookup, clock } = await directoryServer();
		const alice = await testPeer();
		const hash = await randomHash();
		const record = sign(alice.identity, hash, 'claim');

		const stored = await claim(record);
		expect(stored.status).toBe(201);
		expect(await stored.json()).toEqual(record);

		const found = await lookup(hash);
		expect(found.status).toBe(200);
		expect(found.headers.get('cache-control')).toBe('no-store');
		const body: unknown = await found.json();
		expect(body).toEqual(record);
		expect(verifyLookupAnswer(sodium, body, hash, TEST_DEPLOYMENT.deploymentId)).toMatchObject({ ok: true });

		// The owner may refresh its claim later.
		clock.advance(MINUTE);
		const refreshed = await claim(sign(alice.identity, hash, 'claim'));
		expect(refreshed.status).toBe(200);
		expect(((await (await lookup(hash)).json()) as DirectoryRecord).ts).toBe(clock.time);
	});

	it('answers 404 for an unclaimed handle', async () => {
		const { lookup } = await directoryServer();
		await expectError(await lookup(await randomHash()), 404, 'not-found');
	});

	it('refuses a handle claimed by another key', async () => {
		const { sign, claim, lookup } = await directoryServer();
		const [alice, mallory] = await Promise.all([testPeer(), testPeer()]);
		const hash = await randomHash();
		const record = sign(alice.identity, hash, 'claim');
		expect((await claim(record)).status).toBe(201);
		await expectError(await claim(sign(mallory.identity, hash, 'claim')), 409, 'handle-taken');
		expect(await (await lookup(hash)).json()).toEqual(record);
	});

	it('keeps one handle per key: claiming a new one releases the old (a handle change)', async () => {
		const { sign, claim, lookup, clock } = await directoryServer();
		const [alice, bob] = await Promise.all([testPeer(), testPeer()]);
		const [oldHash, newHash] = [await randomHash(), await randomHash()];
		expect((await claim(sign(alice.identity, oldHash, 'claim'))).status).toBe(201);
		clock.advance(1);
		expect((await claim(sign(alice.identity, newHash, 'claim'))).status).toBe(201);
		expect((await lookup(newHash)).status).toBe(200);
		expect((await lookup(oldHash)).status).toBe(404);
		// The old handle is free for anyone now.
		expect((await claim(sign(bob.identity, oldHash, 'claim'))).status).toBe(201);
	});

	it('releases a handle for its owner only', async () => {
		const { sign, claim, release, lookup, clock } = await directoryServer();
		const [alice, mallory] = await Promise.all([testPeer(), testPeer()]);
		const hash = await randomHash();
		expect((await claim(sign(alice.identity, hash, 'claim'))).status).toBe(201);
		clock.advance(1);
		await expectError(await release(sign(mallory.identity, hash, 'release')), 403, 'not-owner');
		expect((await lookup(hash)).status).toBe(200);

		const released = await release(sign(alice.identity, hash, 'release'));
		expect(released.status).toBe(204);
		expect((await lookup(hash)).status).toBe(404);
		clock.advance(1);
		await expectError(await release(sign(alice.identity, hash, 'release')), 404, 'not-found');
	});

	it('has no listing: /directory and anything but /directory/<hash> is a 404', async () => {
		const { server } = await directoryServer();
		for (const route of ['/directory', '/directory/', '/directory/a/b', `/directory/${'a'.repeat(64)}/list`]) {
			const response = await fetch(`${server.url}${route}`, { headers: { accept: 'text/html' } });
			await expectError(response, 404, 'not-found');
		}
	});

	it('answers 405 with Allow for other methods', async () => {
		const { send } = await directoryServer();
		const response = await send('POST', await randomHash(), {});
		await expectError(response, 405, 'method-not-allowed');
		expect(response.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE');
	});

	it('never sends CORS headers, so other origins cannot use it from a browser', async () => {
		const { server, lookup, sign, claim } = await directoryServer();
		const alice = await testPeer();
		const hash = await randomHash();
		const put = await claim(sign(alice.identity, hash, 'claim'));
		expect(put.headers.get('access-control-allow-origin')).toBeNull();
		const get = await lookup(hash, { origin: 'https://evil.example' });
		expect(get.status).toBe(200);
		expect(get.headers.get('access-control-allow-origin')).toBeNull();
		const preflight = await fetch(`${server.url}/directory/${hash}`, {
			method: 'OPTIONS',
			headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' }
		});
		expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
		expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
	});
});

describe('handle directory: refusals', () => {
	it('refuses a replayed record, and a ts not above the key’s last one', async () => {
		const { sign, claim, release, clock } = await directoryServer();
		const alice = await testPeer();
		const hash = await randomHash();
		const record = sign(alice.identity, hash, 'claim');
		expect((await claim(record)).status).toBe(201);
		expect(await expectError(await claim(record), 409, 'replayed')).toMatchObject({ lastTs: record.ts });
		// A release signed at the same millisecond is no newer either.
		await expectError(await release(sign(alice.identity, hash, 'release', record.ts)), 409, 'replayed');

		// Replaying the claim after a release must not resurrect it.
		clock.advance(1);
		expect((await release(sign(alice.identity, hash, 'release'))).status).toBe(204);
		await expectError(await claim(record), 409, 'replayed');
	});

	it('refuses records signed more than 5 minutes from the server clock, and tells the server time', async () => {
		const { sign, claim, clock } = await directoryServer();
		const alice = await testPeer();
		const hash = await randomHash();
		const stale = await expectError(await claim(sign(alice.identity, hash, 'claim', clock.time - 5 * MINUTE - 1)), 400, 'clock-skew');
		expect(stale.serverTime).toBe(clock.time);
		await expectError(await claim(sign(alice.identity, hash, 'claim', clock.time + 5 * MINUTE + 1)), 400, 'clock-skew');
		expect((await claim(sign(alice.identity, hash, 'claim', clock.time + 5 * MINUTE))).status).toBe(201);
	});

	it('refuses forged, mismatched and misdirected records', async () => {
		const { sign, send, claim, release } = await directoryServer();
		const [alice, mallory] = await Promise.all([testPeer(), testPeer()]);
		const [hash, other] = [await randomHash(), await randomHash()];
		const record = sign(alice.identity, hash, 'claim');

		await expectError(await claim({ ...record, peerId: mallory.id }), 400, 'peer-id-mismatch');
		const forged = sign(mallory.identity, hash, 'claim');
		await expectError(await claim({ ...record, sig: forged.sig }), 400, 'bad-signature');
		await expectError(await claim({ ...record, op: 'release' }), 400, 'bad-signature');
		// Signed for another deployment: replayed from there, it means nothing here.
		const elsewhere = sign(alice.identity, hash, 'claim', undefined, 'b3RoZXItZGVwbG95bWVudA');
		await expectError(await claim(elsewhere), 400, 'bad-signature');
		await expectError(await send('PUT', other, record), 400, 'handle-mismatch');
		await expectError(await claim(sign(alice.identity, hash, 'release')), 400, 'wrong-op');
		await expectError(await release(record), 400, 'wrong-op');
		const invalid = await expectError(await send('PUT', hash, { ...record, ts: 'yesterday' }), 400, 'invalid-record');
		expect(invalid.detail).toMatch(/number/i);
		await expectError(await send('PUT', 'ALICE', record), 400, 'invalid-handle-hash');
		await expectError(await send('GET', 'not-a-hash', undefined), 400, 'invalid-handle-hash');
	});

	it('bounds and checks the body', async () => {
		const { sign, send } = await directoryServer();
		const alice = await testPeer();
		const hash = await randomHash();
		const record = sign(alice.identity, hash, 'claim');
		await expectError(await send('PUT', hash, { ...record, padding: 'x'.repeat(2048) }), 413, 'too-large');
		await expectError(await send('PUT', hash, '{"v":1,'), 400, 'invalid-json');
		await expectError(await send('PUT', hash, '"a string"'), 400, 'invalid-json');
		await expectError(await send('PUT', hash, record, { 'content-type': 'text/plain' }), 415, 'unsupported-media-type');
		await expectError(await send('PUT', hash, record, { 'content-encoding': 'gzip' }), 415, 'unsupported-media-type');
	});

	it('limits writes and reads per client address with Retry-After', async () => {
		const { sign, claim, lookup, clock } = await directoryServer({ directoryRates: { writesPerMinute: 3, readsPerMinute: 5 } });
		const alice = await testPeer();
		const hash = await randomHash();
		for (let i = 0; i < 3; i++) {
			clock.advance(1);
			expect((await claim(sign(alice.identity, hash, 'claim'))).status).toBeLessThan(300);
		}
		clock.advance(1);
		const limited = await claim(sign(alice.identity, hash, 'claim'));
		await expectError(limited, 429, 'rate-limited');
		// One token comes back every 20 s at 3 per minute.
		expect(limited.headers.get('retry-after')).toBe('20');

		// Reads have their own bucket.
		for (let i = 0; i < 5; i++) expect((await lookup(hash)).status).toBe(200);
		await expectError(await lookup(hash), 429, 'rate-limited');

		clock.advance(20_000);
		expect((await claim(sign(alice.identity, hash, 'claim'))).status).toBe(200);
		expect((await lookup(hash)).status).toBe(200);
	});

	it.each([
		[undefined, 429],
		// A proxy elsewhere is trusted, but this request comes straight from 127.0.0.1: its header is a lie.
		['10.9.8.7', 429],
		['loopback', 404]
	])('with TRUST_PROXY=%s, a second client behind the proxy gets %i', async (trustProxy, status) => {
		const rates = { directoryRates: { readsPerMinute: 1 } };
		const { lookup } = await directoryServer(rates, undefined, new ManualClock(), trustProxy ? { trustProxy } : {});
		const hash = await randomHash();
		expect((await lookup(hash, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(404);
		expect((await lookup(hash, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(status);
		expect((await lookup(hash, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);
	});
});

describe('handle directory: persistence', () => {
	it('keeps claims and replay protection across a restart', async () => {
		const dir = await makeTempDir('parley-directory-');
		const file = path.join(dir, 'nested', 'directory.jsonl');
		const clock = new ManualClock();
		const first = await directoryServer({}, file, clock);
		const alice = await testPeer();
		const hash = await randomHash();
		const record = first.sign(alice.identity, hash, 'claim');
		expect((await first.claim(record)).status).toBe(201);
		await first.server.close();

		const second = await directoryServer({}, file, clock);
		expect(await (await second.lookup(hash)).json()).toEqual(record);
		await expectError(await second.claim(record), 409, 'replayed');
		const mallory = await testPeer();
		await expectError(await second.claim(second.sign(mallory.identity, hash, 'claim')), 409, 'handle-taken');
	});

	it('skips a torn last line from a crash and keeps working', async () => {
		const dir = await makeTempDir('parley-directory-');
		const file = path.join(dir, 'directory.jsonl');
		const clock = new ManualClock();
		const first = await directoryServer({}, file, clock);
		const alice = await testPeer();
		const hash = await randomHash();
		const record = first.sign(alice.identity, hash, 'claim');
		expect((await first.claim(record)).status).toBe(201);
		await first.server.close();
		await writeFile(file, `${await readFile(file, 'utf8')}{"v":1,"handleHa`);

		const second = await directoryServer({}, file, clock);
		expect(second.log.lines).toContain(`directory: skipped 1 unreadable line(s) in ${file}`);
		expect(await (await second.lookup(hash)).json()).toEqual(record);
		const bob = await testPeer();
		const other = await randomHash();
		expect((await second.claim(second.sign(bob.identity, other, 'claim'))).status).toBe(201);
		await second.server.close();
		const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
		const keys = new DirectoryKeys(Buffer.from(TEST_DEPLOYMENT.pepper, 'base64url'));
		expect(lines.map((line) => (JSON.parse(line) as { key: string }).key)).toEqual([keys.lookupKey(hash), keys.lookupKey(other)]);
	});
});
