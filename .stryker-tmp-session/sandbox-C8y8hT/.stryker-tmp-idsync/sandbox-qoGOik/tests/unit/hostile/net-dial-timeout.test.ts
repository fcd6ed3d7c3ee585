// @ts-nocheck
// 
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DataConnection } from 'peerjs';
import { DIAL_TIMEOUT_MS, PeerJsLink } from '../../../src/lib/net/peerjs-link';

// The PeerServer no longer answers "offline" for an id (a presence oracle), so a dial to an
// offline peer is only ever learnt by its timeout: that must be reported as unreachable.
class SilentConnection {
	readonly listeners = new Map<string, (() => void)[]>();
	closed = 0;
	connectionId = 'dc_test';
	on(event: string, listener: () => void): void {
		this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
	}
	emit(event: string): void {
		for (const listener of this.listeners.get(event) ?? []) listener();
	}
	close(): void {
		this.closed += 1;
	}
}

afterEach(() => void vi.useRealTimers());

describe('dial timeout', () => {
	it('gives up on a dial that never opens, closes its connection and reports the peer unreachable', () => {
		vi.useFakeTimers();
		const connection = new SilentConnection();
		const gaveUp = vi.fn();
		const link = new PeerJsLink(connection as unknown as DataConnection, 'pbob', true, gaveUp);
		let closedEvents = 0;
		link.on('close', () => (closedEvents += 1));
		vi.advanceTimersByTime(DIAL_TIMEOUT_MS - 1);
		expect(gaveUp).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(gaveUp).toHaveBeenCalledOnce();
		expect(connection.closed).toBe(1);
		expect(closedEvents).toBe(1);
	});

	it('reports nothing for a dial that opened, or that was closed on purpose', () => {
		vi.useFakeTimers();
		const opened = new SilentConnection();
		const openedGaveUp = vi.fn();
		new PeerJsLink(opened as unknown as DataConnection, 'pbob', true, openedGaveUp);
		opened.emit('open');
		const dropped = new SilentConnection();
		const droppedGaveUp = vi.fn();
		new PeerJsLink(dropped as unknown as DataConnection, 'pcarol', true, droppedGaveUp).close();
		vi.advanceTimersByTime(DIAL_TIMEOUT_MS * 2);
		expect(openedGaveUp).not.toHaveBeenCalled();
		expect(droppedGaveUp).not.toHaveBeenCalled();
	});

	it('is shorter than the handshake timeout, so an unopened dial is reported as unreachable first', async () => {
		const { HANDSHAKE_TIMEOUT_MS } = await import('../../../src/lib/messenger/connections');
		expect(DIAL_TIMEOUT_MS).toBeLessThan(HANDSHAKE_TIMEOUT_MS);
	});
});
