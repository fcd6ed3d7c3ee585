import type { PeerId } from '../ids/peer-id';
import { FakeFileChannel } from './fake-file-channel';
import { Emitter } from '../util/emitter';
import type { Admission, Link, LinkEvents, Transport, TransportEvents, TransportState } from './transport';

/**
 * An in-memory signalling server plus data channels, for tests. Delivery is asynchronous and
 * ordered like a reliable data channel. `tap` sees every byte; `redirect` plays a malicious server.
 */
export class FakeNetwork {
	readonly transports = new Map<string, FakeTransport>();
	readonly taps: ((from: string, to: string, bytes: Uint8Array) => void)[] = [];
	readonly redirects = new Map<string, string>();
	/** Dials the callee's admission refused: like the real thing, they simply never opened. */
	readonly refused: { from: string; to: string }[] = [];
	/**
	 * Peers whose dials fail without a word: the link closes before it opens and no `unreachable`
	 * follows (a callee that reloads mid-handshake, or a handshake that times out under load).
	 */
	readonly vanishing = new Set<string>();
	/** Dials that vanished (see `vanishing`). */
	readonly vanished: { from: string; to: string }[] = [];

	createTransport(): FakeTransport {
		return new FakeTransport(this);
	}

	tap(listener: (from: string, to: string, bytes: Uint8Array) => void): void {
		this.taps.push(listener);
	}

	/** Connections dialled to `target` reach `impostor` instead. */
	redirect(target: string, impostor: string): void {
		this.redirects.set(target, impostor);
	}
}

export class FakeTransport implements Transport {
	#state: TransportState = 'offline';
	#events = new Emitter<TransportEvents>();
	#links = new Set<FakeLink>();
	self: string | null = null;
	admission: (peer: string) => Admission = () => 'stranger';

	constructor(readonly network: FakeNetwork) {}

	get state(): TransportState {
		return this.#state;
	}

	start(self: PeerId): void {
		this.self = self;
		this.network.transports.set(self, this);
		this.#setState('online');
	}

	stop(): void {
		if (this.self && this.network.transports.get(this.self) === this) this.network.transports.delete(this.self);
		for (const link of [...this.#links]) link.close();
		this.#setState('offline');
	}

	reconnectNow(): void {}

	setAdmission(decide: (peer: string) => Admission): void {
		this.admission = decide;
	}

	dial(peer: PeerId): Link {
		const local = new FakeLink(this, peer, true);
		const target = this.network.transports.get(this.network.redirects.get(peer) ?? peer);
		queueMicrotask(() => {
			const admission = target && this.self ? target.admission(this.self) : 'refuse';
			if (target && this.self && admission === 'refuse') this.network.refused.push({ from: this.self, to: peer });
			if (target && this.self && this.network.vanishing.has(peer)) {
				this.network.vanished.push({ from: this.self, to: peer });
				local.close();
				return;
			}
			if (!target || this.#state !== 'online' || !this.self || admission === 'refuse') {
				local.close();
				this.#events.emit('unreachable', peer);
				return;
			}
			const remote = new FakeLink(target, this.self, false, admission);
			local.partner = remote;
			remote.partner = local;
			target.#accept(remote);
			local.markOpen();
			remote.markOpen();
		});
		this.#links.add(local);
		return local;
	}

	on<K extends keyof TransportEvents>(event: K, listener: (...args: TransportEvents[K]) => void): () => void {
		return this.#events.on(event, listener);
	}

	forget(link: FakeLink): void {
		this.#links.delete(link);
	}

	#accept(link: FakeLink): void {
		this.#links.add(link);
		this.#events.emit('link', link);
	}

	#setState(state: TransportState): void {
		this.#state = state;
		this.#events.emit('state', state);
	}
}

export class FakeLink implements Link {
	partner: FakeLink | null = null;
	/**
	 * File channels by stream: two ends pair only on the same stream, as negotiated channels carry
	 * data only between ends on one stream. (A real one opens on its own; this one once paired.)
	 */
	readonly #files = new Map<number, FakeFileChannel>();
	#open = false;
	#closed = false;
	#events = new Emitter<LinkEvents>();

	/** `admittedAs`: how the callee's admission classed an inbound link ('stranger' is relay-only for real). */
	constructor(
		private readonly owner: FakeTransport,
		readonly peer: string,
		readonly outbound: boolean,
		readonly admittedAs?: Admission
	) {}

	get isOpen(): boolean {
		return this.#open && !this.#closed;
	}

	markOpen(): void {
		if (this.#closed) return;
		this.#open = true;
		this.#events.emit('open');
	}

	send(bytes: Uint8Array): void {
		const partner = this.partner;
		if (!this.isOpen || !partner) return;
		const copy = bytes.slice();
		for (const tap of this.owner.network.taps) tap(this.owner.self ?? '?', this.peer, copy);
		queueMicrotask(() => partner.#deliver(copy));
	}

	fileChannel(stream: number): FakeFileChannel | null {
		if (!this.isOpen) return null;
		let mine = this.#files.get(stream);
		if (mine === undefined) {
			mine = new FakeFileChannel();
			this.#files.set(stream, mine);
			const partner = this.partner;
			const theirs = partner === null ? undefined : partner.#files.get(stream);
			if (theirs !== undefined) FakeFileChannel.pair(mine, theirs);
		}
		return mine;
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const channel of this.#files.values()) channel.close();
		this.owner.forget(this);
		this.#events.emit('close');
		const partner = this.partner;
		if (partner) queueMicrotask(() => partner.close());
	}

	on<K extends keyof LinkEvents>(event: K, listener: (...args: LinkEvents[K]) => void): () => void {
		return this.#events.on(event, listener);
	}

	#deliver(bytes: Uint8Array): void {
		if (!this.#closed) this.#events.emit('data', bytes);
	}
}
