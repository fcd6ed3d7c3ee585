/**
 * When to dial whom. Pure, so the policy can be tested without timers or a network.
 *
 * A peer that comes online cannot know who holds messages for it, so it dials its contacts
 * (most recently active first, bounded). A peer holding pending messages also retries the
 * recipient with backoff, so delivery does not depend on the other side dialling.
 */
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 60_000;
export const MAX_CONTACTS_DIALLED_ON_CONNECT = 32;
/**
 * Handshakes dial-on-connect keeps under way at once; the rest start as those finish. Coming
 * online must stay inside the signalling server's per-client burst. A dial the user asked for
 * (opening a chat, sending) never waits for this.
 */
export const MAX_DIALS_IN_FLIGHT = 8;
/**
 * Background dials (dial-on-connect, retries) started per second, after a first burst of as many:
 * however many contacts come back or knock at once. A dial the user asked for is not counted.
 */
export const BACKGROUND_DIALS_PER_SECOND = 8;
export const BACKGROUND_DIAL_BURST = 8;
/**
 * A contact dialled on coming online whom we owe nothing is still retried this many times, on
 * the first steps of the backoff (~1 s, 2 s, 4 s), when that dial fails: it may hold messages
 * for us, and its own backoff toward us may be a minute away by now.
 */
export const QUICK_RETRIES = 3;
/** Only the most recently active contacts get those retries, so an address book of offline ones costs little. */
export const QUICK_RETRY_CONTACTS = 8;
/** Coming online again within this long gives a contact no new quick retries (a page shown and hidden over and over). */
export const QUICK_RETRY_WINDOW_MS = 30_000;

/** Exponential backoff with equal jitter: never sooner than half the step, never in lockstep. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
	const step = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt));
	return Math.round(step / 2 + random() * (step / 2));
}

export interface DialCandidate {
	peerId: string;
	lastActivity: number;
	isContact: boolean;
	hasPending: boolean;
}

/** Everyone we owe messages to, then contacts by recent activity, up to the cap. */
export function peersToDialOnConnect(candidates: readonly DialCandidate[], cap = MAX_CONTACTS_DIALLED_ON_CONNECT): string[] {
	const owed = candidates.filter((c) => c.hasPending);
	const contacts = candidates
		.filter((c) => c.isContact && !c.hasPending)
		.sort((a, b) => b.lastActivity - a.lastActivity)
		.slice(0, Math.max(0, cap - owed.length));
	return [...owed.sort((a, b) => b.lastActivity - a.lastActivity), ...contacts].map((c) => c.peerId);
}

/** The contacts a wake-up's failed dial is retried for though we owe them nothing (see QUICK_RETRIES). */
export function peersToRetryQuickly(candidates: readonly DialCandidate[], count = QUICK_RETRY_CONTACTS): string[] {
	return candidates
		.filter((c) => c.isContact && !c.hasPending)
		.sort((a, b) => b.lastActivity - a.lastActivity)
		.slice(0, Math.max(0, count))
		.map((c) => c.peerId);
}
