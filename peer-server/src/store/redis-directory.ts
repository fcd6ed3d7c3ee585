import * as v from 'valibot';
import type { DirectoryRecord } from '../../../src/lib/directory/record';
import { StoredEntrySchema, type DirectoryKeys, type StoredEntry } from '../directory/sealing';
import { DEFAULT_MAX_ENTRIES, type ClaimOutcome, type ReleaseOutcome } from '../directory/store';
import type { Redis } from './redis-state';
import { CLAIM_SCRIPT, RELEASE_SCRIPT } from './redis-scripts';
import type { HandleDirectory } from './shared-state';

/** A sealed entry is ~400 bytes of JSON; anything much longer was not written by us. */
const MAX_ENTRY_BYTES = 2048;

export interface RedisDirectoryOptions {
	/** Ends in a hash tag ("…{directory}:"), so a Redis Cluster keeps every key in one slot. */
	readonly prefix: string;
	readonly keys: DirectoryKeys;
	readonly now: () => number;
	/** How long a release's timestamp is kept to refuse its replay (as DirectoryStore). */
	readonly replayWindowMs: number;
	readonly maxEntries?: number;
}

/**
 * The handle directory in Redis, with the same sealed entries as the file (`StoredEntry`):
 * Redis never holds a handle hash, public key, peer id or signature in the clear.
 * claim:<key> → entry JSON, owned:<owner> → key, latest:<owner> → last ts, count → claims.
 * Each claim or release is one Lua script, so racing writers from any process are serialised.
 */
export class RedisDirectory implements HandleDirectory {
	constructor(
		private readonly client: Redis,
		private readonly options: RedisDirectoryOptions
	) {}

	async lookup(handleHash: string): Promise<DirectoryRecord | undefined> {
		const value = await this.client.get(`${this.options.prefix}claim:${this.options.keys.lookupKey(handleHash)}`);
		const entry = value === null ? undefined : parseEntry(value);
		return (entry && this.options.keys.open(entry, handleHash)) ?? undefined;
	}

	async claim(record: DirectoryRecord): Promise<ClaimOutcome> {
		const entry = this.options.keys.seal(record);
		const { prefix } = this.options;
		const reply = await this.client.eval(CLAIM_SCRIPT, {
			keys: this.#keys(entry),
			arguments: [JSON.stringify(entry), entry.owner, String(entry.ts), String(this.options.maxEntries ?? DEFAULT_MAX_ENTRIES), entry.key, `${prefix}claim:`]
		});
		const [kind, first, second] = replyParts(reply);
		switch (kind) {
			case 'stored':
				return { kind: 'stored', created: first === 1, ...(typeof second === 'string' && second !== '' ? { released: second } : {}) };
			case 'taken':
			case 'full':
				return { kind };
			case 'replayed':
				return { kind, lastTs: Number(first) };
			default:
				throw new Error('unexpected reply from the directory claim script');
		}
	}

	async release(record: DirectoryRecord): Promise<ReleaseOutcome> {
		const entry = this.options.keys.seal(record);
		const reply = await this.client.eval(RELEASE_SCRIPT, {
			keys: this.#keys(entry),
			arguments: [entry.owner, String(entry.ts), String(this.options.replayWindowMs)]
		});
		const [kind, first] = replyParts(reply);
		switch (kind) {
			case 'released':
			case 'not-found':
			case 'not-owner':
				return { kind };
			case 'replayed':
				return { kind, lastTs: Number(first) };
			default:
				throw new Error('unexpected reply from the directory release script');
		}
	}

	/** The connection belongs to RedisState, which closes it. */
	close(): Promise<void> {
		return Promise.resolve();
	}

	#keys(entry: StoredEntry): string[] {
		const { prefix } = this.options;
		return [`${prefix}claim:${entry.key}`, `${prefix}owned:${entry.owner}`, `${prefix}latest:${entry.owner}`, `${prefix}count`];
	}
}

function replyParts(reply: unknown): readonly unknown[] {
	return Array.isArray(reply) ? reply : [];
}

function parseEntry(value: string): StoredEntry | undefined {
	if (value.length > MAX_ENTRY_BYTES) return undefined;
	try {
		const parsed = v.safeParse(StoredEntrySchema, JSON.parse(value));
		return parsed.success ? parsed.output : undefined;
	} catch {
		return undefined;
	}
}
