import * as v from 'valibot';
import type { DirectoryRecord } from '../../../src/lib/directory/record';
import type { RateCounter } from '../directory/rate-limit';
import type { ClaimOutcome, ReleaseOutcome } from '../directory/store';

export type { RateCounter };

/**
 * What the server keeps between requests, behind one seam: in this process (the embedded store,
 * `npm start` as ever) or in Redis, shared by every process of a deployment (REDIS_URL).
 * Both implementations pass one contract suite (peer-server/test/shared-state.test.ts).
 */
export interface SharedState {
	readonly directory: HandleDirectory;
	readonly presence: Presence;
	readonly tokens: UsedTokens;
	/** A token bucket per client under `name` (one name per limit: directory reads, writes…). */
	counter(name: string, perMinute: number): RateCounter;
	/** Whether the store answers right now (for /readyz). */
	ready(): Promise<boolean>;
	close(): Promise<void>;
}

/** The handle directory (docs/PROTOCOL.md §12): sealed records, atomic claims, replay checks. */
export interface HandleDirectory {
	lookup(handleHash: string): DirectoryRecord | undefined | Promise<DirectoryRecord | undefined>;
	claim(record: DirectoryRecord): Promise<ClaimOutcome>;
	release(record: DirectoryRecord): Promise<ReleaseOutcome>;
	close(): Promise<void>;
}

/** Registration tokens that opened a socket, remembered until they expire anyway. */
export interface UsedTokens {
	/** True the first time `token` is claimed within `ttlMs`; false for a replay. */
	claimOnce(token: string, ttlMs: number): Promise<boolean>;
}

/** Which server process holds a signalling id, and the registration proof's time it holds it with. */
export interface Holder {
	readonly process: string;
	/** The registration token's ts; null when it was no proof (proofs off). */
	readonly ts: number | null;
}

export type PresenceClaim = { readonly ok: true; readonly previous?: string } | { readonly ok: false };

/** Whether a registration with proof time `ts` may take an id held with `held` (both null without proof). */
export function outranks(ts: number | null, held: number | null): boolean {
	return ts !== null && (held === null || ts > held);
}

/** Random hex, 16 bytes: names a process in presence records and its pub/sub channel. */
export const PROCESS_ID = /^[0-9a-f]{32}$/;
/** A peerjs id as the app makes them (docs/PROTOCOL.md §2) or any stock client's, bounded. */
export const PEER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const HolderSchema = v.strictObject({
	process: v.pipe(v.string(), v.regex(PROCESS_ID)),
	ts: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)))
});

/**
 * Registrations across processes. Each record expires `ttlMs` after it was last held or
 * refreshed, so the ids of a process that crashed disappear within that time; a live process
 * refreshes its own ids well before.
 */
export interface Presence {
	readonly ttlMs: number;
	holder(id: string): Promise<Holder | undefined>;
	/**
	 * Takes `id` for `holder` in one atomic step if it is free, already `holder.process`'s, or held
	 * elsewhere with an older proof (a record without proof yields to any proof); `previous`
	 * names the process it was taken from. Refused otherwise.
	 */
	claim(id: string, holder: Holder): Promise<PresenceClaim>;
	/** Drops `id` only if `process` still holds it (a newer holder elsewhere stays). */
	release(id: string, process: string): Promise<void>;
	/**
	 * Extends the records `process` still holds among `held` (its ids with their proof times),
	 * and puts back those the store lost (a Redis restart); never touches another process's.
	 */
	refresh(process: string, held: ReadonlyMap<string, number | null>): Promise<void>;
}
