import { Peer, type DataConnection, type PeerError } from 'peerjs';
import type { PeerId } from '../ids/peer-id';
import { consoleLog, type ProtocolLog } from '../protocol/reject';
import { Emitter } from '../util/emitter';
import { Backoff } from './backoff';
import type { ClientConfig } from './client-config';
import { InboundLimits } from './inbound-limits';
import { PeerJsLink } from './peerjs-link';
import { DropLog, signallingStats, type SignallingStats } from './signalling-stats';
import { guardSignalling, hasTurnServer, RELAY_ONLY_WITHOUT_RELAY, withIcePolicy, type SignallingPeer } from './signalling-guard';
import { watchRelay, type RelayProblem } from './relay-watch';
import type { TurnCredentials } from './turn-credentials';
import type { Admission, Link, Transport, TransportEvents, TransportState } from './transport';

/**
 * Errors about one connection, not about the server: a remote peer can cause them at will
 * (an OFFER with a broken SDP), so they must never make us drop the server and every link.
 */
const CONNECTION_ERRORS = new Set(['webrtc', 'negotiation-failed', 'connection-closed', 'not-open-yet', 'message-too-big']);
/** What the PeerServer says to a socket whose id was taken over by a newer registration. */
const REPLACED_MESSAGE = 'id registered by a newer session';
/**
 * Why the transport stopped for good in a browser that cannot make peer connections (WebRTC
 * missing, or turned off, e.g. Firefox's media.peerconnection.enabled): retrying cannot help.
 */
export const NO_WEBRTC = 'no-webrtc';

/** Whether this browser can open WebRTC data channels at all. */
export function hasWebRtc(scope: object = globalThis): boolean {
	return typeof (scope as { RTCPeerConnection?: unknown }).RTCPeerConnection === 'function';
}

/** A page still running this long after `beforeunload` did not go away after all: back online. */
export const LEAVE_GRACE_MS = 3_000;

export interface ServerLocation {
	host: string;
	port: number;
	secure: boolean;
}

/** Relay settings: where short-lived TURN credentials come from, and whether every call is relayed. */
export interface RelayOptions {
	readonly turn?: TurnCredentials | null;
	readonly relayOnly?: boolean;
}

type IceServerEntry = ClientConfig['iceServers'][number];

export function locationOf(url: URL): ServerLocation {
	const secure = url.protocol === 'https:';
	return { host: url.hostname, port: Number(url.port || (secure ? 443 : 80)), secure };
}

/** The only module that imports PeerJS. */
export class PeerJsTransport implements Transport {
	#state: TransportState = 'offline';
	#events = new Emitter<TransportEvents>();
	#peer: Peer | null = null;
	#self: PeerId | null = null;
	#retry: ReturnType<typeof setTimeout> | null = null;
	#backoff = new Backoff();
	#dials = new Map<string, Set<PeerJsLink>>();
	#admission: (peer: string) => Admission = () => 'stranger';
	#limits = new InboundLimits();
	#drops: DropLog;
	#peersCreated = 0;
	readonly #turn: TurnCredentials | null;
	#relayOnly: boolean;
	#relayProblem: RelayProblem | null = null;
	/** Bumped by stop() and each new start: a credential fetch that finishes late builds nothing. */
	#generation = 0;
	#turnTimer: ReturnType<typeof setTimeout> | null = null;
	/** Bumped by each peer build that waits for credentials: only the newest goes ahead. */
	#buildAttempt = 0;

	/**
	 * `registrationToken` proves to the PeerServer that we hold the key our id is derived from
	 * (a fresh signature for every registration attempt). It replaces PeerJS's default
	 * Math.random() token.
	 */
	constructor(
		private readonly config: ClientConfig,
		private readonly server: ServerLocation,
		private readonly registrationToken: () => string,
		log: ProtocolLog = consoleLog(),
		relay: RelayOptions = {}
	) {
		this.#drops = new DropLog(log);
		this.#turn = relay.turn ?? null;
		this.#relayOnly = relay.relayOnly ?? false;
	}

	get relayOnly(): boolean {
		return this.#relayOnly;
	}

	/** Why relay-only calls cannot connect now; null when they can (or relay-only is off). */
	get relayProblem(): RelayProblem | null {
		return this.#relayProblem;
	}

	setRelayOnly(relayOnly: boolean): void {
		this.#relayOnly = relayOnly;
		this.#checkRelay();
	}

	get state(): TransportState {
		return this.#state;
	}

	start(self: PeerId): void {
		this.#self = self;
		if (!this.#peer || this.#peer.destroyed) this.#createPeer();
	}

	stop(): void {
		this.#self = null;
		this.#generation += 1;
		if (this.#retry) clearTimeout(this.#retry);
		this.#retry = null;
		if (this.#turnTimer) clearTimeout(this.#turnTimer);
		this.#turnTimer = null;
		const peer = this.#peer;
		this.#peer = null;
		peer?.destroy();
		this.#setState('offline');
	}

	reconnectNow(): void {
		const peer = this.#peer;
		if (!this.#self || this.#state === 'online') return;
		if (this.#retry) clearTimeout(this.#retry);
		this.#retry = null;
		this.#backoff.reset();
		if (peer && !peer.destroyed && peer.disconnected) this.#reconnect(peer);
		else if (!peer || peer.destroyed) this.#createPeer();
	}

	dial(peer: PeerId): Link {
		const current = this.#peer;
		if (!current || current.disconnected) {
			const dead = new PeerJsLink(null, peer, true);
			queueMicrotask(() => dead.close());
			return dead;
		}
		const hasRelay = this.#applyIceServers(current);
		if (this.#relayOnly && !hasRelay) {
			// Relay-only without a relay can only time out: say why now instead.
			this.#checkRelay();
			const dead = new PeerJsLink(null, peer, true);
			queueMicrotask(() => {
				dead.close();
				this.#events.emit('unreachable', peer);
			});
			return dead;
		}
		// Dialling a stranger (replying to a request) hides our addresses from them too.
		const relayOnly = this.#relayOnly || (this.#admission(peer) === 'stranger' && hasRelay);
		const connection = withIcePolicy(current as unknown as SignallingPeer, relayOnly, () =>
			current.connect(peer, { serialization: 'raw', reliable: true })
		);
		const link = new PeerJsLink(connection, peer, true, () => this.#events.emit('unreachable', peer));
		this.#watchRelay(connection, link);
		let set = this.#dials.get(peer);
		if (!set) this.#dials.set(peer, (set = new Set()));
		set.add(link);
		link.on('close', () => set.delete(link));
		return link;
	}

	setAdmission(decide: (peer: string) => Admission): void {
		this.#admission = decide;
	}

	on<K extends keyof TransportEvents>(event: K, listener: (...args: TransportEvents[K]) => void): () => void {
		return this.#events.on(event, listener);
	}

	/**
	 * Says goodbye to the signalling server as the page starts to leave. Firefox closes a page's
	 * WebSockets as soon as a navigation away goes ahead, after `beforeunload` and before
	 * `pagehide` (where the tab gives up the network), so PeerJS took every reload for a lost
	 * server ("Lost connection to server"). A page that stays after all (a download link, an
	 * external-protocol link) reconnects after LEAVE_GRACE_MS.
	 */
	watchPage(page: Pick<Window, 'addEventListener'>): void {
		page.addEventListener('beforeunload', () => this.#leave());
	}

	#leave(): void {
		const peer = this.#peer;
		if (!peer || peer.disconnected) return;
		if (this.#retry) clearTimeout(this.#retry);
		this.#setState('connecting', 'leaving the page');
		// Set before disconnecting, so the 'disconnected' event schedules nothing of its own.
		this.#retry = setTimeout(() => {
			this.#retry = null;
			if (peer === this.#peer && this.#self && !peer.destroyed) this.#reconnect(peer);
		}, LEAVE_GRACE_MS);
		peer.disconnect();
	}

	stats(): SignallingStats {
		return signallingStats(this.#peer, { ...this.#limits.counts(), dropped: this.#drops.total, peersCreated: this.#peersCreated, online: this.#state === 'online' ? 1 : 0 });
	}

	#createPeer(): void {
		const self = this.#self;
		if (!self) return;
		if (!hasWebRtc()) {
			this.#setState('offline', NO_WEBRTC);
			return;
		}
		this.#setState('connecting');
		const turn = this.#turn;
		const generation = this.#generation;
		const attempt = ++this.#buildAttempt;
		if (!turn || !turn.stale) {
			this.#createPeerNow(self);
			return;
		}
		// Credentials first, so the first dial or answer already has the relay. A failure only
		// leaves the relay out (and says so when relay-only is on): chats may still connect directly.
		void turn.ensure().then(() => {
			if (generation !== this.#generation || attempt !== this.#buildAttempt || this.#self !== self || (this.#peer && !this.#peer.destroyed)) return;
			this.#createPeerNow(self);
		});
	}

	#createPeerNow(self: PeerId): void {
		const hasRelay = () => hasTurnServer(this.#iceServers());
		const relayAll = () => this.#relayOnly;
		const peer = new Peer(self, {
			...this.server,
			path: this.config.peerServer.path,
			key: this.config.peerServer.key,
			token: this.registrationToken(),
			config: { iceServers: this.#iceServers() },
			debug: 1
		});
		this.#peersCreated += 1;
		guardSignalling(peer as unknown as SignallingPeer, {
			admission: (id) => this.#admission(id),
			limits: this.#limits,
			// Getters: the relay comes and goes with its credentials, and the user's setting changes.
			get relayForStrangers() {
				return hasRelay();
			},
			get relayAll() {
				return relayAll();
			},
			prepare: () => this.#applyIceServers(peer),
			dropped: (reason, id) => {
				this.#drops.add(reason, id);
				if (reason === RELAY_ONLY_WITHOUT_RELAY) this.#checkRelay();
			}
		});
		this.#checkRelay();
		this.#scheduleTurnRefresh();
		this.#peer = peer;
		peer.on('open', () => {
			this.#backoff.reset();
			this.#setState('online');
		});
		peer.on('connection', (connection) => this.#accept(connection));
		peer.on('disconnected', () => this.#scheduleRetry(peer, 'lost the signalling server'));
		peer.on('close', () => this.#scheduleRetry(peer, 'signalling closed'));
		peer.on('error', (error) => this.#onError(peer, error));
	}

	/** An OFFER that passed the guard: its slot in the limits lasts as long as the link. */
	#accept(connection: DataConnection): void {
		const link = new PeerJsLink(connection, connection.peer, false);
		this.#watchRelay(connection, link);
		const id = connection.connectionId;
		this.#limits.attach(id, () => link.close());
		link.on('open', () => this.#limits.opened(id));
		link.on('close', () => this.#limits.closed(id));
		this.#events.emit('link', link);
	}

	#onError(peer: Peer, error: PeerError<string>): void {
		if (CONNECTION_ERRORS.has(error.type)) {
			this.#drops.add(`connection error: ${error.type}`, '?');
			return;
		}
		if (error.type === 'peer-unavailable') {
			const target = /peer (\S+)$/.exec(error.message)?.[1] ?? '';
			for (const link of this.#dials.get(target) ?? []) link.close();
			this.#events.emit('unreachable', target);
			return;
		}
		if (error.type === 'browser-incompatible') {
			this.#peer = null;
			peer.destroy();
			this.#setState('offline', NO_WEBRTC);
			return;
		}
		if (error.message.startsWith(REPLACED_MESSAGE)) {
			// The same identity registered from another tab or device: retrying would take the id
			// back and forth between them forever. This one stands down until the user reloads.
			this.#peer = null;
			peer.destroy();
			this.#setState('offline', 'replaced');
			return;
		}
		this.#scheduleRetry(peer, error.type);
	}

	/** PeerJS reuses its token on reconnect; a fresh proof keeps the server from calling it expired. */
	#reconnect(peer: Peer): void {
		(peer.options as { token?: string }).token = this.registrationToken();
		peer.reconnect();
	}

	/** Reconnects with the same id when the peer is only disconnected, else builds a new one. */
	#scheduleRetry(peer: Peer, reason: string): void {
		if (peer !== this.#peer || !this.#self || this.#retry) return;
		this.#setState('connecting', reason);
		this.#retry = setTimeout(() => {
			this.#retry = null;
			if (peer !== this.#peer || !this.#self) return;
			if (!peer.destroyed && peer.disconnected && reason !== 'unavailable-id') {
				this.#reconnect(peer);
				return;
			}
			peer.destroy();
			this.#createPeer();
		}, this.#backoff.next());
	}

	/** Static ICE servers from /config.json plus the TURN credentials while they are valid. */
	#iceServers(): IceServerEntry[] {
		const turn = this.#turn?.current();
		return turn ? [...this.config.iceServers, turn] : [...this.config.iceServers];
	}

	/** Puts the current ICE servers where PeerJS reads them for the next connection; true if a relay is among them. */
	#applyIceServers(peer: Peer): boolean {
		const iceServers = this.#iceServers();
		const options = peer.options as { config?: RTCConfiguration };
		options.config = { ...options.config, iceServers };
		return hasTurnServer(iceServers);
	}

	/**
	 * Renews TURN credentials at half their lifetime (or retries a failure) while started. Each
	 * dial and each answer puts the newest in place first (#applyIceServers), so nothing else
	 * needs updating here.
	 */
	#scheduleTurnRefresh(): void {
		const turn = this.#turn;
		if (!turn || this.#turnTimer) return;
		const generation = this.#generation;
		this.#turnTimer = setTimeout(() => {
			this.#turnTimer = null;
			if (generation !== this.#generation || !this.#self) return;
			void turn.ensure().then(() => {
				if (generation !== this.#generation || !this.#self) return;
				this.#checkRelay();
				this.#scheduleTurnRefresh();
			});
		}, turn.refreshInMs());
	}

	/** Says whether relay-only calls can connect now: a relay must exist and have credentials. */
	#checkRelay(): void {
		if (!this.#relayOnly) {
			this.#reportRelay(null);
			return;
		}
		if (hasTurnServer(this.#iceServers())) {
			if (this.#relayProblem !== 'relay-refused') this.#reportRelay(null);
			return;
		}
		if (!this.#turn) this.#reportRelay('no-turn');
		// Before the first answer there is nothing to report yet.
		else if (this.#turn.failure !== null) this.#reportRelay('credentials');
	}

	#reportRelay(problem: RelayProblem | null): void {
		if (problem === this.#relayProblem) return;
		this.#relayProblem = problem;
		this.#events.emit('relay', problem);
	}

	/** A relay-only connection reports a relay that refused us; an open one proves it works. */
	#watchRelay(connection: DataConnection, link: PeerJsLink): void {
		const rtc = connection.peerConnection as RTCPeerConnection | null | undefined;
		if (!rtc || rtc.getConfiguration().iceTransportPolicy !== 'relay') return;
		watchRelay(rtc, (problem) => {
			if (this.#relayOnly) this.#reportRelay(problem);
		});
		link.on('open', () => {
			if (this.#relayProblem === 'relay-refused') this.#reportRelay(null);
		});
	}

	#setState(state: TransportState, detail?: string): void {
		if (this.#state === state && !detail) return;
		this.#state = state;
		this.#events.emit('state', state, detail);
	}
}
