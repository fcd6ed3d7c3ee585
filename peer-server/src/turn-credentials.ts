import { createHmac, randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit, RateLimiter } from './directory/rate-limit';

export const TURN_CREDENTIALS_PATH = '/turn-credentials';

/** Shorter and a slow page load could outlive its credentials; longer and a leaked pair stays useful. */
export const MIN_TURN_TTL_S = 60;
export const MAX_TURN_TTL_S = 86_400;
export const DEFAULT_TURN_TTL_S = 3_600;
/** A page asks once at start and then about twice per TTL; reconnects add a few. */
export const TURN_CREDENTIALS_PER_MINUTE = 20;

/** TURN via coturn's `use-auth-secret`: the server and coturn share a secret, clients get derived credentials. */
export interface TurnConfig {
	readonly secret: string;
	/** turn: / turns: URLs of the relay (validated in config.ts). */
	readonly urls: readonly string[];
	readonly ttlSeconds: number;
}

/** Body of GET /turn-credentials: an RTCIceServer plus how long it is good for. */
export interface TurnCredentials {
	readonly urls: readonly string[];
	readonly username: string;
	readonly credential: string;
	readonly ttl: number;
}

/**
 * The TURN REST credential scheme coturn implements with `use-auth-secret`: the username is
 * `<expiry, unix seconds>:<label>` and the password is base64(HMAC-SHA1(secret, username)).
 * coturn recomputes the HMAC from the username it is given and refuses the pair once the
 * expiry has passed, so nothing needs storing and nothing is shared with coturn but the secret.
 * `label` is opaque (random per request): coturn logs it, so it must not name the user.
 */
export function turnCredentials(turn: TurnConfig, nowMs: number, label: string): TurnCredentials {
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(label)) throw new Error('TURN label must be 1-64 URL-safe characters');
	const expiry = Math.floor(nowMs / 1000) + turn.ttlSeconds;
	const username = `${expiry}:${label}`;
	return { urls: turn.urls, username, credential: turnPassword(turn.secret, username), ttl: turn.ttlSeconds };
}

export function turnPassword(secret: string, username: string): string {
	return createHmac('sha1', secret).update(username).digest('base64');
}

/** A fresh label per request: 9 random bytes, 12 characters of base64url. */
export function randomLabel(): string {
	return randomBytes(9).toString('base64url');
}

export interface TurnRouteOptions {
	readonly turn: TurnConfig;
	readonly now: () => number;
	readonly perMinute?: number;
	readonly label?: () => string;
}

/** GET /turn-credentials: fresh credentials per request, never cached, rate-limited per address. */
export function turnCredentialsHandlers(options: TurnRouteOptions): RequestHandler[] {
	const limiter = new RateLimiter({ perMinute: options.perMinute ?? TURN_CREDENTIALS_PER_MINUTE }, options.now);
	const label = options.label ?? randomLabel;
	const issue: RequestHandler = (_req, res) => {
		res.set('Cache-Control', 'no-store').json(turnCredentials(options.turn, options.now(), label()));
	};
	return [rateLimit(limiter), issue];
}
