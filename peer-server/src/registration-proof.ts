import { createHash } from 'node:crypto';
import type { Sodium } from '../../src/lib/crypto/sodium';
import { decodeRegistrationToken, REGISTRATION_WINDOW, verifyRegistrationToken, type TokenWindow } from '../../src/lib/directory/registration-token';

/** The `payload.msg` of the ERROR frame a refused registration gets; all start with "registration proof". */
export const PROOF_MESSAGES = Object.freeze({
	/** Not a registration token at all, e.g. the stock peerjs client's random token. */
	required: 'registration proof required',
	/** A token that does not prove the key for this id on this deployment: another id's key, another deployment, a bad signature. */
	invalid: 'registration proof invalid',
	/** A valid token older than 5 min or more than 2 min ahead of the server clock. */
	expired: 'registration proof expired',
	/** A valid token that already opened a socket: the app signs a fresh one for every attempt. */
	reused: 'registration proof already used'
});

/**
 * Most tokens remembered as used. Past it the oldest are forgotten (and could be replayed for
 * the rest of their window); reaching it takes 100,000 registrations within 7 minutes, which
 * the per-address registration limit spreads over thousands of addresses. ~10 MB at most, since
 * each is remembered by a 16-byte digest rather than its ~235 characters.
 */
export const MAX_REMEMBERED_TOKENS = 100_000;

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
 * ahead of our clock (`REGISTRATION_WINDOW`), and must not have opened a socket before. Then:
 * - no live registration: admit;
 * - a live registration with an older proof (a reload, a reconnect, or a dead socket the server
 *   still holds): replace it. Only the key holder can make a newer proof, so this cannot be
 *   abused to kick someone else; an older proof is admitted and meets ID-TAKEN, so two tabs of
 *   one identity do not take the id from each other in turn.
 * A token is single-use: it travels in a URL that proxies log, and the app signs a fresh one for
 * every connection attempt, including before every peerjs reconnect() (which would otherwise
 * reuse its token). So a token seen before is a replay, refused within its window (`claim`
 * remembers it) and, once outside it, refused as expired.
 */
export class RegistrationProofs {
	/** Digests of the tokens that opened a socket, with when they may be forgotten; oldest first. */
	readonly #used = new Map<string, number>();

	constructor(
		private readonly sodium: Sodium,
		private readonly deploymentId: string,
		private readonly now: () => number,
		private readonly window: TokenWindow = REGISTRATION_WINDOW,
		private readonly maxRemembered = MAX_REMEMBERED_TOKENS
	) {}

	judge(id: string, token: string, liveToken: string | undefined): Verdict {
		const checked = verifyRegistrationToken(this.sodium, token, id, this.deploymentId, this.now(), this.window);
		if (checked.ok) {
			// The live token is checked too, in case it has been forgotten since.
			if (this.#used.has(tokenDigest(token)) || liveToken === token) return { kind: 'refuse', message: PROOF_MESSAGES.reused };
			if (liveToken === undefined) return ADMIT;
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

	/** How long a used token must be remembered: until no clock check could pass it again. */
	get rememberMs(): number {
		return this.window.maxAgeMs + this.window.maxAheadMs;
	}

	/** How many used tokens are remembered right now. */
	get rememberedTokens(): number {
		return this.#used.size;
	}

	/** Marks `token` as used once a socket it proved is handed to the peer package. */
	claim(token: string): void {
		const now = this.now();
		// Insertion order is time order, so expired entries sit at the front (a clock stepping
		// back only makes this stop early).
		for (const [used, until] of this.#used) {
			if (until >= now && this.#used.size < this.maxRemembered) break;
			this.#used.delete(used);
		}
		// A token is valid until its ts + maxAge, and its ts is at most maxAhead past now.
		this.#used.set(tokenDigest(token), now + this.rememberMs);
	}
}

/**
 * What a used token is remembered by: 128 bits of SHAKE256 as 22 base64 characters, about a
 * sixth of the token's memory (issue 16: memory per idle client). Finding another valid token
 * with the same digest would take a second preimage of 128 bits, and would only get that token
 * refused.
 */
function tokenDigest(token: string): string {
	return createHash('shake256', { outputLength: 16 }).update(token).digest('base64url');
}
