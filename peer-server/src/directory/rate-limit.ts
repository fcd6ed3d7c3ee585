import { isIPv6 } from 'node:net';
import type { RequestHandler } from 'express';
import { sendError } from './errors';

export interface BucketRule {
	/** Requests allowed in a burst, and per minute once the burst is spent. */
	readonly perMinute: number;
}

export type Take = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

interface Bucket {
	tokens: number;
	at: number;
}

/**
 * One token bucket per client: `perMinute` tokens, refilled continuously. Memory is bounded:
 * past `maxClients` the least recently seen clients are forgotten, which at worst gives them a
 * full bucket again (the same as waiting a minute).
 */
export class RateLimiter {
	readonly #buckets = new Map<string, Bucket>();
	readonly #perMs: number;

	constructor(
		private readonly rule: BucketRule,
		private readonly now: () => number,
		private readonly maxClients = 50_000
	) {
		this.#perMs = rule.perMinute / 60_000;
	}

	take(client: string): Take {
		const now = this.now();
		const bucket = this.#buckets.get(client);
		// Elapsed time is clamped at zero so a clock stepping backwards refills nothing.
		const tokens = bucket ? Math.min(this.rule.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * this.#perMs) : this.rule.perMinute;
		// Re-inserted so Map order is least-recently-seen first.
		this.#buckets.delete(client);
		if (tokens < 1) {
			this.#buckets.set(client, { tokens, at: now });
			return { ok: false, retryAfterMs: Math.ceil((1 - tokens) / this.#perMs) };
		}
		this.#buckets.set(client, { tokens: tokens - 1, at: now });
		this.#evict();
		return { ok: true };
	}

	#evict(): void {
		for (const client of this.#buckets.keys()) {
			if (this.#buckets.size <= this.maxClients) return;
			this.#buckets.delete(client);
		}
	}
}

/**
 * What a client is limited by: its IPv4 address, or the /64 of an IPv6 address (one subscriber
 * usually holds a whole /64, so per-address limits would not limit anything).
 */
export function clientKey(address: string | undefined): string {
	if (!address) return 'unknown';
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped?.[1]) return mapped[1];
	if (!isIPv6(address)) return address;
	const bare = address.replace(/%.*$/, '');
	const [head = '', tail = ''] = bare.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	// A trailing dotted IPv4 part fills two groups.
	const rightGroups = right.length + (right.at(-1)?.includes('.') ? 1 : 0);
	const groups = bare.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - rightGroups)).fill('0'), ...right] : left;
	return `${groups
		.slice(0, 4)
		.map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}

/** A RateLimiter, or the same bucket kept in a store shared by several processes. */
export interface RateCounter {
	take(client: string): Take | Promise<Take>;
}

export function rateLimit(limiter: RateCounter): RequestHandler {
	return (req, res, next) => {
		const answer = (taken: Take) => {
			if (taken.ok) {
				next();
				return;
			}
			res.set('Retry-After', String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))));
			sendError(res, 429, 'rate-limited', 'too many requests from this address; retry later');
		};
		const taken = limiter.take(clientKey(req.ip ?? req.socket.remoteAddress));
		// A store that cannot count answers 500 (through Express), never an unlimited pass.
		if (taken instanceof Promise) taken.then(answer, next);
		else answer(taken);
	};
}
