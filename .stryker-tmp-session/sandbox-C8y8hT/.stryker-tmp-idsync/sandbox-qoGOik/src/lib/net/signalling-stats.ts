// @ts-nocheck
// 
import type { ProtocolLog } from '../protocol/reject';

/** Per reason, at most this many drops are logged one by one in a window; a flood is summed up. */
const LOG_PER_WINDOW = 10;
const LOG_WINDOW_MS = 10_000;

/**
 * Counts dropped signalling messages by reason and logs the reason and sender id, never
 * payloads. A refused OFFER is logged as the rejection 'blocked' (docs/PROTOCOL.md §8), the
 * same reason the handshake gives, so a refusal reads the same at either level.
 */
export class DropLog {
	readonly #windows = new Map<string, { start: number; logged: number; suppressed: number }>();
	total = 0;

	constructor(
		private readonly log: ProtocolLog,
		private readonly now: () => number = Date.now
	) {}

	add(reason: string, peer: string): void {
		this.total += 1;
		const now = this.now();
		let window = this.#windows.get(reason);
		if (!window || now - window.start > LOG_WINDOW_MS) {
			if (window?.suppressed) this.log.info('signalling dropped (summary)', { reason, suppressed: window.suppressed });
			window = { start: now, logged: 0, suppressed: 0 };
			this.#windows.set(reason, window);
		}
		if (window.logged >= LOG_PER_WINDOW) {
			window.suppressed += 1;
			return;
		}
		window.logged += 1;
		if (reason === NOT_ADMITTED) this.log.reject('blocked', { peer, detail: 'offer refused at signalling' });
		else this.log.info('signalling dropped', { reason, peer });
	}
}

export const NOT_ADMITTED = 'not admitted';

/** What tests and diagnostics may read about PeerJS's bookkeeping: counts only. */
export type SignallingStats = {
	/** DataConnections PeerJS holds, in either direction. */
	connections: number;
	/** RTCPeerConnections among them that are not closed. */
	peerConnections: number;
	/** Messages PeerJS parked for connections it does not have (should stay 0). */
	lostMessages: number;
	/** Half-open inbound attempts, and live stranger links, as the inbound limits see them. */
	pending: number;
	strangers: number;
	dropped: number;
	/** 1 while registered with the signalling server. */
	online: number;
	/** Peer objects built since start: more than one without a server outage means a reset. */
	peersCreated: number;
};

interface PeerInternals {
	_connections?: Map<string, { peerConnection?: RTCPeerConnection | null }[]>;
	_lostMessages?: Map<string, unknown[]>;
}

export function signallingStats(peer: object | null, own: Omit<SignallingStats, 'connections' | 'peerConnections' | 'lostMessages'>): SignallingStats {
	const internals = (peer ?? {}) as PeerInternals;
	const connections = [...(internals._connections?.values() ?? [])].flat();
	const live = connections.filter((c) => c.peerConnection && c.peerConnection.connectionState !== 'closed');
	let lostMessages = 0;
	for (const messages of internals._lostMessages?.values() ?? []) lostMessages += messages.length;
	return { connections: connections.length, peerConnections: live.length, lostMessages, ...own };
}
