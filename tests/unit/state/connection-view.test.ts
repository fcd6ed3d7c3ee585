import { describe, expect, it } from 'vitest';
import { connectionView, nextProblem, type ConnectionFacts } from '../../../src/lib/state/connection-view';

const base: ConnectionFacts = { invisible: false, otherTab: false, transport: 'connecting', problem: null, browserOnline: true };
const view = (facts: Partial<ConnectionFacts>) => connectionView({ ...base, ...facts });

describe('connection badge', () => {
	it('a first attempt is "connecting"; a failed one while the browser has a network is "server unreachable"', () => {
		expect(view({})).toBe('connecting');
		expect(view({ problem: 'network' })).toBe('unreachable');
		expect(view({ problem: 'server-error' })).toBe('unreachable');
	});

	it('no network at all reads differently from an unreachable server', () => {
		expect(view({ problem: 'network', browserOnline: false })).toBe('offline');
		expect(view({ transport: 'offline', browserOnline: false })).toBe('offline');
	});

	it('a working signalling connection wins over navigator.onLine, which is only a hint', () => {
		expect(view({ transport: 'online', browserOnline: false })).toBe('online');
	});

	it('leaving the page or being replaced by another session is not "unreachable"', () => {
		expect(view({ problem: 'leaving the page' })).toBe('connecting');
		expect(view({ problem: 'replaced', transport: 'offline' })).toBe('offline');
	});

	it('a browser without WebRTC says so, whatever else is true', () => {
		expect(view({ transport: 'offline', problem: 'no-webrtc', invisible: true, otherTab: true })).toBe('no-webrtc');
	});

	it('invisible and another tab outrank the transport', () => {
		expect(view({ invisible: true, transport: 'online' })).toBe('invisible');
		expect(view({ otherTab: true, transport: 'online' })).toBe('other-tab');
	});
});

describe('remembered problem', () => {
	it('is cleared by online, kept across detail-less events, replaced by a newer reason', () => {
		expect(nextProblem('network', 'online', undefined)).toBeNull();
		expect(nextProblem('network', 'connecting', undefined)).toBe('network');
		expect(nextProblem('network', 'connecting', 'socket-closed')).toBe('socket-closed');
		expect(nextProblem(null, 'connecting', undefined)).toBeNull();
	});

	it('"no WebRTC" is final: nothing the transport says later hides it', () => {
		expect(nextProblem('no-webrtc', 'connecting', 'network')).toBe('no-webrtc');
	});
});
