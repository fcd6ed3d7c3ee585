import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TAKEN_OVER_MESSAGE, PROOF_MESSAGES } from '../src/registration-proof';
import type { RunningServer } from '../src/server';
import { STORE_UNAVAILABLE_MESSAGE } from '../src/session-takeover';
import { createIdentity } from '../../src/lib/crypto/identity';
import { loadSodium } from '../../src/lib/crypto/sodium';
import { signRecord } from '../../src/lib/directory/record';
import { toHex } from '../../src/lib/ids/encoding';
import { cleanUp, LogRecorder, openPeerSocket, peerSocketUrl, startServer, TEST_DEPLOYMENT, testPeer, type TestPeer } from './server-fixture';
import { redisAvailable, startRedis, type RedisServer } from './redis-fixture';

/**
 * Two PeerServers (each with its own Redis connections, pub/sub channel and peer package realm,
 * as two processes have) on two loopback ports, sharing one throwaway redis-server.
 */
let redis: RedisServer | undefined;
beforeAll(async () => {
	if (redisAvailable) redis = await startRedis();
}, 20_000);
afterAll(async () => {
	await redis?.stop();
});
afterEach(cleanUp);

async function cluster(prefix = redis?.prefix() ?? '') {
	if (!redis) throw new Error('redis-server did not start');
	const url = redis.url;
	const start = async (port = 0, log = new LogRecorder()) => ({ server: await startServer({ redisUrl: url, redisPrefix: prefix, port }, log), log });
	const [one, two] = await Promise.all([start(), start()]);
	return { one, two, start, prefix };
}

async function register(server: RunningServer, peer: TestPeer, ts?: number) {
	const socket = openPeerSocket(peerSocketUrl(server.url, peer.id, peer.token(ts)));
	expect(await socket.next()).toEqual({ type: 'OPEN' });
	return socket;
}

describe.skipIf(!redisAvailable)('PeerServer processes sharing Redis', () => {
	it('relays signalling between peers registered on different processes, in order, with the real sender id', async () => {
		const { one, two } = await cluster();
		const [a, b] = await Promise.all([testPeer(), testPeer()]);
		const alice = await register(one.server, a);
		const bob = await register(two.server, b);
		const offer = { sdp: { type: 'offer', sdp: 'v=0' }, connectionId: 'dc_1' };
		alice.send({ type: 'OFFER', src: 'mallory', dst: b.id, payload: offer });
		for (let n = 0; n < 5; n++) alice.send({ type: 'CANDIDATE', dst: b.id, payload: { n } });
		expect(await bob.next()).toEqual({ type: 'OFFER', src: a.id, dst: b.id, payload: offer });
		for (let n = 0; n < 5; n++) expect(await bob.next()).toEqual({ type: 'CANDIDATE', src: a.id, dst: b.id, payload: { n } });
		bob.send({ type: 'ANSWER', dst: a.id, payload: { sdp: { type: 'answer', sdp: 'v=0' } } });
		expect(await alice.next()).toEqual({ type: 'ANSWER', src: b.id, dst: a.id, payload: { sdp: { type: 'answer', sdp: 'v=0' } } });
	});

	it('tells a sender nothing about an id registered nowhere', async () => {
		const { one, two } = await cluster();
		const [a, b, nobody] = await Promise.all([testPeer(), testPeer(), testPeer()]);
		const alice = await register(one.server, a);
		const bob = await register(two.server, b);
		alice.send({ type: 'OFFER', dst: nobody.id, payload: {} });
		// Relays leave in order, so once Bob has this one the first was dealt with.
		alice.send({ type: 'OFFER', dst: b.id, payload: { second: true } });
		expect(await bob.next()).toMatchObject({ type: 'OFFER', payload: { second: true } });
		await alice.settle();
		expect(alice.pending()).toEqual([]);
		// Nor is it kept for when the id registers.
		const late = await register(two.server, nobody);
		await late.settle();
		expect(late.pending()).toEqual([]);
	});

	it('lets a newer proof on one process replace the registration another process holds', async () => {
		const { one, two } = await cluster();
		const a = await testPeer();
		const old = await register(one.server, a, Date.now() - 1000);
		const fresh = await register(two.server, a);
		expect(await old.next()).toEqual({ type: 'ERROR', payload: { msg: TAKEN_OVER_MESSAGE } });
		await old.closed;
		// The id now lives on process two: a peer on process one reaches it there.
		const b = await testPeer();
		const bob = await register(one.server, b);
		bob.send({ type: 'OFFER', dst: a.id, payload: { after: 'takeover' } });
		expect(await fresh.next()).toEqual({ type: 'OFFER', src: b.id, dst: a.id, payload: { after: 'takeover' } });
	});

	it('answers ID-TAKEN to an older proof for an id another process holds', async () => {
		const { one, two } = await cluster();
		const a = await testPeer();
		const live = await register(one.server, a);
		const older = openPeerSocket(peerSocketUrl(two.server.url, a.id, a.token(Date.now() - 60_000)));
		expect(await older.next()).toEqual({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
		await older.closed;
		await live.settle();
		expect(live.pending()).toEqual([]);
	});

	it('refuses a token replayed on another process', async () => {
		const { one, two } = await cluster();
		const a = await testPeer();
		const token = a.token();
		const first = openPeerSocket(peerSocketUrl(one.server.url, a.id, token));
		expect(await first.next()).toEqual({ type: 'OPEN' });
		first.socket.close();
		await first.closed;
		const replay = openPeerSocket(peerSocketUrl(two.server.url, a.id, token));
		expect(await replay.next()).toEqual({ type: 'ERROR', payload: { msg: PROOF_MESSAGES.reused } });
	});

	it('loses nothing when a process restarts: its peers register again and are reached from the other', async () => {
		const { one, two, start } = await cluster();
		const [a, b] = await Promise.all([testPeer(), testPeer()]);
		const alice = await register(one.server, a);
		const bob = await register(two.server, b);
		await one.server.close();
		await alice.closed;
		const restarted = await start(one.server.port);
		const aliceAgain = await register(restarted.server, a);
		bob.send({ type: 'OFFER', dst: a.id, payload: { after: 'restart' } });
		expect(await aliceAgain.next()).toEqual({ type: 'OFFER', src: b.id, dst: a.id, payload: { after: 'restart' } });
	});

	it('refuses what does not parse on its channel, and logs no content', async () => {
		const { one, prefix } = await cluster();
		const process = one.log.lines.map((line) => /"event":"cluster-joined","process":"([0-9a-f]{32})"/.exec(line)?.[1]).find(Boolean);
		const a = await testPeer();
		const alice = await register(one.server, a);
		const publisher = createClient({ url: redis?.url ?? '' });
		await publisher.connect();
		const channel = `${prefix}process:${process ?? ''}`;
		const bad = [
			'not json secret-1',
			JSON.stringify({ kind: 'relay', type: 'OPEN', src: 'p1', dst: a.id, payload: 'secret-2' }),
			JSON.stringify({ kind: 'relay', type: 'OFFER', src: 'has space', dst: a.id, payload: 'secret-3' }),
			JSON.stringify({ kind: 'relay', type: 'OFFER', src: 'p1', dst: a.id, payload: 'x'.repeat(21 * 1024) })
		];
		for (const message of bad) {
			const refused = one.log.next('{"event":"bus-message-refused"');
			await publisher.publish(channel, message);
			await refused;
		}
		// A well-formed one still arrives, so the refusals above were not a dead channel.
		await publisher.publish(channel, JSON.stringify({ kind: 'relay', type: 'OFFER', src: 'p1', dst: a.id, payload: 'ok' }));
		expect(await alice.next()).toEqual({ type: 'OFFER', src: 'p1', dst: a.id, payload: 'ok' });
		await publisher.close();
		expect(alice.pending()).toEqual([]);
		const refusals = one.log.lines.filter((line) => line.includes('bus-message-refused'));
		expect(refusals.map((line) => (JSON.parse(line) as { reason: string }).reason)).toEqual(['not-json', 'off-schema', 'off-schema', 'oversized']);
		expect(one.log.lines.join('\n')).not.toMatch(/secret|xxxx/);
	});

	it('answers /healthz always and /readyz only while Redis answers', async () => {
		const own = await startRedis();
		try {
			const server = await startServer({ redisUrl: own.url, redisPrefix: own.prefix() });
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
			expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
			await own.stop();
			expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
			// Refused with a reason peerjs retries on, not left hanging or registered half-way.
			const a = await testPeer();
			const socket = openPeerSocket(peerSocketUrl(server.url, a.id, a.token()));
			expect(await socket.next()).toEqual({ type: 'ERROR', payload: { msg: STORE_UNAVAILABLE_MESSAGE } });
			await socket.closed;
			expect((await fetch(`${server.url}/directory/${'0'.repeat(64)}`)).status).toBe(500);
		} finally {
			await own.stop();
		}
	});

	it('shares the handle directory: a claim through one process is found through the other', async () => {
		const { one, two } = await cluster();
		const { claimBody, handleHash } = await signedClaim();
		const put = await fetch(`${one.server.url}/directory/${handleHash}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: claimBody });
		expect(put.status).toBe(201);
		const got = await fetch(`${two.server.url}/directory/${handleHash}`);
		expect(got.status).toBe(200);
		expect(await got.json()).toEqual(JSON.parse(claimBody));
	});

	it('refuses to start, instead of hanging, when REDIS_URL points at nothing', async () => {
		await expect(startServer({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: 'unreachable:' })).rejects.toThrow(/^Cannot reach Redis at REDIS_URL: /);
	});

	it('refuses to start a process whose deployment differs from the one Redis holds', async () => {
		const { prefix } = await cluster();
		await expect(startServer({ redisUrl: redis?.url ?? '', redisPrefix: prefix, handleSalt: 'AQEBAQEBAQEBAQEBAQEBAQ' })).rejects.toThrow(/another deployment/);
	});
});

async function signedClaim() {
	const sodium = await loadSodium();
	const identity = createIdentity(sodium);
	const handleHash = toHex(sodium.randombytes_buf(32));
	const record = signRecord(sodium, identity, { deploymentId: TEST_DEPLOYMENT.deploymentId, handleHash, op: 'claim', ts: Date.now() });
	return { claimBody: JSON.stringify(record), handleHash };
}
