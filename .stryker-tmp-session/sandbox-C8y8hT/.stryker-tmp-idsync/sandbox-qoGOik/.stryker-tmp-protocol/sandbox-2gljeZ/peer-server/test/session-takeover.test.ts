// @ts-nocheck
// 
// 
import { once } from 'node:events';
import type { Server } from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, LogRecorder, openPeerSocket, peerSocketUrl, startServer, testPeer, type TestPeer } from './server-fixture';

afterEach(cleanUp);

/**
 * A hand-written WebSocket client, for timing the ws package cannot give: its upgrade request
 * can carry the first frame in the same TCP write, and several requests can leave in one tick.
 */
class RawPeer {
	private received = '';
	private readonly waiters: { text: string; resolve: () => void }[] = [];
	readonly closed: Promise<void>;

	private constructor(
		private readonly socket: net.Socket,
		private readonly url: URL
	) {
		socket.on('error', () => undefined);
		socket.on('data', (chunk: Buffer) => {
			this.received += chunk.toString('latin1');
			for (const waiter of this.waiters.filter(({ text }) => this.received.includes(text))) {
				this.waiters.splice(this.waiters.indexOf(waiter), 1);
				waiter.resolve();
			}
		});
		this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
		cleanups.push(() => socket.destroy());
	}

	static async connect(url: string): Promise<RawPeer> {
		const parsed = new URL(url);
		const socket = net.connect(Number(parsed.port), parsed.hostname);
		await once(socket, 'connect');
		return new RawPeer(socket, parsed);
	}

	/** Sends the upgrade request, and `firstFrame` right behind it in the same write. */
	upgrade(firstFrame?: object): void {
		const request = [
			`GET ${this.url.pathname}${this.url.search} HTTP/1.1`,
			`Host: ${this.url.host}`,
			'Upgrade: websocket',
			'Connection: Upgrade',
			'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
			'Sec-WebSocket-Version: 13',
			'',
			''
		].join('\r\n');
		this.socket.write(Buffer.concat([Buffer.from(request), firstFrame ? maskedTextFrame(JSON.stringify(firstFrame)) : Buffer.alloc(0)]));
	}

	/** Resolves once the bytes received so far contain `text` (frames are unmasked JSON). */
	waitFor(text: string): Promise<void> {
		if (this.received.includes(text)) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push({ text, resolve }));
	}
}

function maskedTextFrame(text: string): Buffer {
	const payload = Buffer.from(text);
	if (payload.length > 125) throw new Error('keep test frames short (single-byte length)');
	// FIN + text opcode, MASK bit + length, then an all-zero mask key: the payload stays as is.
	return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

const OPEN = '{"type":"OPEN"}';

function acceptedConnections(httpServer: Server, count: number): Promise<void> {
	return new Promise((resolve) => {
		let seen = 0;
		const onConnection = () => {
			if (++seen < count) return;
			httpServer.off('connection', onConnection);
			resolve();
		};
		httpServer.on('connection', onConnection);
	});
}

/** Carol (a bystander) and Bob, both registered; Bob with the token `tb`. */
async function carolAndBob(url: string) {
	const [c, b] = await Promise.all([testPeer(), testPeer()]);
	const tb = b.token();
	const carol = openPeerSocket(peerSocketUrl(url, c.id, c.token()));
	const bob = openPeerSocket(peerSocketUrl(url, b.id, tb));
	expect(await carol.next()).toEqual({ type: 'OPEN' });
	expect(await bob.next()).toEqual({ type: 'OPEN' });
	return { c, b, tb, carol, bob };
}

function offer(from: TestPeer, to: TestPeer, payload: unknown) {
	return { type: 'OFFER', src: from.id, dst: to.id, payload };
}

/** The stock peerjs client reconnects with its token; with proofs on, a token is single-use instead. */
const STOCK = { requireRegistrationProof: false };

describe('reconnecting with the same id', () => {
	it('replaces a live registration with the same token (proofs off): OPEN for the new socket, the old one closed', async () => {
		const log = new LogRecorder();
		const server = await startServer(STOCK, log);
		const { c, b, tb, carol, bob: stale } = await carolAndBob(server.url);

		const fresh = openPeerSocket(peerSocketUrl(server.url, b.id, tb));
		expect(await fresh.next()).toEqual({ type: 'OPEN' });
		await stale.closed;

		carol.send({ type: 'OFFER', dst: b.id, payload: { n: 1 } });
		expect(await fresh.next()).toEqual(offer(c, b, { n: 1 }));
		// The replaced socket left and the new one joined, so the count stays honest.
		expect(log.lines.slice(-2)).toEqual(['peer disconnected (1 online)', 'peer connected (2 online)']);
	});

	it('keeps frames the new socket sends while the old one is being replaced', async () => {
		const server = await startServer(STOCK);
		const { c, b, tb, carol, bob: stale } = await carolAndBob(server.url);

		const fresh = await RawPeer.connect(peerSocketUrl(server.url, b.id, tb));
		fresh.upgrade({ type: 'OFFER', dst: c.id, payload: 'early' });
		await fresh.waitFor(OPEN);
		await stale.closed;
		expect(await carol.next()).toEqual(offer(b, c, 'early'));
	});

	it('lets the last of several racing same-token reconnects keep the id (proofs off)', async () => {
		const server = await startServer(STOCK);
		const { c, b, tb, carol, bob: stale } = await carolAndBob(server.url);

		const url = peerSocketUrl(server.url, b.id, tb);
		const accepted = acceptedConnections(server.httpServer, 2);
		const [first, second] = await Promise.all([RawPeer.connect(url), RawPeer.connect(url)]);
		await accepted;
		// Both requests leave in one tick to sockets the server already reads, so it handles them in
		// one event-loop turn: the second arrives while the first still waits for the stale socket.
		first.upgrade();
		second.upgrade();
		// Each is registered in turn, so each sees OPEN; the one registered first is then replaced.
		await Promise.all([first.waitFor(OPEN), second.waitFor(OPEN)]);
		await stale.closed;
		const survivor = await Promise.race([first.closed.then(() => second), second.closed.then(() => first)]);

		carol.send({ type: 'CANDIDATE', dst: b.id, payload: 'c1' });
		await survivor.waitFor(JSON.stringify({ type: 'CANDIDATE', src: c.id, dst: b.id, payload: 'c1' }));
	});

	it('answers ID-TAKEN to an older proof while the owner is connected, and keeps the owner', async () => {
		const server = await startServer();
		const { c, b, carol, bob: owner } = await carolAndBob(server.url);

		const older = openPeerSocket(peerSocketUrl(server.url, b.id, b.token(Date.now() - 60_000)));
		expect(await older.next()).toEqual({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
		await older.closed;

		carol.send({ type: 'OFFER', dst: b.id, payload: 'still yours' });
		expect(await owner.next()).toEqual(offer(c, b, 'still yours'));
	});

	it('does not let the right token with a wrong key disturb the owner', async () => {
		const server = await startServer();
		const { c, b, tb, carol, bob: owner } = await carolAndBob(server.url);

		const wrongKey = openPeerSocket(peerSocketUrl(server.url, b.id, tb, 'wrong'));
		expect(await wrongKey.next()).toEqual({ type: 'ERROR', payload: { msg: 'Invalid key provided' } });
		await wrongKey.closed;

		carol.send({ type: 'OFFER', dst: b.id, payload: 'still yours' });
		expect(await owner.next()).toEqual(offer(c, b, 'still yours'));
	});

	it('frees the id for any valid proof once the owner’s socket has closed', async () => {
		const log = new LogRecorder();
		const server = await startServer({}, log);
		const b = await testPeer();
		const now = Date.now();
		const first = openPeerSocket(peerSocketUrl(server.url, b.id, b.token(now)));
		expect(await first.next()).toEqual({ type: 'OPEN' });
		const disconnected = log.next('peer disconnected');
		first.socket.close();
		await disconnected;
		// Even an older (still fresh) proof: nobody holds the id any more.
		const second = openPeerSocket(peerSocketUrl(server.url, b.id, b.token(now - 1000)));
		expect(await second.next()).toEqual({ type: 'OPEN' });
	});

	it('accepts the same id again after a server restart on the same port', async () => {
		const before = await startServer();
		const a = await testPeer();
		const now = Date.now();
		const ta = a.token(now);
		const alice = openPeerSocket(peerSocketUrl(before.url, a.id, ta));
		expect(await alice.next()).toEqual({ type: 'OPEN' });
		await before.close();
		await alice.closed;

		const after = await startServer({ port: before.port });
		expect(after.port).toBe(before.port);
		const again = openPeerSocket(peerSocketUrl(after.url, a.id, ta));
		expect(await again.next()).toEqual({ type: 'OPEN' });
		const other = openPeerSocket(peerSocketUrl(after.url, a.id, a.token(now - 1000)));
		expect(await other.next()).toEqual({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
	});
});
