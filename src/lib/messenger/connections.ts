import type { Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import { parsePeerId, type PeerId } from '../ids/peer-id';
import type { AppFrame } from '../protocol/frames';
import type { ProtocolLog, RejectReason } from '../protocol/reject';
import { PeerSession } from '../session/peer-session';
import type { Link, Transport } from '../net/transport';
import { Emitter } from '../util/emitter';
import { InboundBudget, type BudgetLimits } from './inbound-budget';

/** Ping cadence and the silence after which a link counts as dead (target: detected in <= 10 s). */
export const HEARTBEAT_INTERVAL_MS = 3_000;
export const DEAD_AFTER_MS = 9_000;
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Two links that became ready within this window are a simultaneous dial, not a reconnect. */
const SIMULTANEOUS_MS = 5_000;

export interface Channel {
	readonly peer: PeerId;
	readonly link: Link;
	readonly session: PeerSession;
	readonly readyAt: number;
	lastInbound: number;
}

export type ConnectionEvents = {
	ready: [channel: Channel];
	frame: [peer: PeerId, frame: AppFrame];
	/** A frame went out on the peer's session. */
	sent: [peer: PeerId, frame: AppFrame];
	down: [peer: PeerId];
	failed: [peer: string, reason: RejectReason];
	dialing: [peer: PeerId];
	/** A handshake finished, one way or the other (ready, failed, timed out, closed); `outbound`: I dialled. */
	handshakeEnded: [peer: PeerId, outbound: boolean];
};

export interface ConnectionsOptions {
	sodium: Sodium;
	identity: Identity;
	transport: Transport;
	log: ProtocolLog;
	accepts: (peer: PeerId) => boolean;
	/** Contacts get the full inbound budget; everyone else the much smaller stranger budget. */
	isContact: (peer: PeerId) => boolean;
	now?: () => number;
	/** Per-peer inbound budgets; the defaults everywhere but in fuzz tests. */
	inboundLimits?: Readonly<BudgetLimits>;
}

/** Owns every link and its session: one authenticated channel per peer, kept alive by pings. */
export class Connections {
	readonly events = new Emitter<ConnectionEvents>();
	#channels = new Map<PeerId, Channel>();
	#handshaking = new Map<PeerId, Set<Link>>();
	#heartbeat: ReturnType<typeof setInterval> | null = null;
	#pingCounter = 0;
	#now: () => number;
	#budget: InboundBudget;

	constructor(private readonly options: ConnectionsOptions) {
		this.#now = options.now ?? Date.now;
		this.#budget = new InboundBudget(this.#now, options.inboundLimits);
		options.transport.on('link', (link) => this.#attach(link));
	}

	start(): void {
		this.#heartbeat ??= setInterval(() => this.#beat(), HEARTBEAT_INTERVAL_MS);
	}

	stop(): void {
		// Stryker disable next-line ConditionalExpression: clearInterval(null) does nothing, so the guard changes nothing observable.
		if (this.#heartbeat) clearInterval(this.#heartbeat);
		this.#heartbeat = null;
		this.disconnectAll();
	}

	disconnectAll(): void {
		for (const channel of [...this.#channels.values()]) channel.link.close();
		for (const links of [...this.#handshaking.values()]) for (const link of [...links]) link.close();
	}

	channel(peer: PeerId): Channel | undefined {
		return this.#channels.get(peer);
	}

	/** Peers with a ready channel or a handshake under way. */
	peers(): PeerId[] {
		return [...new Set([...this.#channels.keys(), ...this.#handshaking.keys()])];
	}

	isDialing(peer: PeerId): boolean {
		return (this.#handshaking.get(peer)?.size ?? 0) > 0;
	}

	/** Dials the peer unless a channel is up or a handshake is already under way. */
	/** False when signalling is down and nothing could be started. */
	ensure(peer: PeerId): boolean {
		if (peer === this.options.identity.peerId || !this.options.accepts(peer) || this.#budget.isPenalized(peer)) return true;
		if (this.#channels.has(peer) || this.isDialing(peer)) return true;
		if (this.options.transport.state !== 'online') return false;
		this.events.emit('dialing', peer);
		this.#attach(this.options.transport.dial(peer));
		return true;
	}

	send(peer: PeerId, frame: AppFrame): boolean {
		const sent = this.#channels.get(peer)?.session.send(frame) ?? false;
		if (sent) this.events.emit('sent', peer, frame);
		return sent;
	}

	/**
	 * Closes the peer's links and refuses its handshakes for PENALTY_MS (a flood or a run of
	 * rejected frames). Its unacked frames are resent by its outbox on the next connection.
	 */
	penalize(peer: PeerId, reason: RejectReason, detail: string): void {
		this.options.log.reject(reason, { peer, detail });
		this.#budget.penalize(peer);
		this.disconnect(peer);
	}

	/**
	 * Frames a handler refused (over quota, unknown target, ...) count as strikes for strangers
	 * only: a contact's refusals are the ordinary races of a conversation, a stranger's cost it.
	 */
	refused(peer: PeerId, count: number): void {
		if (this.options.isContact(peer)) return;
		for (let i = 0; i < count; i++) {
			if (!this.#budget.strike(peer, true)) continue;
			this.penalize(peer, 'penalized', 'too many refused frames from a stranger');
			return;
		}
	}

	/** Drops a peer's channel and handshakes at once (used when the user blocks them). */
	disconnect(peer: PeerId): void {
		this.#channels.get(peer)?.link.close();
		for (const link of [...(this.#handshaking.get(peer) ?? [])]) link.close();
	}

	#attach(link: Link): void {
		const peer = parsePeerId(link.peer);
		if (!peer || peer === this.options.identity.peerId) {
			this.options.log.reject('invalid', { peer: String(link.peer).slice(0, 40), detail: 'not a peer id' });
			link.close();
			return;
		}
		if (this.#budget.isPenalized(peer)) {
			this.options.log.reject('penalized', { peer, detail: 'link refused during cool-down' });
			link.close();
			return;
		}
		const pending = this.#handshaking.get(peer) ?? new Set<Link>();
		this.#handshaking.set(peer, pending);
		pending.add(link);
		const { sodium, identity, accepts } = this.options;
		const timeout = setTimeout(() => {
			// Stryker disable next-line ConditionalExpression: 'ready' and 'close' both clear this timer, so it never fires on a ready session.
			if (session.state !== 'ready') link.close();
		}, HANDSHAKE_TIMEOUT_MS);
		const session: PeerSession = new PeerSession({
			sodium,
			identity,
			expectedPeer: peer,
			link,
			log: this.#strikingLog(peer, (): boolean => session.state === 'ready'),
			accepts,
			hooks: {
				ready: () => {
					clearTimeout(timeout);
					this.#handshakeEnded(peer, pending, link);
					this.#promote({ peer, link, session, readyAt: this.#now(), lastInbound: this.#now() });
				},
				frame: (frame) => this.#onFrame(peer, frame),
				// The link charged the pack's wire message as one frame; each frame in it counts.
				packed: (count) => this.#admitPacked(peer, link, count - 1),
				failed: (reason) => this.events.emit('failed', peer, reason)
			}
		});
		link.on('open', () => session.start());
		link.on('data', (data) => {
			if (!this.#admit(peer, link, data)) return;
			const channel = this.#channels.get(peer);
			if (channel?.link === link) channel.lastInbound = this.#now();
			session.receive(data);
		});
		link.on('close', () => {
			clearTimeout(timeout);
			this.#handshakeEnded(peer, pending, link);
			if (this.#channels.get(peer)?.link === link) {
				this.#channels.delete(peer);
				this.events.emit('down', peer);
			}
		});
		if (link.isOpen) session.start();
	}

	/** An empty entry is dropped, so peers that came and went leave nothing behind. */
	#handshakeEnded(peer: PeerId, pending: Set<Link>, link: Link): void {
		if (!pending.delete(link)) return;
		if (pending.size === 0 && this.#handshaking.get(peer) === pending) this.#handshaking.delete(peer);
		this.events.emit('handshakeEnded', peer, link.outbound);
	}

	/** Charges the frame to the peer's budget; a peer over it loses its links for a cool-down. */
	#admit(peer: PeerId, link: Link, data: unknown): boolean {
		if (this.#budget.isPenalized(peer)) {
			link.close();
			return false;
		}
		const bytes = data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data.byteLength : 0;
		if (this.#budget.admit(peer, bytes, !this.options.isContact(peer))) return true;
		// No cool-down: the empty bucket itself refuses a quick reconnect, and an honest sender
		// that got here resends its unacked rows once the bucket has refilled.
		this.options.log.reject('rate-limited', { peer, detail: 'over the inbound frame or byte budget' });
		this.disconnect(peer);
		return false;
	}

	#admitPacked(peer: PeerId, link: Link, frames: number): boolean {
		if (this.#budget.admit(peer, 0, !this.options.isContact(peer), frames)) return true;
		this.options.log.reject('rate-limited', { peer, detail: 'a pack over the inbound frame budget' });
		this.disconnect(peer);
		link.close();
		return false;
	}

	/**
	 * Rejected frames count against a peer only once its session is authenticated: before that the
	 * id is merely claimed, and counting would let anyone get a victim's id penalized.
	 */
	#strikingLog(peer: PeerId, authenticated: () => boolean): ProtocolLog {
		const { log } = this.options;
		return {
			info: (event, fields) => log.info(event, fields),
			reject: (reason, fields) => {
				log.reject(reason, fields);
				if (authenticated() && this.#budget.strike(peer, !this.options.isContact(peer))) this.penalize(peer, 'penalized', 'too many rejected frames');
			}
		};
	}

	/**
	 * Keeps one channel per peer. A reconnect replaces the old link; for a simultaneous dial both
	 * ends keep the link dialled by the smaller peer id, so they agree without talking about it.
	 */
	#promote(candidate: Channel): void {
		const existing = this.#channels.get(candidate.peer);
		if (existing) {
			const simultaneous = candidate.readyAt - existing.readyAt < SIMULTANEOUS_MS && existing.link.outbound !== candidate.link.outbound;
			// Stryker disable next-line EqualityOperator: a link from our own id is refused in #attach, so the two ids are never equal.
			const preferOutbound = this.options.identity.peerId < candidate.peer;
			const keepExisting = simultaneous && existing.link.outbound === preferOutbound;
			const loser = keepExisting ? candidate : existing;
			if (keepExisting) {
				loser.link.close();
				return;
			}
			this.#channels.set(candidate.peer, candidate);
			loser.link.close();
		} else {
			this.#channels.set(candidate.peer, candidate);
		}
		this.events.emit('ready', candidate);
	}

	#onFrame(peer: PeerId, frame: AppFrame): void {
		if (frame.t === 'ping') {
			this.send(peer, { t: 'pong', n: frame.n });
			return;
		}
		if (frame.t === 'pong') return;
		this.events.emit('frame', peer, frame);
	}

	#beat(): void {
		const now = this.#now();
		for (const channel of [...this.#channels.values()]) {
			if (now - channel.lastInbound > DEAD_AFTER_MS) {
				this.options.log.info('link silent, closing', { peer: channel.peer });
				channel.link.close();
			} else {
				channel.session.send({ t: 'ping', n: ++this.#pingCounter });
			}
		}
	}
}
