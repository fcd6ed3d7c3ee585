/** The Web Lock held by the one tab of this origin that runs the network. */
export const NETWORK_LOCK = 'parley-network';

/** The part of `navigator.locks` used here (a fake in unit tests). */
export interface LockRequester {
	request(name: string, options: { signal: AbortSignal } | { steal: true }, granted: () => Promise<void>): Promise<unknown>;
}

/**
 * Decides which tab of this browser owns the network: the holder of an exclusive Web Lock. The
 * others queue for it, and the browser hands it to the next one as soon as the holder's page is
 * closed, crashes or is discarded; a page being frozen or put in the back/forward cache gives it
 * up itself (`release`) and queues again when it comes back. Without Web Locks every tab owns the
 * network, as before: the signalling server then lets the newest registration win.
 */
export class TabOwner {
	#owner = false;
	#release: (() => void) | null = null;
	#waiting: AbortController | null = null;

	constructor(
		private readonly locks: LockRequester | undefined,
		private readonly changed: (owner: boolean) => void
	) {}

	get owner(): boolean {
		return this.#owner;
	}

	get waiting(): boolean {
		return this.#waiting !== null;
	}

	/** Queues for the network (no-op while owning or queued). */
	claim(): void {
		if (this.#owner || this.#waiting) return;
		if (!this.locks) return this.#set(true);
		const waiting = new AbortController();
		this.#waiting = waiting;
		this.#request({ signal: waiting.signal }, waiting);
	}

	/**
	 * Takes the lock from an owner that stopped answering (see OwnerWatch): a frozen page may not
	 * get to release it. The old owner learns it lost the lock when it runs again, and queues.
	 */
	steal(): void {
		if (this.#owner || !this.locks) return;
		this.#waiting?.abort();
		this.#waiting = null;
		this.#request({ steal: true }, null);
	}

	#request(options: { signal: AbortSignal } | { steal: true }, waiting: AbortController | null): void {
		let mine = false;
		this.locks!.request(NETWORK_LOCK, options, () => {
			if (waiting && this.#waiting === waiting) this.#waiting = null;
			return new Promise<void>((release) => {
				mine = true;
				this.#release = release;
				this.#set(true);
			});
		}).catch((error: unknown) => {
			if (waiting && this.#waiting === waiting) this.#waiting = null;
			if (mine && this.#owner) {
				// Stolen by another tab while this one was frozen: off the network, back in the queue.
				this.#release = null;
				this.#set(false);
				this.claim();
			} else if (!waiting?.signal.aborted) console.error('network lock failed', error);
		});
	}

	/** Gives the network up (or stops queueing for it), e.g. as the page is frozen or hidden away. */
	release(): void {
		this.#waiting?.abort();
		this.#waiting = null;
		const release = this.#release;
		this.#release = null;
		if (this.#owner) this.#set(false);
		release?.();
	}

	#set(owner: boolean): void {
		this.#owner = owner;
		this.changed(owner);
	}
}
