import type { PeerId } from '../ids/peer-id';
import type { Admission as Decision } from '../net/transport';

/** Who may open a connection to us: only people in the address book, or anyone (message requests). */
export type ReachMode = 'contacts' | 'anyone';

/**
 * Who may connect to us, decided from the address book and the reach setting before anything
 * is answered (the transport asks for every incoming OFFER, Connections for every handshake):
 * - a blocked id is refused outright: no answer, no candidate, no profile;
 * - a contact (state 'contact') is admitted normally, and so is a member of a group this device
 *   is in (state 'group' or any other) while that group holds them (PROTOCOL §12);
 * - anyone else is a stranger: refused when the user chose to be reached by contacts only,
 *   else admitted as a stranger (relay-only ICE where a TURN server exists, no profile).
 * Kept in memory because the transport asks synchronously, inside PeerJS's message handler.
 */
export class Admission {
	#blocked = new Set<PeerId>();
	#contacts = new Set<PeerId>();
	/** Members of the groups this device is in: admitted like contacts, never listed as such. */
	#groupPeers = new Set<PeerId>();
	#reach: ReachMode = 'anyone';

	get reach(): ReachMode {
		return this.#reach;
	}

	load(input: { blocked: Iterable<PeerId>; contacts: Iterable<PeerId>; reach: ReachMode }): void {
		this.#blocked = new Set(input.blocked);
		this.#contacts = new Set(input.contacts);
		this.#reach = input.reach;
	}

	/** The members of every group I am in, recomputed whenever a membership changes. */
	setGroupPeers(peers: Iterable<PeerId>): void {
		this.#groupPeers = new Set(peers);
	}

	isBlocked(peer: string): boolean {
		return this.#blocked.has(peer as PeerId);
	}

	setReach(mode: ReachMode): void {
		this.#reach = mode;
	}

	/** Added, accepted from a request, or unblocked. */
	contact(peer: PeerId): void {
		this.#blocked.delete(peer);
		this.#contacts.add(peer);
	}

	block(peer: PeerId): void {
		this.#contacts.delete(peer);
		this.#blocked.add(peer);
	}

	/** Set aside (ignored): no longer a contact, not blocked either. */
	forget(peer: PeerId): void {
		this.#contacts.delete(peer);
	}

	/** Someone the user added or accepted; a fellow group member alone is not. */
	isAddedContact(peer: string): boolean {
		return this.#contacts.has(peer as PeerId);
	}

	isContact(peer: string): boolean {
		return this.#contacts.has(peer as PeerId) || this.#groupPeers.has(peer as PeerId);
	}

	decide(peer: string): Decision {
		if (this.#blocked.has(peer as PeerId)) return 'refuse';
		if (this.isContact(peer)) return 'contact';
		return this.#reach === 'contacts' ? 'refuse' : 'stranger';
	}
}
