import type { PeerId } from '../ids/peer-id';
import type { FileChannel } from './file-channel';
import type { RelayProblem } from './relay-watch';

/** Connection to the signalling server: whether we can be reached and can dial. */
export type TransportState = 'offline' | 'connecting' | 'online';

export type LinkEvents = {
	open: [];
	data: [data: unknown];
	close: [];
};

/** One data channel to one peer. `peer` is what signalling claims; the session verifies it. */
export interface Link {
	readonly peer: string;
	/** True when we dialled. */
	readonly outbound: boolean;
	readonly isOpen: boolean;
	send(bytes: Uint8Array): void;
	/**
	 * The file channel on SCTP stream `stream` beside this link (PROTOCOL §13c), created on the
	 * first call for that stream; both ends must ask for it, on the same stream, before it opens.
	 * Null before the link is open or after it closed.
	 */
	fileChannel(stream: number): FileChannel | null;
	close(): void;
	on<K extends keyof LinkEvents>(event: K, listener: (...args: LinkEvents[K]) => void): () => void;
}

export type TransportEvents = {
	state: [state: TransportState, detail?: string];
	link: [link: Link];
	/** A dial gave up: the server said the peer is not there, or nothing answered in time. */
	unreachable: [peer: string];
	/** Relay-only calls cannot connect, and why; null once they can again (relay-watch.ts). */
	relay: [problem: RelayProblem | null];
};

/**
 * How to treat an incoming connection attempt, decided before anything is answered:
 * 'contact' may connect normally; 'stranger' may connect without learning our host addresses
 * (relay-only ICE where a TURN server exists); 'refuse' gets no answer at all.
 */
export type Admission = 'contact' | 'stranger' | 'refuse';

/** The only door to the network. PeerJS implements it in the browser; tests use FakeNetwork. */
export interface Transport {
	readonly state: TransportState;
	start(self: PeerId): void;
	stop(): void;
	/** The network may be back (an `online` event, a wake-up): retry signalling now, not after backoff. */
	reconnectNow(): void;
	dial(peer: PeerId): Link;
	/** Consulted for every incoming connection attempt, before any answer or candidate leaves. */
	setAdmission(decide: (peer: string) => Admission): void;
	on<K extends keyof TransportEvents>(event: K, listener: (...args: TransportEvents[K]) => void): () => void;
	/** Every connection relay-only (`iceTransportPolicy: 'relay'`): peers never learn our IP address. */
	setRelayOnly?(relayOnly: boolean): void;
	/** Counts about signalling bookkeeping, for tests and diagnostics; never ids or payloads. */
	stats?(): Readonly<Record<string, number>>;
}
