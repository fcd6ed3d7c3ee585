// @ts-nocheck
// 
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SIGNALLING_FRAME_BYTES } from '../src/peer-signalling';
import { cleanUp, LogRecorder, openPeerSocket, peerSocketUrl, startServer, testPeer } from './server-fixture';

afterEach(cleanUp);

/** The peer package's default interval for pruning its queue of messages for offline ids. */
const PACKAGE_CLEANUP_MS = 1000;

describe('PeerJS signalling at /peerjs', () => {
	it('opens a session on the URL the peerjs client builds for path "/peerjs"', async () => {
		const log = new LogRecorder();
		const server = await startServer({}, log);
		const alice = await testPeer();
		const peer = openPeerSocket(peerSocketUrl(server.url, alice.id, alice.token()));
		expect(await peer.next()).toEqual({ type: 'OPEN' });
		const disconnected = log.next('peer disconnected');
		peer.socket.close();
		await disconnected;
		// Counts only: ids must never end up in the log.
		expect(log.lines).toEqual(['peer connected (1 online)', 'peer disconnected (0 online)']);
	});

	it('rejects a wrong API key', async () => {
		const server = await startServer({ peerKey: 'right' });
		const peer = openPeerSocket(peerSocketUrl(server.url, 'alice-1', 'token', 'wrong'));
		expect(await peer.next()).toEqual({ type: 'ERROR', payload: { msg: 'Invalid key provided' } });
		await peer.closed;
	});

	it('relays an OFFER from A to B with the sender id filled in by the server', async () => {
		const server = await startServer();
		const [a, b] = await Promise.all([testPeer(), testPeer()]);
		const alice = openPeerSocket(peerSocketUrl(server.url, a.id, a.token()));
		const bob = openPeerSocket(peerSocketUrl(server.url, b.id, b.token()));
		expect(await alice.next()).toEqual({ type: 'OPEN' });
		expect(await bob.next()).toEqual({ type: 'OPEN' });
		const payload = { sdp: { type: 'offer', sdp: 'v=0' }, connectionId: 'dc_1' };
		// src is forged on purpose: the server must overwrite it with the socket's real id.
		alice.send({ type: 'OFFER', src: 'mallory', dst: b.id, payload });
		expect(await bob.next()).toEqual({ type: 'OFFER', src: a.id, dst: b.id, payload });
	});

	it('drops an OFFER for an id that is not registered instead of keeping it for later', async () => {
		const server = await startServer();
		const [a, b] = await Promise.all([testPeer(), testPeer()]);
		const alice = openPeerSocket(peerSocketUrl(server.url, a.id, a.token()));
		expect(await alice.next()).toEqual({ type: 'OPEN' });
		alice.send({ type: 'OFFER', dst: b.id, payload: { n: 1 } });
		await alice.settle();
		const bob = openPeerSocket(peerSocketUrl(server.url, b.id, b.token()));
		expect(await bob.next()).toEqual({ type: 'OPEN' });
		await bob.settle();
		expect(bob.pending()).toEqual([]);
	});

	it('survives malformed frames instead of crashing the process', async () => {
		const log = new LogRecorder();
		const server = await startServer({}, log);
		const [a, b] = await Promise.all([testPeer(), testPeer()]);
		const alice = openPeerSocket(peerSocketUrl(server.url, a.id, a.token()));
		const bob = openPeerSocket(peerSocketUrl(server.url, b.id, b.token()));
		expect(await alice.next()).toEqual({ type: 'OPEN' });
		expect(await bob.next()).toEqual({ type: 'OPEN' });
		alice.send('not json');
		alice.send('null');
		alice.send({ type: 'ANSWER', dst: b.id, payload: 'still alive' });
		expect(await bob.next()).toMatchObject({ type: 'ANSWER', payload: 'still alive' });
		expect(log.lines.filter((line) => line.startsWith('signalling error'))).toHaveLength(2);
	});

	it('is no presence oracle: an OFFER to an offline id gets the same answer as one to an online peer that ignores it (none)', async () => {
		// The package's queue would answer EXPIRE after this timeout, for offline ids only.
		const expireMs = 20;
		const server = await startServer({ peerExpireTimeoutMs: expireMs });
		const [a, b, offline] = await Promise.all([testPeer(), testPeer(), testPeer()]);
		const alice = openPeerSocket(peerSocketUrl(server.url, a.id, a.token()));
		const bob = openPeerSocket(peerSocketUrl(server.url, b.id, b.token()));
		expect(await alice.next()).toEqual({ type: 'OPEN' });
		expect(await bob.next()).toEqual({ type: 'OPEN' });
		for (const type of ['OFFER', 'CANDIDATE']) {
			alice.send({ type, dst: offline.id, payload: {} });
			alice.send({ type, dst: b.id, payload: {} });
		}
		expect(await bob.next()).toMatchObject({ type: 'OFFER', src: a.id });
		// Twice the longest the package can take to answer EXPIRE: its pruning tick (1 s unless the
		// server shortens it) plus the expire timeout. Shorter, and a leak would go unseen.
		await new Promise((resolve) => setTimeout(resolve, 2 * (PACKAGE_CLEANUP_MS + expireMs)));
		await alice.settle();
		expect(alice.pending()).toEqual([]);
	});

	it('drops a client that sends no HEARTBEAT within the alive timeout', async () => {
		const log = new LogRecorder();
		const server = await startServer({ peerAliveTimeoutMs: 1 }, log);
		const disconnected = log.next('peer disconnected');
		const a = await testPeer();
		const alice = openPeerSocket(peerSocketUrl(server.url, a.id, a.token()));
		expect(await alice.next()).toEqual({ type: 'OPEN' });
		await alice.closed;
		await disconnected;
	});

	it('closes sockets that send oversized frames', async () => {
		const server = await startServer();
		const a = await testPeer();
		const alice = openPeerSocket(peerSocketUrl(server.url, a.id, a.token()));
		expect(await alice.next()).toEqual({ type: 'OPEN' });
		const closeCode = once(alice.socket, 'close').then(([code]) => code as number);
		alice.send({ type: 'OFFER', dst: 'bob-1', payload: 'x'.repeat(MAX_SIGNALLING_FRAME_BYTES) });
		expect(await closeCode).toBe(1009);
	});

	it('still registers any token when registration proofs are switched off', async () => {
		const server = await startServer({ requireRegistrationProof: false });
		const peer = openPeerSocket(peerSocketUrl(server.url, 'alice-1', 'stock-token'));
		expect(await peer.next()).toEqual({ type: 'OPEN' });
	});

	it('serves the random-id endpoint but keeps peer discovery off', async () => {
		const server = await startServer();
		const id = await (await fetch(`${server.url}/peerjs/parley/id?ts=1&version=1.5.5`)).text();
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		expect((await fetch(`${server.url}/peerjs/parley/peers`)).status).toBe(401);
	});

	it('drops signalling sockets on close so shutdown does not hang', async () => {
		const server = await startServer();
		const a = await testPeer();
		const alice = openPeerSocket(peerSocketUrl(server.url, a.id, a.token()));
		expect(await alice.next()).toEqual({ type: 'OPEN' });
		await server.close();
		await alice.closed;
	});
});
