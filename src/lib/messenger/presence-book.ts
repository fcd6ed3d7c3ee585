import type { PeerId } from '../ids/peer-id';

export type Presence = 'offline' | 'connecting' | 'online';

/**
 * Who is reachable right now. Offline is the default: only peers with a channel (or one coming
 * up) take an entry, so the map stays as small as the set of open links.
 */
export class PresenceBook {
	#presence = new Map<PeerId, Presence>();

	constructor(private readonly changed: (peer: PeerId, presence: Presence) => void) {}

	get size(): number {
		return this.#presence.size;
	}

	of(peer: PeerId): Presence {
		return this.#presence.get(peer) ?? 'offline';
	}

	set(peer: PeerId, presence: Presence): void {
		if (this.of(peer) === presence) return;
		if (presence === 'offline') this.#presence.delete(peer);
		else this.#presence.set(peer, presence);
		this.changed(peer, presence);
	}
}
