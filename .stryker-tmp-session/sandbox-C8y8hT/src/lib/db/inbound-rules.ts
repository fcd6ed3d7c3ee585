// @ts-nocheck
import type { UserRow } from './schema';

/**
 * Rules for what an authenticated peer may make us store. They are decided on the RECEIVER's
 * clock and state: the author's own timestamps are only trusted as far as these rules allow.
 */

/** How far in the future an author's clock may claim to be, once it has a block history. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A message that overtook an earlier one (a newer channel) is slotted before the author's next
 * message only if that one arrived this recently; otherwise it goes at its arrival time, so a low
 * sequence number cannot plant a message deep in old history.
 */
export const OVERTAKE_WINDOW_MS = 5 * 60_000;

/** Message requests (peers the user has not accepted) may store at most this much, each... */
export const REQUEST_MAX_MESSAGES = 50;
export const REQUEST_MAX_TEXT_CHARS = 64 * 1024;
/** ...and all requests together at most this much, from at most this many peers. */
export const REQUESTS_MAX_MESSAGES = 500;
export const REQUESTS_MAX_PEERS = 20;
/** Stored versions of one message from a request (a stranger cannot grow one row's history). */
export const REQUEST_MAX_VERSIONS = 10;

/** Not yet accepted by the user: a request, an ignored request, or no row at all. */
export function isRequest(user: UserRow | undefined): boolean {
	return !user || user.state === 'request' || user.state === 'ignored';
}

/**
 * Why a message or edit the author dated `authoredAt` is refused, or null. After an unblock at
 * receiver time U, anything claiming to be older than U may have been written while blocked, so
 * it is refused; a peer with a block history cannot post-date past the allowed skew either, so
 * neither backdating nor post-dating lets a blocked-era frame in.
 */
export function blockRefusal(user: UserRow | undefined, authoredAt: number, receiverNow: number): string | null {
	if (!user) return null;
	if (user.state === 'blocked') return 'author is blocked';
	const windows = user.blockWindows ?? [];
	if (windows.length === 0) return null;
	const lastUnblock = windows.reduce((latest, window) => (window.to !== Number.MAX_SAFE_INTEGER && window.to > latest ? window.to : latest), 0);
	// Authors send whole milliseconds; the receiver's clock has sub-millisecond steps.
	if (authoredAt < Math.floor(lastUnblock)) return 'dated before the last unblock';
	if (authoredAt > receiverNow + MAX_CLOCK_SKEW_MS) return 'dated in the future';
	return null;
}
