import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdentity, type Identity } from '../../../src/lib/crypto/identity';
import { loadSodium } from '../../../src/lib/crypto/sodium';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { Connections, DEAD_AFTER_MS, HANDSHAKE_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS } from '../../../src/lib/messenger/connections';
import { MAX_REJECTED_FRAMES } from '../../../src/lib/messenger/inbound-budget';
import { FakeNetwork, type FakeTransport } from '../../../src/lib/net/fake-transport';
import type { AppFrame } from '../../../src/lib/protocol/frames';
import type { RejectReason } from '../../../src/lib/protocol/reject';
import { eventually } from './messenger-harness';

// Connections on their own, over the in-memory network: which link survives when two exist,
// when a link is given up, and who loses their links for misbehaving. No database is involved.

interface Side {
	identity: Identity;
	transport: FakeTransport;
	connections: Connections;
	frames: AppFrame[];
	rejects: RejectReason[];
	events: string[];
	clock: { ms: number };
}

const started: Side[] = [];
afterEach(() => {
	for (const side of started.splice(0)) side.connections.stop();
	vi.useRealTimers();
});

interface SideOptions {
	accepts?: (peer: PeerId) => boolean;
	isContact?: (peer: PeerId) => boolean;
	online?: boolean;
	/** The same identity again: the peer after a reload, with fresh state. */
	identity?: Identity;
}

async function side(network: FakeNetwork, options: SideOptions = {}): Promise<Side> {
	const sodium = await loadSodium();
	const identity = options.identity ?? createIdentity(sodium);
	const transport = network.createTransport();
	const frames: AppFrame[] = [];
	const rejects: RejectReason[] = [];
	const events: string[] = [];
	const clock = { ms: 1_000_000 };
	const connections = new Connections({
		sodium,
		identity,
		transport,
		log: { reject: (reason) => void rejects.push(reason), info() {} },
		accepts: options.accepts ?? (() => true),
		isContact: options.isContact ?? (() => true),
		now: () => clock.ms
	});
	connections.events.on('frame', (_peer, frame) => void frames.push(frame));
	for (const name of ['ready', 'down', 'failed', 'dialing', 'handshakeEnded'] as const) connections.events.on(name, () => void events.push(name));
	if (options.online ?? true) transport.start(identity.peerId);
	const result = { identity, transport, connections, frames, rejects, events, clock };
	started.push(result);
	return result;
}

async function pair(options: Parameters<typeof side>[1] = {}) {
	const network = new FakeNetwork();
	const alice = await side(network, options);
	const bob = await side(network, options);
	return { network, alice, bob };
}

const readyWith = (from: Side, to: Side) => eventually(() => from.connections.channel(to.identity.peerId), Boolean);
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Polls without timers (the handshake tests fake setTimeout). */
async function until(probe: () => boolean): Promise<void> {
	for (let i = 0; i < 10_000 && !probe(); i++) await new Promise((resolve) => setImmediate(resolve));
	expect(probe()).toBe(true);
}

describe('Connections', () => {
	it('opens one authenticated channel on both ends and passes application frames through', async () => {
		const { alice, bob } = await pair();
		expect(alice.connections.ensure(bob.identity.peerId)).toBe(true);
		expect(alice.connections.isDialing(bob.identity.peerId)).toBe(true);
		expect(alice.connections.peers()).toEqual([bob.identity.peerId]);
		await readyWith(alice, bob);
		await readyWith(bob, alice);
		expect(alice.connections.isDialing(bob.identity.peerId)).toBe(false);
		expect(alice.connections.peers()).toEqual([bob.identity.peerId]);
		expect(alice.events.filter((e) => e === 'dialing')).toHaveLength(1);
		expect(alice.events).toContain('handshakeEnded');
		expect(alice.connections.send(bob.identity.peerId, { t: 'profile', name: 'Alice' })).toBe(true);
		await eventually(() => bob.frames.length, (n) => n === 1);
		expect(bob.frames[0]).toEqual({ t: 'profile', name: 'Alice' });
	});

	it('answers a ping with a pong and hands neither to the application', async () => {
		const { alice, bob } = await pair();
		alice.connections.ensure(bob.identity.peerId);
		await readyWith(alice, bob);
		await readyWith(bob, alice);
		const heard: string[] = [];
		const bobChannel = bob.connections.channel(alice.identity.peerId);
		bobChannel?.link.on('data', () => void heard.push('data'));
		alice.connections.send(bob.identity.peerId, { t: 'ping', n: 7 });
		alice.connections.send(bob.identity.peerId, { t: 'profile', name: 'after the ping' });
		await eventually(() => bob.frames.length, (n) => n === 1);
		// Bob answered the ping: Alice saw something arrive, yet neither side reports a frame.
		await eventually(() => alice.connections.channel(bob.identity.peerId)?.lastInbound, (at) => at !== undefined);
		await settle();
		expect(bob.frames).toEqual([{ t: 'profile', name: 'after the ping' }]);
		expect(alice.frames).toEqual([]);
		expect(heard).toHaveLength(2);
	});

	it('does not dial itself, a refused peer, or a peer already being dialled, and reports an offline transport', async () => {
		const network = new FakeNetwork();
		const bob = await side(network);
		const carol = await side(network);
		const alice = await side(network, { accepts: (peer) => peer !== carol.identity.peerId });
		expect(alice.connections.ensure(alice.identity.peerId)).toBe(true);
		expect(alice.connections.ensure(carol.identity.peerId)).toBe(true);
		expect(alice.connections.peers()).toEqual([]);
		alice.connections.ensure(bob.identity.peerId);
		alice.connections.ensure(bob.identity.peerId);
		await readyWith(alice, bob);
		alice.connections.ensure(bob.identity.peerId);
		expect(alice.events.filter((e) => e === 'dialing')).toHaveLength(1);
		const offline = await side(network, { online: false });
		expect(offline.connections.ensure(bob.identity.peerId)).toBe(false);
		expect(offline.events).toEqual([]);
	});

	it('keeps the link dialled by the smaller peer id when both dial at once, on both ends', async () => {
		const { alice, bob } = await pair();
		alice.connections.ensure(bob.identity.peerId);
		bob.connections.ensure(alice.identity.peerId);
		await readyWith(alice, bob);
		await readyWith(bob, alice);
		await settle();
		const aliceChannel = alice.connections.channel(bob.identity.peerId);
		const bobChannel = bob.connections.channel(alice.identity.peerId);
		const aliceIsSmaller = alice.identity.peerId < bob.identity.peerId;
		expect(aliceChannel?.link.outbound).toBe(aliceIsSmaller);
		expect(bobChannel?.link.outbound).toBe(!aliceIsSmaller);
		expect(aliceChannel?.link.isOpen).toBe(true);
		expect(bobChannel?.link.isOpen).toBe(true);
		// The surviving channel carries frames both ways.
		alice.connections.send(bob.identity.peerId, { t: 'profile', name: 'A' });
		bob.connections.send(alice.identity.peerId, { t: 'profile', name: 'B' });
		await eventually(() => alice.frames.length + bob.frames.length, (n) => n === 2);
	});

	it('lets a later reconnect replace the old channel and closes the old link without reporting the peer down', async () => {
		const { alice, bob } = await pair();
		alice.connections.ensure(bob.identity.peerId);
		const first = await readyWith(alice, bob);
		await readyWith(bob, alice);
		alice.clock.ms += 6_000;
		bob.clock.ms += 6_000;
		// Bob dials again (as after a network change he noticed first): the newer link wins.
		const bobFirst = bob.connections.channel(alice.identity.peerId);
		bob.connections.disconnect(alice.identity.peerId);
		await eventually(() => alice.connections.channel(bob.identity.peerId), (c) => c === undefined);
		expect(alice.events).toContain('down');
		expect(bobFirst?.link.isOpen).toBe(false);
		expect(first?.link.isOpen).toBe(false);
		bob.connections.ensure(alice.identity.peerId);
		const second = await eventually(() => alice.connections.channel(bob.identity.peerId), Boolean);
		expect(second?.link.outbound).toBe(false);
		expect(second?.readyAt).toBe(alice.clock.ms);
	});

	it('replaces a channel with a newer one that arrives while the old link still looks alive', async () => {
		const { network, alice, bob } = await pair();
		alice.connections.ensure(bob.identity.peerId);
		const first = await readyWith(alice, bob);
		alice.clock.ms += 6_000;
		// Bob reloaded and dials again, well after the first channel came up: not a simultaneous dial.
		const reloaded = await side(network, { identity: bob.identity });
		reloaded.connections.ensure(alice.identity.peerId);
		await eventually(() => alice.connections.channel(bob.identity.peerId) !== first, Boolean);
		expect(first?.link.isOpen).toBe(false);
		expect(alice.connections.channel(bob.identity.peerId)?.link.outbound).toBe(false);
		expect(alice.events.filter((e) => e === 'ready')).toHaveLength(2);
		expect(alice.events).not.toContain('down');
	});

	it('gives up a handshake that never completes after HANDSHAKE_TIMEOUT_MS', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const network = new FakeNetwork();
		const alice = await side(network);
		// A transport that accepts the channel but never speaks the protocol on it.
		const mute = network.createTransport();
		const muteId = createIdentity(await loadSodium()).peerId;
		mute.start(muteId);
		alice.connections.ensure(muteId);
		await until(() => alice.events.length > 0);
		vi.advanceTimersByTime(HANDSHAKE_TIMEOUT_MS - 1);
		expect(alice.connections.isDialing(muteId)).toBe(true);
		vi.advanceTimersByTime(1);
		expect(alice.connections.isDialing(muteId)).toBe(false);
		expect(alice.connections.peers()).toEqual([]);
		expect(alice.events).toContain('handshakeEnded');
		expect(alice.events).not.toContain('down');
	});

	it('does not cut a channel that became ready before the handshake timeout', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const { alice, bob } = await pair();
		alice.connections.ensure(bob.identity.peerId);
		await until(() => alice.connections.channel(bob.identity.peerId) !== undefined);
		vi.advanceTimersByTime(HANDSHAKE_TIMEOUT_MS * 2);
		expect(alice.connections.channel(bob.identity.peerId)?.link.isOpen).toBe(true);
	});

	it('refuses a link from something that is not a peer id', async () => {
		const network = new FakeNetwork();
		const alice = await side(network);
		const impostor = network.createTransport();
		impostor.start('not-a-peer-id' as PeerId);
		const link = impostor.dial(alice.identity.peerId);
		await eventually(() => link.isOpen || alice.rejects.length > 0, Boolean);
		await settle();
		expect(alice.rejects).toContain('invalid');
		expect(alice.connections.peers()).toEqual([]);
		expect(link.isOpen).toBe(false);
	});

	it('counts handler refusals against strangers only, and cuts a stranger off after too many', async () => {
		let contact = true;
		const { alice, bob } = await pair({ isContact: () => contact });
		alice.connections.ensure(bob.identity.peerId);
		await readyWith(alice, bob);
		alice.connections.refused(bob.identity.peerId, MAX_REJECTED_FRAMES * 4);
		expect(alice.connections.channel(bob.identity.peerId)).toBeDefined();
		expect(alice.rejects).toEqual([]);
		contact = false;
		alice.connections.refused(bob.identity.peerId, MAX_REJECTED_FRAMES);
		expect(alice.connections.channel(bob.identity.peerId)).toBeDefined();
		alice.connections.refused(bob.identity.peerId, 1);
		expect(alice.rejects).toEqual(['penalized']);
		await eventually(() => alice.connections.channel(bob.identity.peerId), (c) => c === undefined);
		// During the cool-down neither side can bring the channel back.
		expect(alice.connections.ensure(bob.identity.peerId)).toBe(true);
		expect(alice.connections.isDialing(bob.identity.peerId)).toBe(false);
		bob.connections.ensure(alice.identity.peerId);
		await settle();
		expect(alice.connections.channel(bob.identity.peerId)).toBeUndefined();
		expect(alice.rejects.filter((r) => r === 'penalized').length).toBeGreaterThan(1);
	});

	it('closes every ready and half-open link on disconnectAll', async () => {
		const network = new FakeNetwork();
		const alice = await side(network);
		const bob = await side(network);
		const mute = network.createTransport();
		const muteId = createIdentity(await loadSodium()).peerId;
		mute.start(muteId);
		alice.connections.ensure(bob.identity.peerId);
		alice.connections.ensure(muteId);
		const channel = await readyWith(alice, bob);
		expect(alice.connections.isDialing(muteId)).toBe(true);
		alice.connections.disconnectAll();
		expect(channel?.link.isOpen).toBe(false);
		expect(alice.connections.peers()).toEqual([]);
	});

	it('pings every live channel on each beat and stops beating once stopped', async () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
		const { alice, bob } = await pair();
		alice.connections.start();
		alice.connections.start();
		alice.connections.ensure(bob.identity.peerId);
		const channel = await readyWith(alice, bob);
		await readyWith(bob, alice);
		const bobChannel = bob.connections.channel(alice.identity.peerId);
		const [aliceHeardAt, bobHeardAt] = [channel?.lastInbound, bobChannel?.lastInbound];
		alice.clock.ms += 500;
		bob.clock.ms += 500;
		vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
		// Bob hears the ping, and Alice hears his pong: both count the channel as alive again.
		await eventually(() => bobChannel?.lastInbound, (at) => at !== bobHeardAt);
		await eventually(() => channel?.lastInbound, (at) => at !== aliceHeardAt);
		alice.clock.ms += DEAD_AFTER_MS;
		vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
		expect(channel?.link.isOpen).toBe(true);
		alice.connections.stop();
		expect(channel?.link.isOpen).toBe(false);
		expect(vi.getTimerCount()).toBe(0);
	});
});
