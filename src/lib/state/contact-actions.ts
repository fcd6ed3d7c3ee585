import { setMuted, setVerifiedKey } from '../db/queries';
import type { UserRow } from '../db/schema';
import type { ChatDb } from '../db/chat-db';
import { safetyNumber } from '../crypto/safety-number';
import type { Sodium } from '../crypto/sodium';
import { bytesEqual } from '../ids/encoding';
import type { PeerId } from '../ids/peer-id';
import type { Messenger } from '../messenger/messenger';

export type Verification = 'verified' | 'unverified' | 'changed';

/** What the user can do to a contact: accept, ignore, block, verify. */
export class ContactActions {
	constructor(
		private readonly db: ChatDb,
		private readonly sodium: Sodium,
		private readonly messenger: Messenger
	) {}

	async accept(peer: PeerId): Promise<void> {
		await this.messenger.addContact(peer);
	}

	/** Adds someone by id or link; the saved row says whether they were blocked (a block stays). */
	add(peer: PeerId, names: { nickname?: string; suggestedName?: string }): Promise<UserRow> {
		return this.messenger.addContact(peer, names);
	}

	ignore(peer: PeerId): Promise<void> {
		return this.messenger.ignore(peer);
	}

	block(peer: PeerId): Promise<void> {
		return this.messenger.block(peer);
	}

	unblock(peer: PeerId): Promise<void> {
		return this.messenger.unblock(peer);
	}

	/** A muted conversation never notifies and is left out of the unread total. */
	mute(peer: PeerId, muted: boolean): Promise<void> {
		return setMuted(this.db, peer, muted);
	}

	/** Null until the first handshake has shown us the contact's key. */
	safetyNumber(user: UserRow): string | null {
		return user.publicKey ? safetyNumber(this.sodium, this.messenger.self.publicKey, user.publicKey) : null;
	}

	verification(user: UserRow): Verification {
		if (!user.verifiedKey) return 'unverified';
		return user.publicKey && bytesEqual(user.publicKey, user.verifiedKey) ? 'verified' : 'changed';
	}

	async markVerified(user: UserRow, verified: boolean): Promise<void> {
		await setVerifiedKey(this.db, user.peerId, verified ? user.publicKey : undefined);
	}
}
