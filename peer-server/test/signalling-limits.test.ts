import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { AddressLimits } from '../src/address-limits';
import type { ServerConfig } from '../src/config';
import { FrameGate, SIGNALLING_LIMITS, type SignallingLimits } from '../src/signalling-limits';
import { cleanUp, LogRecorder, ManualClock, openPeerSocket, peerSocketUrl, startServer, testPeer, type PeerSocket } from './server-fixture';

afterEach(cleanUp);

const SECOND = 1000;

async function limitedServer(config: Partial<ServerConfig> = {}, limits: Partial<SignallingLimits> = {}) {
	const clock = new ManualClock();
	const log = new LogRecorder();
	const server = await startServer(config, log, { now: clock.now, signallingLimits: limits });
	const connect = async (headers: Record<string, string> = {}) => {
		const peer = await testPeer();
		return { id: peer.id, socket: openPeerSocket(peerSocketUrl(server.url, peer.id, peer.token(clock.time)), headers) };
	};
	return { clock, server, log, connect };
}

/** Two registered peers: `alice` sends, `bob` counts what the server lets through. */
async function pair(limits: Partial<SignallingLimits>) {
	const { clock, connect } = await limitedServer({}, limits);
	const [alice, bob] = await Promise.all([connect(), connect()]);
	expect(await alice.socket.next()).toEqual({ type: 'OPEN' });
	expect(await bob.socket.next()).toEqual({ type: 'OPEN' });
	const offer = (payload: unknown = 'x') => alice.socket.send({ type: 'OFFER', dst: bob.id, payload });
	/** How many frames reached bob since the last call. */
	const delivered = async () => {
		await alice.socket.settle();
		await bob.socket.settle();
		const count = bob.socket.pending().length;
		for (let i = 0; i < count; i++) await bob.socket.next();
		return count;
	};
	return { clock, alice: alice.socket, offer, delivered };
}

function closeCode(peer: PeerSocket): Promise<number> {
	return once(peer.socket, 'close').then(([code]) => code as number);
}

function refusal(message: string) {
	return { type: 'ERROR', payload: { msg: message } };
}

describe('signalling limits per socket (issue 8, finding 2)', () => {
	it('relays a burst, then only what the refill allows', async () => {
		const { clock, offer, delivered } = await pair({ burstMessages: 10, messagesPerSecond: 2 });
		for (let i = 0; i < 15; i++) offer();
		expect(await delivered()).toBe(10);
		clock.advance(SECOND);
		for (let i = 0; i < 5; i++) offer();
		expect(await delivered()).toBe(2);
	});

	it('drops oversized messages and closes the socket of a repeat offender', async () => {
		const { alice, offer, delivered } = await pair({ maxMessageBytes: 1024, oversizedBeforeClose: 3 });
		offer('x'.repeat(2000));
		offer('fits');
		expect(await delivered()).toBe(1);
		const closed = closeCode(alice);
		offer('x'.repeat(2000));
		offer('x'.repeat(2000));
		expect(await closed).toBe(1008);
	});

	it('closes the socket of a client that keeps sending past its rate', async () => {
		const { alice, offer } = await pair({ burstMessages: 2, messagesPerSecond: 1, rateDropsBeforeClose: 5 });
		const closed = closeCode(alice);
		for (let i = 0; i < 7; i++) offer();
		expect(await closed).toBe(1008);
	});
});

describe('signalling limits at their defaults', () => {
	/** Alice comes online and dials `contacts` peers, each taking an OFFER, an ANSWER and `candidates` CANDIDATEs. */
	async function comeOnline(contacts: number, candidates: number, config: Partial<ServerConfig> = {}) {
		const { connect } = await limitedServer({ registrationsPerAddressPerMinute: 1000, maxPeersPerAddress: 1000, ...config });
		const alice = await connect();
		const peers = await Promise.all(Array.from({ length: contacts }, () => connect()));
		expect(await alice.socket.next()).toEqual({ type: 'OPEN' });
		for (const peer of peers) expect(await peer.socket.next()).toEqual({ type: 'OPEN' });
		// Clock stopped: no refill, the burst alone must hold it all.
		for (const peer of peers) {
			// After a server restart both ends dial, so this socket answers as well as offers.
			for (const type of ['OFFER', 'ANSWER']) alice.socket.send({ type, dst: peer.id, payload: { sdp: 'v=0' } });
			for (let i = 0; i < candidates; i++) alice.socket.send({ type: 'CANDIDATE', dst: peer.id, payload: { candidate: `c${i}` } });
		}
		await alice.socket.settle();
		let delivered = 0;
		for (const peer of peers) {
			await peer.socket.settle();
			delivered += peer.socket.pending().length;
		}
		return { sent: contacts * (2 + candidates), delivered };
	}

	it('relays in full an honest client coming online with 32 contacts (OFFER, ANSWER and 8 candidates each)', async () => {
		const { sent, delivered } = await comeOnline(32, 8);
		expect(delivered).toBe(sent);
	});

	it('relays in full the same with TURN candidates (20 each)', async () => {
		const { sent, delivered } = await comeOnline(32, 20);
		expect(delivered).toBe(sent);
	});

	it('takes the burst from the server configuration (SIGNALLING_BURST_MESSAGES)', async () => {
		const { delivered } = await comeOnline(2, 8, { signallingBurstMessages: 15 });
		expect(delivered).toBe(15);
	});
});

describe('signalling limits per address and server-wide (issue 8, finding 2)', () => {
	it('caps the sockets open at once from one address', async () => {
		const { connect, log } = await limitedServer({ maxPeersPerAddress: 2 });
		const [first, second, third] = [await connect(), await connect(), await connect()];
		expect(await first.socket.next()).toEqual({ type: 'OPEN' });
		expect(await second.socket.next()).toEqual({ type: 'OPEN' });
		expect(await third.socket.next()).toEqual(refusal('too many connections from this address'));
		await third.socket.closed;
		const disconnected = log.next('peer disconnected');
		first.socket.socket.close();
		await disconnected;
		// The slot comes back once a socket closes.
		expect(await (await connect()).socket.next()).toEqual({ type: 'OPEN' });
	});

	it('caps new registrations per address and minute', async () => {
		const { clock, connect } = await limitedServer({ registrationsPerAddressPerMinute: 3 });
		for (let i = 0; i < 3; i++) expect(await (await connect()).socket.next()).toEqual({ type: 'OPEN' });
		expect(await (await connect()).socket.next()).toEqual(refusal('too many registrations from this address; retry in a minute'));
		clock.advance(20 * SECOND);
		expect(await (await connect()).socket.next()).toEqual({ type: 'OPEN' });
	});

	it('charges no registration for sockets refused for the socket cap, so the address’s own clients can still re-register', async () => {
		const { connect, log } = await limitedServer({ maxPeersPerAddress: 2, registrationsPerAddressPerMinute: 3 });
		const [first, second] = [await connect(), await connect()];
		expect(await first.socket.next()).toEqual({ type: 'OPEN' });
		expect(await second.socket.next()).toEqual({ type: 'OPEN' });
		// A third client behind the same NAT keeps retrying while the cap is full.
		for (let i = 0; i < 5; i++) expect(await (await connect()).socket.next()).toEqual(refusal('too many connections from this address'));
		const disconnected = log.next('peer disconnected');
		first.socket.socket.close();
		await disconnected;
		// The clock has not moved: only the third registration token is left, and it is still there.
		expect(await (await connect()).socket.next()).toEqual({ type: 'OPEN' });
	});

	it('caps the server at MAX_PEERS registered ids', async () => {
		const { connect } = await limitedServer({ maxPeers: 2 });
		expect(await (await connect()).socket.next()).toEqual({ type: 'OPEN' });
		expect(await (await connect()).socket.next()).toEqual({ type: 'OPEN' });
		expect(await (await connect()).socket.next()).toEqual(refusal('Server has reached its concurrent user limit'));
	});

	it.each([
		// No proxy configured, or one elsewhere: this socket comes straight from 127.0.0.1 and its header is a lie.
		[undefined, 'too many connections from this address'],
		['10.9.8.7', 'too many connections from this address'],
		// Loopback is the trusted proxy here, so the header names two different clients.
		['loopback', undefined]
	])('with TRUST_PROXY=%s, a spoofed X-Forwarded-For is refused as %s', async (trustProxy, second) => {
		const { connect } = await limitedServer({ maxPeersPerAddress: 1, ...(trustProxy ? { trustProxy } : {}) });
		const first = await connect({ 'x-forwarded-for': '203.0.113.1' });
		expect(await first.socket.next()).toEqual({ type: 'OPEN' });
		const other = await connect({ 'x-forwarded-for': '203.0.113.2' });
		expect(await other.socket.next()).toEqual(second === undefined ? { type: 'OPEN' } : refusal(second));
	});
});

describe('frames the gate lets through', () => {
	it.each([[{ type: 'LEAVE' }], [{ type: 'LEAVE', dst: null }], [{ type: 'LEAVE', dst: 0 }], [{ type: 'LEAVE', dst: false }]])(
		'drops %j, which would unregister the sender while its socket stays open (and MAX_PEERS no longer counts it)',
		async (leave) => {
			const { connect } = await limitedServer({ maxPeers: 2 });
			const [alice, bob] = [await connect(), await connect()];
			expect(await alice.socket.next()).toEqual({ type: 'OPEN' });
			expect(await bob.socket.next()).toEqual({ type: 'OPEN' });
			alice.socket.send(leave);
			await alice.socket.settle();
			expect(await (await connect()).socket.next()).toEqual(refusal('Server has reached its concurrent user limit'));
		}
	);

	it.each([
		[{ type: 'HEARTBEAT' }, 'pass'],
		[{ type: 'OFFER', dst: 'online' }, 'pass'],
		[{ type: 'OFFER', dst: 'offline' }, 'drop'],
		[{ type: 'CANDIDATE', dst: 7 }, 'drop'],
		[{ type: 'ANSWER', dst: ['online'] }, 'drop'],
		[{ type: 'EXPIRE', dst: 'online' }, 'drop'],
		[{ type: 'ID-TAKEN', dst: 'online' }, 'drop'],
		[{ type: 7, dst: 'online' }, 'drop']
	])('judges %j as %s', (message, verdict) => {
		const gate = new FrameGate({ limits: SIGNALLING_LIMITS, now: () => 0, isRegistered: (id) => id === 'online' });
		expect(gate.judge(Buffer.from(JSON.stringify(message)))).toBe(verdict);
	});

	it('counts sockets per address in one shared charge, and a released slot comes back', () => {
		const limits = new AddressLimits({ maxSockets: 2, registrationsPerMinute: 100 }, () => 0);
		const first = limits.admit('10.0.0.1');
		const second = limits.admit('10.0.0.1');
		if (!first.ok || !second.ok) throw new Error('refused below the cap');
		// One object per address, not one per socket (issue 16: memory per idle client).
		expect(second.charge).toBe(first.charge);
		expect(limits.admit('10.0.0.1')).toEqual({ ok: false, refusal: 'too many connections from this address' });
		expect(limits.admit('10.0.0.2').ok).toBe(true);
		limits.release(first.charge);
		expect(limits.admit('10.0.0.1').ok).toBe(true);
		expect(limits.admit('10.0.0.1').ok).toBe(false);
		// Every socket gone: the address starts from nothing again.
		limits.release(first.charge);
		limits.release(first.charge);
		const again = limits.admit('10.0.0.1');
		if (!again.ok) throw new Error('refused after every socket closed');
		expect(again.charge.open).toBe(1);
	});
});
