import type { PeerId } from '../ids/peer-id';

/**
 * The conversation the reader is watching right now: open, following its newest messages, on a
 * visible page. What arrives in it is stored already read, in the same transaction that stores
 * it, instead of stored unread and rewritten by a mark-read a moment later (a second write of
 * every row, its change feed round and a re-render of each bubble, in a burst). The list says
 * when this starts and stops; at most one conversation is watched per tab.
 */
export class WatchedThread {
	#peer: PeerId | null = null;

	set(peer: PeerId, watching: boolean): void {
		if (watching) this.#peer = peer;
		else if (this.#peer === peer) this.#peer = null;
	}

	has(peer: PeerId): boolean {
		return this.#peer === peer;
	}
}
