import type { TabOwner } from './tab-owner';

/** How often the owner tab says it is alive. */
export const OWNER_BEAT_MS = 1_000;
/** Silence after which a visible waiting tab takes the network from the owner. */
export const OWNER_SILENT_MS = 5_000;
const ALIVE = 'owner-alive';

/** The part of BroadcastChannel used here. */
export interface BeaconChannel {
	postMessage(data: unknown): void;
	addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
	close(): void;
}

/**
 * A frozen owner keeps its Web Lock: the page may be frozen before it gets to let go, and a
 * frozen page runs no timers. So the owner beats on a BroadcastChannel, and a tab the user is
 * looking at that has heard nothing for OWNER_SILENT_MS steals the lock. A hidden waiting tab
 * never steals: a background owner whose timers the browser slows must not lose the network to
 * another background tab, back and forth.
 */
export class OwnerWatch {
	#heardAt: number;
	#timer: ReturnType<typeof setInterval>;

	constructor(
		private readonly owner: TabOwner,
		private readonly channel: BeaconChannel,
		private readonly visible: () => boolean,
		private readonly now: () => number = Date.now
	) {
		this.#heardAt = now();
		channel.addEventListener('message', (event) => {
			if (event.data === ALIVE) this.#heardAt = this.now();
		});
		this.#timer = setInterval(() => this.#tick(), OWNER_BEAT_MS);
	}

	#tick(): void {
		const now = this.now();
		if (this.owner.owner) {
			this.channel.postMessage(ALIVE);
			this.#heardAt = now;
		} else if (this.owner.waiting && this.visible() && now - this.#heardAt > OWNER_SILENT_MS) {
			this.#heardAt = now;
			this.owner.steal();
		}
	}

	close(): void {
		clearInterval(this.#timer);
		this.channel.close();
	}
}
