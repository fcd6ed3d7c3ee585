import * as v from 'valibot';

/**
 * Short-lived TURN credentials from the serving origin (GET /turn-credentials, docs/PROTOCOL.md
 * §2b). The origin is trusted for the app itself, but its answer still passes a schema with
 * bounds: a broken proxy or a stale cache must give "no relay", never a malformed ICE config
 * that makes RTCPeerConnection throw for every call.
 */

/** The server's bounds (peer-server/src/turn-credentials.ts); anything outside them is refused. */
export const MIN_TURN_TTL_S = 60;
export const MAX_TURN_TTL_S = 86_400;
/** Far above a real answer (~300 bytes): a larger body is not read. */
export const MAX_TURN_RESPONSE_BYTES = 4_096;
/** Credentials are renewed when half their lifetime is left. */
export const TURN_REFRESH_FRACTION = 0.5;
/** After a failed fetch, the next try. */
export const TURN_RETRY_MS = 30_000;
const FETCH_TIMEOUT_MS = 8_000;

const TurnResponseSchema = v.strictObject({
	urls: v.pipe(v.array(v.pipe(v.string(), v.maxLength(512), v.regex(/^turns?:[^\s,]+$/))), v.minLength(1), v.maxLength(8)),
	// `<expiry unix seconds>:<label>`, the TURN REST scheme coturn checks.
	username: v.pipe(v.string(), v.maxLength(128), v.regex(/^\d{1,12}:[A-Za-z0-9_-]{1,64}$/)),
	credential: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
	ttl: v.pipe(v.number(), v.integer(), v.minValue(MIN_TURN_TTL_S), v.maxValue(MAX_TURN_TTL_S))
});

export type TurnResponse = v.InferOutput<typeof TurnResponseSchema>;

export interface TurnIceServer {
	readonly urls: string[];
	readonly username: string;
	readonly credential: string;
}

/** Why there are no credentials: the server said no (or is broken), or could not be reached. */
export type TurnFailure = 'refused' | 'invalid' | 'unreachable';

export type TurnResult = { readonly ok: true; readonly server: TurnIceServer } | { readonly ok: false; readonly reason: TurnFailure };

export function parseTurnResponse(input: unknown): TurnResponse | null {
	const result = v.safeParse(TurnResponseSchema, input);
	return result.success ? result.output : null;
}

export interface TurnCredentialOptions {
	readonly fetcher?: typeof fetch;
	readonly now?: () => number;
	readonly log?: (line: string) => void;
}

/**
 * Holds the newest credentials and knows when to renew them. Expiry is measured on this
 * device's clock from when they arrived (`ttl`), not from the expiry in the username, so a
 * device whose clock is off by hours still renews in time.
 */
export class TurnCredentials {
	#current: { server: TurnIceServer; receivedAt: number; ttlMs: number } | null = null;
	#lastFailure: TurnFailure | null = null;
	#inFlight: Promise<TurnResult> | null = null;
	readonly #fetch: typeof fetch;
	readonly #now: () => number;
	readonly #log: (line: string) => void;

	constructor(
		private readonly path: string,
		options: TurnCredentialOptions = {}
	) {
		this.#fetch = options.fetcher ?? ((input, init) => fetch(input, init));
		this.#now = options.now ?? Date.now;
		this.#log = options.log ?? ((line) => console.warn(line));
	}

	/** The credentials while still valid; null once expired or before the first fetch. */
	current(): TurnIceServer | null {
		const held = this.#current;
		if (!held || this.#now() >= held.receivedAt + held.ttlMs) return null;
		return held.server;
	}

	/** Why the last fetch failed; null after a success. */
	get failure(): TurnFailure | null {
		return this.#lastFailure;
	}

	/** Whether the held credentials are past the point where they should be renewed. */
	get stale(): boolean {
		const held = this.#current;
		return !held || this.#now() >= held.receivedAt + held.ttlMs * TURN_REFRESH_FRACTION;
	}

	/** Milliseconds until the next renewal is due (0: now). */
	refreshInMs(): number {
		const held = this.#current;
		if (this.#lastFailure !== null || !held) return this.#lastFailure !== null ? TURN_RETRY_MS : 0;
		return Math.max(0, held.receivedAt + held.ttlMs * TURN_REFRESH_FRACTION - this.#now());
	}

	/** Fresh credentials when the held ones are stale, else the held ones. One request at a time. */
	async ensure(): Promise<TurnResult> {
		const held = this.current();
		if (held && !this.stale) return { ok: true, server: held };
		return (this.#inFlight ??= this.#fetchOnce().finally(() => (this.#inFlight = null)));
	}

	async #fetchOnce(): Promise<TurnResult> {
		const result = await this.#request();
		if (result.ok) {
			this.#lastFailure = null;
		} else {
			this.#lastFailure = result.reason;
			this.#log(`TURN credentials unavailable: ${result.reason}`);
		}
		return result;
	}

	async #request(): Promise<TurnResult> {
		let response: Response;
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
		try {
			response = await this.#fetch(this.path, { cache: 'no-store', credentials: 'omit', signal: controller.signal });
		} catch {
			clearTimeout(timer);
			return { ok: false, reason: 'unreachable' };
		}
		try {
			if (!response.ok) return { ok: false, reason: 'refused' };
			const declared = Number(response.headers.get('content-length') ?? 0);
			if (declared > MAX_TURN_RESPONSE_BYTES) return { ok: false, reason: 'invalid' };
			const text = await response.text();
			if (text.length > MAX_TURN_RESPONSE_BYTES) return { ok: false, reason: 'invalid' };
			const parsed = parseTurnResponse(safeJson(text));
			if (!parsed) return { ok: false, reason: 'invalid' };
			const server = { urls: parsed.urls, username: parsed.username, credential: parsed.credential };
			this.#current = { server, receivedAt: this.#now(), ttlMs: parsed.ttl * 1000 };
			return { ok: true, server };
		} catch {
			return { ok: false, reason: 'unreachable' };
		} finally {
			clearTimeout(timer);
		}
	}
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}
