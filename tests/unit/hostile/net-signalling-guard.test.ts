import { describe, expect, it } from 'vitest';
import { InboundLimits, MAX_PENDING_PER_PEER, MAX_PENDING_TOTAL, MAX_STRANGER_LINKS, STRANGER_BURST } from '../../../src/lib/net/inbound-limits';
import { guardSignalling, hasTurnServer, RELAY_ONLY_WITHOUT_RELAY, type ServerMessage, type SignallingPeer } from '../../../src/lib/net/signalling-guard';
import type { Admission } from '../../../src/lib/net/transport';

// A stand-in for a PeerJS Peer with the same internals the guard wraps: its message handler
// answers every OFFER it is given (records it, with the ICE config in force at that moment),
// and parks follow-ups for unknown connections the way peerjs 1.5.5 does.
class FakePeerJs implements SignallingPeer {
	readonly options: { config?: RTCConfiguration } = { config: { iceServers: [] } };
	readonly answered: { src: string; connectionId: string; config: RTCConfiguration | undefined }[] = [];
	readonly handed: ServerMessage[] = [];
	readonly connections = new Map<string, { closed: boolean }>();
	readonly lost: ServerMessage[] = [];

	_handleMessage(message: ServerMessage): void {
		this.handed.push(message);
		const payload = message.payload as { connectionId?: string } | undefined;
		if (message.type === 'OFFER' && payload?.connectionId) {
			this.answered.push({ src: String(message.src), connectionId: payload.connectionId, config: this.options.config });
			this.connections.set(`${String(message.src)}/${payload.connectionId}`, { closed: false });
		} else if ((message.type === 'CANDIDATE' || message.type === 'ANSWER') && payload?.connectionId) {
			if (!this.getConnection(String(message.src), payload.connectionId)) this._storeMessage(payload.connectionId, message);
		}
	}

	_storeMessage(_connectionId: string, message: ServerMessage): void {
		this.lost.push(message);
	}

	getConnection(peer: string, connectionId: string): object | null {
		return this.connections.get(`${peer}/${connectionId}`) ?? null;
	}
}

let counter = 0;
function offer(src: string, overrides: Record<string, unknown> = {}): ServerMessage {
	counter += 1;
	return {
		type: 'OFFER',
		src,
		payload: {
			type: 'data',
			serialization: 'raw',
			reliable: true,
			connectionId: `dc_${counter.toString(36)}`,
			sdp: { type: 'offer', sdp: 'v=0\r\n' },
			...overrides
		}
	};
}

function guarded(admission: (peer: string) => Admission, options: { turn?: boolean; relayAll?: boolean; now?: () => number } = {}) {
	const peer = new FakePeerJs();
	const limits = new InboundLimits(options.now);
	const drops: string[] = [];
	let prepared = 0;
	guardSignalling(peer, {
		admission,
		limits,
		relayForStrangers: options.turn ?? false,
		relayAll: options.relayAll ?? false,
		prepare: () => void (prepared += 1),
		dropped: (reason) => void drops.push(reason)
	});
	return { peer, limits, drops, prepared: () => prepared };
}

const roles: Record<string, Admission> = { friend: 'contact', enemy: 'refuse', someone: 'stranger' };
const byRole = (peer: string): Admission => roles[peer.replace(/\d+$/, '')] ?? 'stranger';

describe('signalling admission (finding 1)', () => {
	it('never lets PeerJS answer an OFFER from a refused id (blocked, or a stranger when reach is contacts)', () => {
		const { peer, drops } = guarded(byRole);
		peer._handleMessage(offer('enemy'));
		peer._handleMessage(offer('friend'));
		expect(peer.answered.map((a) => a.src)).toEqual(['friend']);
		expect(drops).toEqual(['not admitted']);
	});

	it('answers a stranger with relay-only ICE when a TURN server is configured, and only that stranger', () => {
		const { peer } = guarded(byRole, { turn: true });
		peer._handleMessage(offer('someone'));
		peer._handleMessage(offer('friend'));
		expect(peer.answered[0]?.config?.iceTransportPolicy).toBe('relay');
		expect(peer.answered[1]?.config?.iceTransportPolicy).toBeUndefined();
		expect(peer.options.config?.iceTransportPolicy).toBeUndefined();
	});

	it('answers a stranger normally when no TURN server exists (documented: they then see our addresses)', () => {
		const { peer } = guarded(byRole, { turn: false });
		peer._handleMessage(offer('someone'));
		expect(peer.answered[0]?.config?.iceTransportPolicy).toBeUndefined();
	});

	it('answers contacts relay-only too when the user hides their IP address, with fresh ICE servers', () => {
		const { peer, prepared } = guarded(byRole, { turn: true, relayAll: true });
		peer._handleMessage(offer('friend'));
		peer._handleMessage(offer('someone'));
		expect(peer.answered.map((a) => a.config?.iceTransportPolicy)).toEqual(['relay', 'relay']);
		expect(peer.options.config?.iceTransportPolicy).toBeUndefined();
		expect(prepared()).toBe(2);
	});

	it('leaves an OFFER unanswered, and takes no slot, when relay-only has no relay to use', () => {
		const { peer, drops, limits } = guarded(byRole, { turn: false, relayAll: true });
		peer._handleMessage(offer('friend'));
		expect(peer.answered).toEqual([]);
		expect(drops).toEqual([RELAY_ONLY_WITHOUT_RELAY]);
		expect(limits.counts().pending).toBe(0);
	});

	it('recognises TURN urls in the client config', () => {
		expect(hasTurnServer([{ urls: 'stun:stun.example.org' }])).toBe(false);
		expect(hasTurnServer([{ urls: ['stun:a.example', 'turns:b.example:443'] }])).toBe(true);
		expect(hasTurnServer([{ urls: 'TURN:c.example' }])).toBe(true);
	});
});

describe('offer shape (finding 10)', () => {
	it.each([
		['a serializer chosen by name', { serialization: 'constructor' }, 'serialization is not raw'],
		['a media call', { type: 'media' }, 'not a data offer'],
		['an unreliable channel', { reliable: false }, 'not reliable'],
		['a huge sdp', { sdp: { type: 'offer', sdp: 'x'.repeat(17 * 1024) } }, 'sdp too large'],
		['large metadata', { metadata: { blob: 'x'.repeat(1000) } }, 'metadata too large'],
		['a strange connection id', { connectionId: '__proto__' }, 'bad connection id'],
		['an answer posing as an offer', { sdp: { type: 'answer', sdp: 'v=0' } }, 'bad sdp']
	])('drops %s, even from a contact', (_name, overrides, reason) => {
		const { peer, drops } = guarded(() => 'contact');
		peer._handleMessage(offer('friend', overrides));
		expect(peer.handed).toEqual([]);
		expect(drops).toEqual([reason]);
	});
});

describe('stale signalling state (finding 2)', () => {
	it('drops candidates and answers for connections that do not exist instead of keeping them', () => {
		const { peer, drops } = guarded(byRole);
		for (let i = 0; i < 200; i++) {
			peer._handleMessage({ type: 'CANDIDATE', src: `someone${i}`, payload: { connectionId: `dc_x${i}`, candidate: { candidate: 'x'.repeat(100) } } });
			peer._handleMessage({ type: 'ANSWER', src: `someone${i}`, payload: { connectionId: `dc_y${i}`, sdp: { type: 'answer', sdp: 'v=0' } } });
		}
		expect(peer.lost).toEqual([]);
		expect(peer.handed).toEqual([]);
		expect(drops).toHaveLength(400);
	});

	it('passes follow-ups for a live connection, and server messages untouched', () => {
		const { peer } = guarded(byRole);
		const first = offer('friend');
		peer._handleMessage(first);
		const { connectionId } = first.payload as { connectionId: string };
		peer._handleMessage({ type: 'CANDIDATE', src: 'friend', payload: { connectionId, candidate: { candidate: 'candidate:1' } } });
		peer._handleMessage({ type: 'OPEN' });
		peer._handleMessage({ type: 'EXPIRE', src: 'enemy' });
		expect(peer.handed.map((m) => m.type)).toEqual(['OFFER', 'CANDIDATE', 'OPEN', 'EXPIRE']);
	});

	it('leaves nothing for PeerJS to park, even if a follow-up slipped past the filter', () => {
		const { peer } = guarded(byRole);
		peer._storeMessage('dc_late', { type: 'CANDIDATE', src: 'someone', payload: { connectionId: 'dc_late' } });
		expect(peer.lost).toEqual([]);
	});

	it('refuses to install over a PeerJS whose internals were renamed', () => {
		const broken = { options: {}, getConnection: () => null } as unknown as SignallingPeer;
		expect(() => guardSignalling(broken, { admission: () => 'contact', limits: new InboundLimits(), relayForStrangers: false, dropped() {} })).toThrow(
			/internals changed/
		);
	});
});

describe('bounded inbound attempts (finding 2)', () => {
	it(`keeps at most ${MAX_PENDING_PER_PEER} half-open attempts per id`, () => {
		const { peer, drops } = guarded(byRole);
		for (let i = 0; i < 5; i++) peer._handleMessage(offer('friend'));
		expect(peer.answered).toHaveLength(MAX_PENDING_PER_PEER);
		expect(drops).toContain('too many attempts from this id');
	});

	it('answers a flood of 600 throwaway ids only within the stranger budget', () => {
		let now = 0;
		const { peer, limits } = guarded(byRole, { now: () => now });
		for (let i = 0; i < 600; i++) {
			peer._handleMessage(offer(`someone${i}`));
			now += 5;
		}
		expect(peer.answered.length).toBeLessThanOrEqual(Math.min(STRANGER_BURST + 2, MAX_STRANGER_LINKS));
		expect(limits.counts().strangers).toBeLessThanOrEqual(MAX_STRANGER_LINKS);
	});

	it('lets a contact in during a stranger flood, pushing out the oldest half-open stranger', () => {
		let now = 0;
		const limits = new InboundLimits(() => now);
		const closed: string[] = [];
		for (let i = 0; i < MAX_STRANGER_LINKS; i++) {
			now += 60_000;
			const id = `dc_s${i}`;
			expect(limits.admit(`someone${i}`, 'stranger', id).ok).toBe(true);
			limits.attach(id, () => closed.push(id));
		}
		for (let i = 0; limits.counts().pending < MAX_PENDING_TOTAL; i++) expect(limits.admit(`friend${i}`, 'contact', `dc_c${i}`).ok).toBe(true);
		expect(limits.admit('someone-late', 'stranger', 'dc_late')).toEqual({ ok: false, reason: 'too many stranger links' });
		expect(limits.admit('friend-late', 'contact', 'dc_fl').ok).toBe(true);
		expect(closed).toEqual(['dc_s0']);
	});

	it('refuses anyone once every half-open slot is held by contacts', () => {
		const limits = new InboundLimits();
		for (let i = 0; i < MAX_PENDING_TOTAL; i++) expect(limits.admit(`friend${i}`, 'contact', `dc_c${i}`).ok).toBe(true);
		expect(limits.admit('someone', 'stranger', 'dc_s')).toEqual({ ok: false, reason: 'too many attempts' });
		expect(limits.admit('friend-late', 'contact', 'dc_fl')).toEqual({ ok: false, reason: 'too many attempts' });
	});

	it('refuses a new stranger when the stranger budget is spent, then refills it over time', () => {
		let now = 0;
		const limits = new InboundLimits(() => now);
		let admitted = 0;
		for (let i = 0; i < STRANGER_BURST + 5; i++) {
			const id = `dc_${i}`;
			if (limits.admit(`someone${i}`, 'stranger', id).ok) admitted += 1;
			limits.closed(id);
		}
		expect(admitted).toBe(STRANGER_BURST);
		now += 10_000;
		expect(limits.admit('someone-later', 'stranger', 'dc_later').ok).toBe(true);
	});

	it('releases the slot when the attempt closes', () => {
		const { peer, limits } = guarded(byRole);
		const first = offer('friend');
		peer._handleMessage(first);
		expect(limits.counts().pending).toBe(1);
		limits.closed((first.payload as { connectionId: string }).connectionId);
		expect(limits.counts().pending).toBe(0);
	});
});
