import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { FALLBACK_CONFIG, type ClientConfig } from '../../../src/lib/net/client-config';
import { silentLog } from '../../../src/lib/protocol/reject';

// A stand-in for PeerJS's Peer: just the signalling life cycle (open, disconnect, reconnect,
// destroy) and the internals the signalling guard wraps.
class FakePeer {
	static created: FakePeer[] = [];
	readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
	disconnected = false;
	destroyed = false;
	disconnects = 0;
	reconnects = 0;
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
	on(event: string, listener: (...args: unknown[]) => void): void {
		this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
	}
	emit(event: string, ...args: unknown[]): void {
		for (const listener of this.listeners.get(event) ?? []) listener(...args);
	}
	/** Like PeerJS: closes the socket itself, so no "Lost connection to server" follows. */
	disconnect(): void {
		if (this.disconnected) return;
		this.disconnected = true;
		this.disconnects += 1;
		this.emit('disconnected', this.id);
	}
	reconnect(): void {
		this.disconnected = false;
		this.reconnects += 1;
	}
	destroy(): void {
		this.disconnect();
		this.destroyed = true;
	}
}

vi.mock('peerjs', () => ({ Peer: FakePeer }));

const { LEAVE_GRACE_MS, NO_WEBRTC, PeerJsTransport, hasWebRtc } = await import('../../../src/lib/net/peerjs-transport');

const config: ClientConfig = FALLBACK_CONFIG;
const server = { host: '127.0.0.1', port: 8080, secure: false };

function onlineTransport() {
	let tokens = 0;
	const transport = new PeerJsTransport(config, server, () => `token-${++tokens}`, silentLog);
	const page = new EventTarget();
	transport.watchPage(page as Pick<Window, 'addEventListener'>);
	const states: [string, string | undefined][] = [];
	transport.on('state', (state, detail) => void states.push([state, detail]));
	transport.start('palice' as PeerId);
	const peer = FakePeer.created.at(-1)!;
	peer.emit('open', peer.id);
	return { transport, page, peer, states };
}

beforeEach(() => {
	vi.useFakeTimers();
	FakePeer.created = [];
	// Node has no WebRTC; the browsers these tests stand for do.
	vi.stubGlobal('RTCPeerConnection', class {});
});
afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('PeerJsTransport in a browser without WebRTC', () => {
	it('says so once and never dials the signalling server, instead of "Connecting…" for ever', () => {
		vi.stubGlobal('RTCPeerConnection', undefined);
		const transport = new PeerJsTransport(config, server, () => 'token', silentLog);
		const states: [string, string | undefined][] = [];
		transport.on('state', (state, detail) => void states.push([state, detail]));
		transport.start('palice' as PeerId);
		vi.advanceTimersByTime(120_000);
		expect(FakePeer.created).toHaveLength(0);
		expect(states).toEqual([['offline', NO_WEBRTC]]);
		expect(transport.state).toBe('offline');
	});

	it('stops retrying when PeerJS reports the browser incompatible (WebRTC present but unusable)', () => {
		const { peer, states } = onlineTransport();
		peer.emit('error', Object.assign(new Error('not supported'), { type: 'browser-incompatible' }));
		vi.advanceTimersByTime(120_000);
		expect(peer.destroyed).toBe(true);
		expect(FakePeer.created).toHaveLength(1);
		expect(states.at(-1)).toEqual(['offline', NO_WEBRTC]);
	});

	it('recognises WebRTC by its constructor', () => {
		expect(hasWebRtc({ RTCPeerConnection: class {} })).toBe(true);
		expect(hasWebRtc({})).toBe(false);
		expect(hasWebRtc({ RTCPeerConnection: {} })).toBe(false);
	});
});

describe('PeerJsTransport as its page leaves (Firefox drops WebSockets before pagehide)', () => {
	it('leaves the signalling server on beforeunload, before the browser can drop the socket', () => {
		const { transport, page, peer, states } = onlineTransport();
		expect(transport.state).toBe('online');
		page.dispatchEvent(new Event('beforeunload'));
		expect(peer.disconnects).toBe(1);
		expect(states.at(-1)).toEqual(['connecting', 'leaving the page']);
		// The usual backoff retry for a lost server is not scheduled on top.
		vi.advanceTimersByTime(LEAVE_GRACE_MS - 1);
		expect(peer.reconnects).toBe(0);
		expect(FakePeer.created).toHaveLength(1);
	});

	it('a page that stays after all (a download link) reconnects after the grace period, with a fresh token', () => {
		const { page, peer } = onlineTransport();
		const firstToken = peer.options.token;
		page.dispatchEvent(new Event('beforeunload'));
		vi.advanceTimersByTime(LEAVE_GRACE_MS);
		expect(peer.reconnects).toBe(1);
		expect(peer.options.token).not.toBe(firstToken);
		expect(FakePeer.created).toHaveLength(1);
	});

	it('a page that does go (pagehide stops the transport) never reconnects', () => {
		const { transport, page, peer } = onlineTransport();
		page.dispatchEvent(new Event('beforeunload'));
		transport.stop();
		vi.advanceTimersByTime(LEAVE_GRACE_MS * 10);
		expect(peer.destroyed).toBe(true);
		expect(peer.reconnects).toBe(0);
		expect(FakePeer.created).toHaveLength(1);
		expect(transport.state).toBe('offline');
	});
});
