import type { PeerId } from '../ids/peer-id';
import type { Admission, Link, Transport, TransportEvents, TransportState } from '../net/transport';

/**
 * The transport as one tab of several sees it: the real one runs only while this tab owns the
 * network (see TabOwner). A tab that does not reports 'offline' and dials nothing, so its
 * messenger writes pending rows and leaves sending them to the owner tab, exactly as it would
 * offline; the messenger itself needs no notion of tabs.
 */
export class NetworkGate implements Transport {
	#owner = false;
	/** The id the messenger asked to register, null while it wants to be offline (invisible). */
	#self: PeerId | null = null;
	#running = false;
	/** Device transfers holding the identity off the network while their records are read. */
	#holds = 0;

	/** `usable`: false once the identity was moved to another device (retired-device.ts): never online again. */
	constructor(
		private readonly inner: Transport,
		private readonly usable: () => boolean = () => true
	) {}

	get owner(): boolean {
		return this.#owner;
	}

	get state(): TransportState {
		return this.#owner ? this.inner.state : 'offline';
	}

	/** Called by TabOwner: the network is this tab's now, or no longer. */
	setOwner(owner: boolean): void {
		this.#owner = owner;
		this.#apply();
	}

	start(self: PeerId): void {
		this.#self = self;
		this.#apply();
	}

	stop(): void {
		this.#self = null;
		this.#apply();
	}

	/**
	 * Off the network while held (a device transfer), back as before once every hold was released:
	 * a failed transfer must not bring the identity back while another one still reads its records.
	 */
	hold(held: boolean): void {
		this.#holds = held ? this.#holds + 1 : Math.max(0, this.#holds - 1);
		this.#apply();
	}

	/** Checks `usable` again (another tab may have retired the identity). */
	recheck(): void {
		this.#apply();
	}

	reconnectNow(): void {
		if (this.#running) this.inner.reconnectNow();
	}

	dial(peer: PeerId): Link {
		// The inner transport is stopped then: its dial closes at once, as offline.
		return this.inner.dial(peer);
	}

	setAdmission(decide: (peer: string) => Admission): void {
		this.inner.setAdmission(decide);
	}

	on<K extends keyof TransportEvents>(event: K, listener: (...args: TransportEvents[K]) => void): () => void {
		return this.inner.on(event, listener);
	}

	stats(): Readonly<Record<string, number>> {
		return this.inner.stats?.() ?? {};
	}

	#apply(): void {
		const run = this.#owner && this.#self !== null && this.#holds === 0 && this.usable();
		if (run && this.#self) {
			// Also after a 'replaced' stand-down: this tab now holds the lock, so taking the id back
			// cannot start a tug of war with a tab of this browser.
			this.inner.start(this.#self);
			this.#running = true;
		} else if (!run && this.#running) {
			this.#running = false;
			this.inner.stop();
		}
	}
}
