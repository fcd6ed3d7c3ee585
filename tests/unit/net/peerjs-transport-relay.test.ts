import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { FALLBACK_CONFIG, type ClientConfig } from '../../../src/lib/net/client-config';
import type { RelayProblem } from '../../../src/lib/net/relay-watch';
import { TurnCredentials } from '../../../src/lib/net/turn-credentials';
import { silentLog } from '../../../src/lib/protocol/reject';

// A stand-in for PeerJS's Peer: records the ICE config in force at each connect().
class FakePeer {
	static created: FakePeer[] = [];
	readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
	readonly dialled: { peer: string; config: RTCConfiguration | undefined }[] = [];
	disconnected = false;
	destroyed = false;
	constructor(
		readonly id: string,
		readonly options: { token?: string; config?: RTCConfiguration }
	) {
		FakePeer.created.push(this);
	}
	_handleMessage(): void {}
	_storeMessage(): void {}
	getConnection(): null {
		return null;
	}
	connect(peer: string) {
		this.dialled.push({ peer, config: this.options.config });
		return { on() {}, close() {}, connectionId: 'dc_1', peerConnection: null };
	}
	on(event: string, listener: (...args: unknown[]) => void): void {
		this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
	}
	emit(event: string, ...args: unknown[]): void {
		for (const listener of this.listeners.get(event) ?? []) listener(...args);
	}
	disconnect(): void {
		this.disconnected = true;
	}
	reconnect(): void {
		this.disconnected = false;
	}
	destroy(): void {
		this.destroyed = true;
		this.disconnected = true;
	}
}

vi.mock('peerjs', () => ({ Peer: FakePeer }));

const { PeerJsTransport } = await import('../../../src/lib/net/peerjs-transport');

const server = { host: '127.0.0.1', port: 8080, secure: false };
const STUN = { urls: 'stun:127.0.0.1:3478' };
const config: ClientConfig = { ...FALLBACK_CONFIG, iceServers: [STUN] };
const withTurn: ClientConfig = { ...config, turn: { path: '/turn-credentials' } };
const CREDENTIALS = { urls: ['turn:127.0.0.1:3478'], username: '1700003600:abc', credential: 'c2VjcmV0', ttl: 600 };

/** A credentials endpoint answering `answers` in turn (the last one for ever after). */
function turnSource(...answers: (object | number)[]) {
	let calls = 0;
	const fetcher = (async () => {
		const answer = answers[Math.min(calls, answers.length - 1)];
		calls += 1;
		const body = typeof answer === 'number' ? answer : { ...answer, username: `1700003600:n${calls}` };
		return typeof body === 'number' ? new Response('', { status: body }) : new Response(JSON.stringify(body));
	}) as typeof fetch;
	return { turn: new TurnCredentials('/turn-credentials', { fetcher, log: () => {} }), calls: () => calls };
}

function started(clientConfig: ClientConfig, relay: { turn?: TurnCredentials; relayOnly?: boolean }) {
	const transport = new PeerJsTransport(clientConfig, server, () => 'token', silentLog, relay);
	const problems: (RelayProblem | null)[] = [];
	const unreachable: string[] = [];
	transport.on('relay', (problem) => void problems.push(problem));
	transport.on('unreachable', (peer) => void unreachable.push(peer));
	transport.start('palice' as PeerId);
	return { transport, problems, unreachable };
}

async function online(): Promise<FakePeer> {
	await vi.waitFor(() => expect(FakePeer.created.length).toBeGreaterThan(0));
	const peer = FakePeer.created.at(-1)!;
	peer.emit('open', peer.id);
	return peer;
}

const turnIn = (config: RTCConfiguration | undefined) => (config?.iceServers ?? []).filter((server) => String(server.urls).startsWith('turn'));

beforeEach(() => {
	FakePeer.created = [];
	vi.stubGlobal('RTCPeerConnection', class {});
});
afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('PeerJsTransport with short-lived TURN credentials', () => {
	it('fetches credentials before registering, so the first call already has the relay', async () => {
		const { turn, calls } = turnSource(CREDENTIALS);
		started(withTurn, { turn });
		expect(FakePeer.created).toHaveLength(0);
		const peer = await online();
		expect(calls()).toBe(1);
		expect(peer.options.config?.iceServers).toEqual([STUN, { urls: CREDENTIALS.urls, username: '1700003600:n1', credential: CREDENTIALS.credential }]);
	});

	it('renews them at half their lifetime, and dials with the new ones', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const { turn, calls } = turnSource(CREDENTIALS);
		const { transport } = started(withTurn, { turn });
		await vi.advanceTimersByTimeAsync(0);
		const peer = FakePeer.created[0]!;
		peer.emit('open', peer.id);
		await vi.advanceTimersByTimeAsync(299_000);
		expect(calls()).toBe(1);
		await vi.advanceTimersByTimeAsync(1_000);
		expect(calls()).toBe(2);
		transport.dial('pbob' as PeerId);
		expect(turnIn(peer.dialled[0]?.config)).toEqual([expect.objectContaining({ username: '1700003600:n2' })]);
	});

	it('still registers when the server refuses credentials: chats can connect directly', async () => {
		const { turn } = turnSource(403);
		const { problems } = started(withTurn, { turn });
		const peer = await online();
		expect(turnIn(peer.options.config)).toEqual([]);
		expect(problems).toEqual([]);
	});

	it('stops renewing once stopped', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const { turn, calls } = turnSource(CREDENTIALS);
		const { transport } = started(withTurn, { turn });
		await vi.advanceTimersByTimeAsync(0);
		transport.stop();
		await vi.advanceTimersByTimeAsync(3_600_000);
		expect(calls()).toBe(1);
	});
});

describe('PeerJsTransport with "Hide my IP address" (relay-only)', () => {
	it('dials contacts relay-only through the TURN server', async () => {
		const { turn } = turnSource(CREDENTIALS);
		const { transport, problems } = started(withTurn, { turn, relayOnly: true });
		const peer = await online();
		transport.setAdmission(() => 'contact');
		transport.dial('pbob' as PeerId);
		expect(peer.dialled[0]?.config?.iceTransportPolicy).toBe('relay');
		expect(turnIn(peer.dialled[0]?.config)).toHaveLength(1);
		expect(problems).toEqual([]);
	});

	it('dials contacts directly when it is off', async () => {
		const { turn } = turnSource(CREDENTIALS);
		const { transport } = started(withTurn, { turn });
		const peer = await online();
		transport.setAdmission(() => 'contact');
		transport.dial('pbob' as PeerId);
		expect(peer.dialled[0]?.config?.iceTransportPolicy).toBeUndefined();
	});

	it('says at once that the server has no relay, instead of dialling into a timeout', async () => {
		const { transport, problems, unreachable } = started(config, { relayOnly: true });
		const peer = await online();
		expect(problems).toEqual(['no-turn']);
		const link = transport.dial('pbob' as PeerId);
		await vi.waitFor(() => expect(unreachable).toEqual(['pbob']));
		expect(link.isOpen).toBe(false);
		expect(peer.dialled).toEqual([]);
		expect(transport.relayProblem).toBe('no-turn');
	});

	it('says the server gave no credentials when it refused them', async () => {
		const { turn } = turnSource(403);
		const { transport, problems } = started(withTurn, { turn, relayOnly: true });
		const peer = await online();
		expect(problems).toEqual(['credentials']);
		transport.dial('pbob' as PeerId);
		expect(peer.dialled).toEqual([]);
	});

	it('clears the problem when the switch goes off, and reports it again when it goes on', async () => {
		const { transport, problems } = started(config, {});
		await online();
		transport.setRelayOnly(true);
		transport.setRelayOnly(false);
		transport.setRelayOnly(true);
		expect(problems).toEqual(['no-turn', null, 'no-turn']);
		expect(transport.relayOnly).toBe(true);
	});
});
