import { Peer, type DataConnection, type PeerError } from 'peerjs';
import type { PeerId } from '../ids/peer-id';
import { Emitter } from '../util/emitter';
import { Backoff } from './backoff';
import type { ClientConfig } from './client-config';
import type { Admission, Link, LinkEvents, Transport, TransportEvents, TransportState } from './transport';

/** A dial that has not opened by then is given up: PeerJS fires nothing for some failures. */
const DIAL_TIMEOUT_MS = 15_000;
/** What the PeerServer says to a socket whose id was taken over by a newer registration. */
const REPLACED_MESSAGE = 'id registered by a newer session';

export interface ServerLocation {
	host: string;
	port: number;
	secure: boolean;
}

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

	/**
	 * `registrationToken` proves to the PeerServer that we hold the key our id is derived from
	 * (a fresh signature for every registration attempt). It replaces PeerJS's default
	 * Math.random() token.
	 */
	constructor(
		private readonly config: ClientConfig,
		private readonly server: ServerLocation,
		private readonly registrationToken: () => string
	) {}

	get state(): TransportState {
		return this.#state;
	}

	start(self: PeerId): void {
		this.#self = self;
		if (!this.#peer || this.#peer.destroyed) this.#createPeer();
	}

	stop(): void {
		this.#self = null;
		if (this.#retry) clearTimeout(this.#retry);
		this.#retry = null;
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
		const link = new PeerJsLink(current.connect(peer, { serialization: 'raw', reliable: true }), peer, true);
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

	#createPeer(): void {
		const self = this.#self;
		if (!self) return;
		this.#setState('connecting');
		const peer = new Peer(self, {
			...this.server,
			path: this.config.peerServer.path,
			key: this.config.peerServer.key,
			token: this.registrationToken(),
			config: { iceServers: this.config.iceServers },
			debug: 1
		});
		this.#peer = peer;
		peer.on('open', () => {
			this.#backoff.reset();
			this.#setState('online');
		});
		peer.on('connection', (connection) => this.#events.emit('link', new PeerJsLink(connection, connection.peer, false)));
		peer.on('disconnected', () => this.#scheduleRetry(peer, 'lost the signalling server'));
		peer.on('close', () => this.#scheduleRetry(peer, 'signalling closed'));
		peer.on('error', (error) => this.#onError(peer, error));
	}

	#onError(peer: Peer, error: PeerError<string>): void {
		if (error.type === 'peer-unavailable') {
			const target = /peer (\S+)$/.exec(error.message)?.[1] ?? '';
			for (const link of this.#dials.get(target) ?? []) link.close();
			this.#events.emit('unreachable', target);
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

	#setState(state: TransportState, detail?: string): void {
		if (this.#state === state && !detail) return;
		this.#state = state;
		this.#events.emit('state', state, detail);
	}
}

class PeerJsLink implements Link {
	#events = new Emitter<LinkEvents>();
	#open = false;
	#closed = false;

	constructor(
		private readonly connection: DataConnection | null,
		readonly peer: string,
		readonly outbound: boolean
	) {
		if (!connection) return;
		const timer = setTimeout(() => this.close(), DIAL_TIMEOUT_MS);
		connection.on('open', () => {
			clearTimeout(timer);
			this.#open = true;
			this.#events.emit('open');
		});
		connection.on('data', (data) => this.#events.emit('data', data));
		connection.on('close', () => {
			clearTimeout(timer);
			this.close();
		});
		connection.on('error', () => this.close());
	}

	get isOpen(): boolean {
		return this.#open && !this.#closed;
	}

	send(bytes: Uint8Array): void {
		if (this.isOpen) void this.connection?.send(bytes);
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.connection?.close();
		this.#events.emit('close');
	}

	on<K extends keyof LinkEvents>(event: K, listener: (...args: LinkEvents[K]) => void): () => void {
		return this.#events.on(event, listener);
	}
}
