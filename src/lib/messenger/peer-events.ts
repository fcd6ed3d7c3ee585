import { recordPeer } from '../db/queries';
import type { PeerId } from '../ids/peer-id';
import type { RejectReason } from '../protocol/reject';
import type { TransportState } from '../net/transport';
import type { VerifiedPeer } from '../session/peer-session';
import type { Emitter } from '../util/emitter';
import type { MessengerEvents, MessengerParts } from './messenger-parts';

/**
 * The session glue: what the messenger does when signalling comes and goes and when a peer's
 * channel opens, closes or fails (presence, profile, receipts, the outboxes, dialling).
 * Returns the unsubscribers.
 */
export function followPeers(parts: MessengerParts, events: Emitter<MessengerEvents>): (() => void)[] {
	const { connections, options } = parts;
	const channelEvents = connections.events;
	return [
		channelEvents.on('ready', (channel) => {
			// The session is authenticated: the link's file channel carries this peer's chunks (PROTOCOL §13c).
			parts.files.attach(channel.peer, channel.link, channel.session.peer?.fileChannel ?? 1);
			void onReady(parts, channel.peer, channel.session.peer);
		}),
		channelEvents.on('frame', (peer, frame) => parts.inbound.push(peer, frame)),
		channelEvents.on('down', (peer) => onDown(parts, peer)),
		options.db.changes.subscribe((changes) => parts.receipts.follow(changes)),
		channelEvents.on('failed', (peer, reason) => onFailed(parts, events, peer, reason)),
		options.transport.on('state', (state, detail) => onTransport(parts, events, state, detail)),
		options.transport.on('unreachable', (peer) => {
			parts.presence.set(peer as PeerId, 'offline');
			parts.reach.owe(peer as PeerId);
		})
	];
}

/** Our display name goes to contacts only: a stranger learns nothing about us but our key. */
export function sendProfile(parts: MessengerParts, peer: PeerId): void {
	if (parts.admission.isContact(peer)) parts.connections.send(peer, { t: 'profile', name: parts.options.displayName(), ...(parts.researchConsent ? { research: true } : {}) });
}

function onTransport(parts: MessengerParts, events: Emitter<MessengerEvents>, state: TransportState, detail?: string): void {
	if (state === 'online') {
		void parts.reach.dialOnConnect();
		void parts.groupWire.membersToDial().then((peers) => parts.reach.queueDials(peers));
	}
	events.emit('transport', state, detail);
}

async function onReady(parts: MessengerParts, peer: PeerId, verified: VerifiedPeer | null): Promise<void> {
	const { log, db } = parts.options;
	const publicKey = verified?.publicKey;
	parts.reach.reached(peer);
	if (publicKey) parts.inbound.context.verifiedKeys.set(peer, publicKey);
	parts.presence.set(peer, 'online');
	sendProfile(parts, peer);
	parts.receipts.report(peer).catch((error: unknown) => log.info('could not send read receipt', { peer, error: String(error).slice(0, 200) }));
	// The outbox goes first: bookkeeping about the peer must neither delay nor block delivery.
	await Promise.all([
		parts.outbox.flush(peer),
		parts.groupWire.onReady(peer).catch((error: unknown) => log.info('group summaries failed', { peer, error: String(error).slice(0, 200) })),
		recordPeer(db, peer, { publicKey, seenAt: parts.now(), ...(verified ? { fileCiphers: verified.fileCiphers } : {}) }).catch((error: unknown) => log.info('could not record peer', { peer, error: String(error).slice(0, 200) }))
	]);
}

function onDown(parts: MessengerParts, peer: PeerId): void {
	parts.files.detach(peer);
	parts.presence.set(peer, 'offline');
	parts.receipts.forget(peer);
	parts.reach.owe(peer);
	void recordPeer(parts.options.db, peer, { seenAt: parts.now() });
}

function onFailed(parts: MessengerParts, events: Emitter<MessengerEvents>, peer: string, reason: RejectReason): void {
	if (!parts.connections.channel(peer as PeerId)) {
		parts.presence.set(peer as PeerId, 'offline');
		if (reason !== 'wrong-key' && reason !== 'bad-signature' && reason !== 'blocked') parts.reach.owe(peer as PeerId);
	}
	if (reason === 'wrong-key' || reason === 'bad-signature') events.emit('warning', peer, reason);
}
