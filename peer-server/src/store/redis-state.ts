import { createHash, createHmac } from 'node:crypto';
import { createClient } from 'redis';
import * as v from 'valibot';
import type { Take } from '../directory/rate-limit';
import { RedisDirectory, type RedisDirectoryOptions } from './redis-directory';
import { CLAIM_PRESENCE_SCRIPT, REFRESH_SCRIPT, RELEASE_PRESENCE_SCRIPT, TAKE_SCRIPT } from './redis-scripts';
import { HolderSchema, PROCESS_ID, type Holder, type Presence, type PresenceClaim, type RateCounter, type SharedState, type UsedTokens } from './shared-state';

export type Redis = ReturnType<typeof newClient>;

/** A presence record is ~70 bytes of JSON; anything longer was not written by us. */
const MAX_HOLDER_BYTES = 256;
/** Refreshes of local ids go out in batches this big (one script call each). */
const REFRESH_BATCH = 500;

export interface RedisStateOptions extends Omit<RedisDirectoryOptions, 'prefix'> {
	readonly url: string;
	/** Every key starts with it, so several deployments (or tests) can share one Redis. */
	readonly prefix: string;
	readonly presenceTtlMs: number;
	readonly log: (line: string) => void;
}

/** Connection attempts at start before giving up (the server then refuses to start). */
const START_ATTEMPTS = 4;

/**
 * Opens a client that fails commands at once while disconnected, instead of queueing them.
 * At start an unreachable Redis is an error after a few tries (a typo in REDIS_URL must not
 * look like a hang); once connected, it reconnects for ever with backoff up to 5 s.
 */
export async function connectRedis(url: string, log: (line: string) => void): Promise<Redis> {
	let connected = false;
	const client = newClient(url, (retries, cause) => {
		if (!connected && retries >= START_ATTEMPTS) return new Error(`Cannot reach Redis at REDIS_URL: ${cause.message}`);
		return Math.min(100 * 2 ** retries, 5000);
	});
	let reported = false;
	// Without a listener a lost connection would throw an unhandled "error" and end the process.
	client.on('error', (error: Error) => {
		if (reported) return;
		reported = true;
		log(JSON.stringify({ event: 'redis-error', detail: error.message.slice(0, 120) }));
	});
	client.on('ready', () => {
		connected = true;
		reported = false;
	});
	await client.connect();
	return client;
}

function newClient(url: string, reconnectStrategy: (retries: number, cause: Error) => number | Error = () => 1000) {
	return createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 5000, reconnectStrategy } });
}

/** The store shared by every process of a deployment; all keys live under `options.prefix`. */
export class RedisState implements SharedState {
	readonly directory: RedisDirectory;
	readonly presence: RedisPresence;
	readonly tokens: RedisTokens;

	private constructor(
		readonly client: Redis,
		private readonly options: RedisStateOptions
	) {
		this.directory = new RedisDirectory(client, { ...options, prefix: `${options.prefix}{directory}:` });
		this.presence = new RedisPresence(client, `${options.prefix}peer:`, options.presenceTtlMs);
		this.tokens = new RedisTokens(client, `${options.prefix}token:`);
	}

	static async open(options: RedisStateOptions): Promise<RedisState> {
		return new RedisState(await connectRedis(options.url, options.log), options);
	}

	counter(name: string, perMinute: number): RateCounter {
		return new RedisCounter(this.client, `${this.options.prefix}rate:${name}:`, perMinute, this.options.now);
	}

	/**
	 * Every process of a deployment must share the deployment id, handle salt and pepper, or
	 * each would seal and verify records its own way. The first process stores a fingerprint
	 * (the pepper only as a keyed hash of a label); a process with other values refuses to start.
	 */
	async agreeOnDeployment(deployment: { readonly id: string; readonly handleSalt: string }, pepper: Uint8Array): Promise<void> {
		const check = createHmac('sha256', pepper).update('parley/deployment-check').digest('base64url');
		const fingerprint = JSON.stringify({ id: deployment.id, handleSalt: deployment.handleSalt, pepper: check });
		const key = `${this.options.prefix}deployment`;
		await this.client.set(key, fingerprint, { condition: 'NX' });
		if ((await this.client.get(key)) !== fingerprint) {
			throw new Error(
				`Redis holds another deployment under "${this.options.prefix}": set the same DEPLOYMENT_ID, HANDLE_SALT and DIRECTORY_PEPPER on every process (docs/DEPLOY.md)`
			);
		}
	}

	async ready(): Promise<boolean> {
		try {
			return (await this.client.ping()) === 'PONG';
		} catch {
			return false;
		}
	}

	async close(): Promise<void> {
		if (this.client.isOpen) await this.client.close();
	}
}

class RedisTokens implements UsedTokens {
	constructor(
		private readonly client: Redis,
		private readonly prefix: string
	) {}

	async claimOnce(token: string, ttlMs: number): Promise<boolean> {
		// Hashed: a token is a credential for its window, and Redis is readable by its operators.
		const key = this.prefix + createHash('sha256').update(token).digest('base64url');
		const set = await this.client.set(key, '1', { condition: 'NX', expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) } });
		return set === 'OK';
	}
}

class RedisCounter implements RateCounter {
	constructor(
		private readonly client: Redis,
		private readonly prefix: string,
		private readonly perMinute: number,
		private readonly now: () => number
	) {}

	async take(client: string): Promise<Take> {
		const reply = await this.client.eval(TAKE_SCRIPT, { keys: [this.prefix + client], arguments: [String(this.now()), String(this.perMinute)] });
		const [taken, retryAfterMs] = Array.isArray(reply) ? reply : [];
		return taken === 1 ? { ok: true } : { ok: false, retryAfterMs: typeof retryAfterMs === 'number' && retryAfterMs > 0 ? retryAfterMs : 60_000 };
	}
}

class RedisPresence implements Presence {
	constructor(
		private readonly client: Redis,
		private readonly prefix: string,
		readonly ttlMs: number
	) {}

	async holder(id: string): Promise<Holder | undefined> {
		const value = await this.client.get(this.prefix + id);
		return value === null ? undefined : parseHolder(value);
	}

	async claim(id: string, holder: Holder): Promise<PresenceClaim> {
		const reply = await this.client.eval(CLAIM_PRESENCE_SCRIPT, {
			keys: [this.prefix + id],
			arguments: [JSON.stringify(holder), holder.process, holder.ts === null ? '' : String(holder.ts), String(this.ttlMs)]
		});
		const [taken, previous] = Array.isArray(reply) ? reply : [];
		if (taken !== 1) return { ok: false };
		return typeof previous === 'string' && PROCESS_ID.test(previous) ? { ok: true, previous } : { ok: true };
	}

	async release(id: string, process: string): Promise<void> {
		await this.client.eval(RELEASE_PRESENCE_SCRIPT, { keys: [this.prefix + id], arguments: [process] });
	}

	async refresh(process: string, held: ReadonlyMap<string, number | null>): Promise<void> {
		const entries = [...held];
		for (let start = 0; start < entries.length; start += REFRESH_BATCH) {
			const batch = entries.slice(start, start + REFRESH_BATCH);
			await this.client.eval(REFRESH_SCRIPT, {
				keys: batch.map(([id]) => this.prefix + id),
				arguments: [process, String(this.ttlMs), ...batch.map(([, ts]) => JSON.stringify({ process, ts }))]
			});
		}
	}
}

/** Redis is a trust boundary too: a record that is too big or off-schema is no holder. */
export function parseHolder(value: string): Holder | undefined {
	if (value.length > MAX_HOLDER_BYTES) return undefined;
	try {
		const parsed = v.safeParse(HolderSchema, JSON.parse(value));
		return parsed.success ? parsed.output : undefined;
	} catch {
		return undefined;
	}
}
