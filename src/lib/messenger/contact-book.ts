import { putSetting, recordPeer, saveContact, setContactState } from '../db/queries';
import type { UserRow } from '../db/schema';
import { shortPeerId, type PeerId } from '../ids/peer-id';
import type { ReachMode } from './admission';
import type { MessengerParts } from './messenger-parts';
import { sendProfile } from './peer-events';

export const REACH_SETTING = 'reach';

/**
 * Who may reach us and whom we reach: contacts, blocks, ignored requests and the reach mode.
 * Admission changes before (block) or after (contact) the write as each case needs, so no frame
 * of a blocked peer is stored meanwhile.
 */
export class ContactBook {
	constructor(private readonly parts: MessengerParts) {}

	/** Persists who may reach us; enforced for every later connection attempt. */
	async setReach(mode: ReachMode): Promise<void> {
		const { admission, connections } = this.parts;
		await putSetting(this.parts.options.db, REACH_SETTING, mode);
		admission.setReach(mode);
		// Strangers already connected lose their channel now, not at their next reconnect.
		for (const peer of connections.peers()) if (admission.decide(peer) === 'refuse') connections.disconnect(peer);
	}

	/**
	 * Adds (or accepts) a contact. Admission follows the SAVED row: adding never lifts a block, so
	 * a blocked id stays refused; only a row now in state 'contact' is admitted and dialled.
	 */
	async addContact(peer: PeerId, names: { nickname?: string; suggestedName?: string }): Promise<UserRow> {
		const { db } = this.parts.options;
		let row = await saveContact(db, { peerId: peer, placeholderName: shortPeerId(peer), ...names, now: this.parts.now() });
		if (row.state !== 'contact') {
			this.#block(peer);
			return row;
		}
		// Their profile may have come over an authenticated session before they were a contact
		// (they added us first): it names them now, instead of a link's unconfirmed suggestion.
		const announced = this.parts.inbound.context.announcedNames.get(peer);
		if (announced && row.name !== announced) {
			await recordPeer(db, peer, { name: announced, seenAt: this.parts.now() });
			row = { ...row, name: announced };
		}
		this.parts.admission.contact(peer);
		// An accepted request may already have a channel: they learn our name now, not before.
		if (this.parts.connections.channel(peer)) sendProfile(this.parts, peer);
		this.connect(peer);
		return row;
	}

	connect(peer: PeerId): void {
		if (!this.parts.invisible) this.parts.reach.want(peer);
	}

	/**
	 * Refuses the peer's handshakes from now on and drops the channel at once: admission and the
	 * link change before the database write, so no frame arriving meanwhile is stored.
	 */
	async block(peer: PeerId): Promise<void> {
		this.#block(peer);
		await setContactState(this.parts.options.db, peer, 'blocked', this.parts.now());
	}

	#block(peer: PeerId): void {
		this.parts.admission.block(peer);
		this.parts.connections.disconnect(peer);
		this.parts.reach.reached(peer);
		this.parts.presence.set(peer, 'offline');
	}

	async unblock(peer: PeerId): Promise<void> {
		await setContactState(this.parts.options.db, peer, 'contact', this.parts.now());
		this.parts.admission.contact(peer);
		this.connect(peer);
	}

	/** A request set aside: kept, but never counted as unread or shown in the main list. */
	async ignore(peer: PeerId): Promise<void> {
		// Marks their messages read in the same commit: an ignored request never counts as unread.
		await setContactState(this.parts.options.db, peer, 'ignored', this.parts.now());
		this.parts.admission.forget(peer);
	}
}
