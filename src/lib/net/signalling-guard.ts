import type { InboundLimits } from './inbound-limits';
import { followUpRefusal, isConnectionId, offerRefusal, payloadOf } from './offer-check';
import { NOT_ADMITTED } from './signalling-stats';
import type { Admission } from './transport';

/**
 * The admission decision at the signalling level. PeerJS answers a relayed OFFER on its own:
 * `Peer._handleMessage` builds an RTCPeerConnection, and the negotiator sends an ANSWER and
 * our ICE candidates (our IP addresses) before the app is told about the connection at all.
 * So every server message goes through this filter first: it replaces `_handleMessage` on
 * the one Peer instance (peerjs 1.5.5 calls it from its socket's "message" listener as
 * `this._handleMessage(data)`, so an own property takes precedence over the prototype's).
 *
 * - OFFER: dropped unless it has our own shape (offer-check.ts), the id is admitted, and the
 *   inbound limits have room. A stranger is answered with relay-only ICE when a TURN server is
 *   configured, so it learns the relay's address, never ours.
 * - ANSWER / CANDIDATE: dropped unless they belong to a connection that exists. PeerJS would
 *   store them for a connection that may come later (`_lostMessages`), unbounded and forever.
 * - Everything else (OPEN, ERROR, ID-TAKEN, EXPIRE, LEAVE, ...) is the server's and passes.
 */

export interface ServerMessage {
	type?: unknown;
	src?: unknown;
	payload?: unknown;
}

/** The parts of a PeerJS Peer this module touches; checked at install time. */
export interface SignallingPeer {
	_handleMessage(message: ServerMessage): void;
	_storeMessage(connectionId: string, message: ServerMessage): void;
	readonly options: { config?: RTCConfiguration };
	getConnection(peer: string, connectionId: string): object | null;
}

export interface SignallingPolicy {
	admission(peer: string): Admission;
	readonly limits: InboundLimits;
	/** A TURN server is configured, so strangers can be answered with relay candidates only. */
	readonly relayForStrangers: boolean;
	/** Every connection relay-only, whoever it is from (the user hides their IP address). */
	readonly relayAll?: boolean;
	/** Runs just before an admitted OFFER is answered, e.g. to put fresh TURN credentials in place. */
	prepare?(): void;
	dropped(reason: string, peer: string): void;
}

/** Why an OFFER went unanswered while relay-only is on and no relay is available. */
export const RELAY_ONLY_WITHOUT_RELAY = 'relay-only without a relay';

export function hasTurnServer(iceServers: readonly { urls: string | string[] }[]): boolean {
	return iceServers.some((server) => [server.urls].flat().some((url) => /^turns?:/i.test(url)));
}

export function guardSignalling(peer: SignallingPeer, policy: SignallingPolicy): void {
	if (typeof peer._handleMessage !== 'function' || typeof peer._storeMessage !== 'function') {
		// A PeerJS upgrade renamed its internals: refusing to run beats answering everyone.
		throw new Error('peerjs internals changed: signalling guard cannot be installed');
	}
	const handle = peer._handleMessage.bind(peer);
	// Unreachable once follow-ups are filtered below; kept as a no-op so nothing can pile up.
	peer._storeMessage = () => {};
	peer._handleMessage = (message: ServerMessage) => {
		const refusal = refusalOf(peer, message);
		if (refusal) {
			policy.dropped(refusal, typeof message.src === 'string' ? message.src.slice(0, 40) : '?');
			return;
		}
		if (message.type !== 'OFFER') {
			handle(message);
			return;
		}
		const admission = policy.admission(message.src as string);
		if (admission === 'refuse') policy.dropped(NOT_ADMITTED, (message.src as string).slice(0, 40));
		else admitOffer(peer, policy, message, admission, handle);
	};
}

function refusalOf(peer: SignallingPeer, message: ServerMessage): string | null {
	const { type, src } = message;
	if (type !== 'OFFER' && type !== 'ANSWER' && type !== 'CANDIDATE') return null;
	const payload = typeof message === 'object' && message !== null ? payloadOf(message as Record<string, unknown>) : null;
	if (typeof src !== 'string' || !payload) return 'no sender or payload';
	if (type === 'OFFER') return offerRefusal(payload);
	if (!isConnectionId(payload.connectionId) || !peer.getConnection(src, payload.connectionId)) return `${type.toLowerCase()} for unknown connection`;
	return followUpRefusal(type, payload);
}

function admitOffer(
	peer: SignallingPeer,
	policy: SignallingPolicy,
	message: ServerMessage,
	kind: 'contact' | 'stranger',
	handle: (message: ServerMessage) => void
): void {
	const src = message.src as string;
	const connectionId = (message.payload as { connectionId: string }).connectionId;
	if (peer.getConnection(src, connectionId)) {
		policy.dropped('offer for an existing connection', src.slice(0, 40));
		return;
	}
	if (policy.relayAll === true && !policy.relayForStrangers) {
		// Relay-only without a relay: an answer could only be a connection that never opens.
		policy.dropped(RELAY_ONLY_WITHOUT_RELAY, src.slice(0, 40));
		return;
	}
	const verdict = policy.limits.admit(src, kind, connectionId);
	if (!verdict.ok) {
		policy.dropped(verdict.reason, src.slice(0, 40));
		return;
	}
	policy.prepare?.();
	try {
		withIcePolicy(peer, policy.relayAll === true || (kind === 'stranger' && policy.relayForStrangers), () => handle(message));
	} finally {
		// No connection came of it (PeerJS refused it): release the slot at once.
		if (!peer.getConnection(src, connectionId)) policy.limits.closed(connectionId);
	}
}

/**
 * Runs `create` with relay-only ICE when `relayOnly`. PeerJS builds the RTCPeerConnection
 * synchronously from `options.config` (when answering an OFFER and in `connect()`), so
 * swapping the config for this one call gives just that connection the relay policy.
 */
export function withIcePolicy<T>(peer: Pick<SignallingPeer, 'options'>, relayOnly: boolean, create: () => T): T {
	const options = peer.options;
	const shared = options.config;
	if (relayOnly) options.config = { ...shared, iceTransportPolicy: 'relay' };
	try {
		return create();
	} finally {
		options.config = shared;
	}
}
