/**
 * When to dial whom. Pure, so the policy can be tested without timers or a network.
 *
 * A peer that comes online cannot know who holds messages for it, so it dials its contacts
 * (most recently active first, bounded). A peer holding pending messages also retries the
 * recipient with backoff, so delivery does not depend on the other side dialling.
 */
// @ts-nocheck

export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 60_000;
export const MAX_CONTACTS_DIALLED_ON_CONNECT = 32;
/**
 * Handshakes dial-on-connect keeps under way at once; the rest start as those finish. Coming
 * online must stay inside the signalling server's per-client burst. A dial the user asked for
 * (opening a chat, sending) never waits for this.
 */
export const MAX_DIALS_IN_FLIGHT = 8;

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
