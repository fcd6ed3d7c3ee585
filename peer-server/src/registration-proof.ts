import type { Sodium } from '../../src/lib/crypto/sodium';
import { decodeRegistrationToken, REGISTRATION_WINDOW, verifyRegistrationToken, type TokenWindow } from '../../src/lib/directory/registration-token';

/** The `payload.msg` of the ERROR frame a refused registration gets; all start with "registration proof". */
export const PROOF_MESSAGES = Object.freeze({
	/** Not a registration token at all, e.g. the stock peerjs client's random token. */
	required: 'registration proof required',
	/** A token that does not prove the key for this id on this deployment: another id's key, another deployment, a bad signature. */
	invalid: 'registration proof invalid',
	/** A valid token older than 5 min or more than 2 min ahead of the server clock. */
	expired: 'registration proof expired'
});

/**
 * Sent (as an ERROR frame) to a live socket just before a newer proof for its id replaces it.
 * peerjs reports it as a `server-error` with this message: the id is now used by another
 * session of the same identity (another tab or device), and retrying would take it back.
 */
export const TAKEN_OVER_MESSAGE = 'id registered by a newer session';

/**
 * What to do with a signalling socket for an id:
 * - `admit`: hand it to the peer package as is (it registers the id, or answers ID-TAKEN);
 * - `replace`: end the id's live socket first, then hand this one over;
 * - `refuse`: answer ERROR with `message` and close it; the package never sees it.
 */
export type Verdict = { readonly kind: 'admit' } | { readonly kind: 'replace' } | { readonly kind: 'refuse'; readonly message: string };

const ADMIT: Verdict = { kind: 'admit' };
const REPLACE: Verdict = { kind: 'replace' };

/** Deciding who may register an id when proof is not required: only the old same-token takeover. */
export function tokenOnlyVerdict(token: string, liveToken: string | undefined): Verdict {
	return liveToken !== undefined && liveToken === token ? REPLACE : ADMIT;
}

/**
 * Only the holder of an id's key may register it (docs/PROTOCOL.md §11). The token must be a
 * registration token for this id and this deployment, signed at most 5 min ago and at most 2 min
 * ahead of our clock (`REGISTRATION_WINDOW`). Then:
 * - no live registration: admit;
 * - a live registration with the same token (a peerjs reconnect within the window): replace it;
 * - a live registration with an older proof (a reload, or a dead socket the server still
 *   holds): replace it. Only the key holder can make a newer proof, so this cannot be abused
 *   to kick someone else; an older proof is admitted and meets ID-TAKEN, so two tabs of one
 *   identity do not take the id from each other in turn.
 * A token outside the window is refused even if it was once accepted: the app signs a fresh
 * one for every connection attempt, and anything older is a replay (it travels in a URL that
 * proxies log).
 */
export class RegistrationProofs {
	constructor(
		private readonly sodium: Sodium,
		private readonly deploymentId: string,
		private readonly now: () => number,
		private readonly window: TokenWindow = REGISTRATION_WINDOW
	) {}

	judge(id: string, token: string, liveToken: string | undefined): Verdict {
		const checked = verifyRegistrationToken(this.sodium, token, id, this.deploymentId, this.now(), this.window);
		if (checked.ok) {
			if (liveToken === undefined) return ADMIT;
			if (liveToken === token) return REPLACE;
			const liveTs = decodeRegistrationToken(liveToken)?.ts;
			// A live token that is no proof (registered while proofs were off) yields to any proof.
			return liveTs === undefined || checked.ts > liveTs ? REPLACE : ADMIT;
		}
		switch (checked.reason) {
			case 'malformed':
				return { kind: 'refuse', message: PROOF_MESSAGES.required };
			case 'wrong-key':
			case 'bad-signature':
				return { kind: 'refuse', message: PROOF_MESSAGES.invalid };
			case 'stale':
				return { kind: 'refuse', message: PROOF_MESSAGES.expired };
		}
	}
}
