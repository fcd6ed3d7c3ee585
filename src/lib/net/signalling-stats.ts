import type { ProtocolLog } from '../protocol/reject';

/** The first drops of each kind are logged one by one, then only every this many (a flood). */
const LOG_EACH_FIRST = 10;
const LOG_EVERY = 100;

/** Counts dropped signalling messages by reason; logs the reason and sender id, never payloads. */
export class DropLog {
	readonly #byReason = new Map<string, number>();
	total = 0;

	constructor(private readonly log: ProtocolLog) {}

	add(reason: string, peer: string): void {
		const count = (this.#byReason.get(reason) ?? 0) + 1;
		this.#byReason.set(reason, count);
		this.total += 1;
		if (count <= LOG_EACH_FIRST || count % LOG_EVERY === 0) this.log.info('signalling dropped', { reason, peer, count });
	}
}

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
