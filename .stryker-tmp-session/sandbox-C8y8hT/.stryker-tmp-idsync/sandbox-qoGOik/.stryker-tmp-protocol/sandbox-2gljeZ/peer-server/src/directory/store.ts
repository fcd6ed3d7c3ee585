// @ts-nocheck
// 
// 
import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import type { DirectoryRecord } from '../../../src/lib/directory/record';
import { StoredEntrySchema, type DirectoryKeys, type StoredEntry } from './sealing';

export type ClaimOutcome =
	| { readonly kind: 'stored'; readonly created: boolean; readonly released?: string }
	| { readonly kind: 'taken' }
	| { readonly kind: 'replayed'; readonly lastTs: number }
	| { readonly kind: 'full' };

export type ReleaseOutcome =
	| { readonly kind: 'released' }
	| { readonly kind: 'not-found' }
	| { readonly kind: 'not-owner' }
	| { readonly kind: 'replayed'; readonly lastTs: number };

export interface DirectoryStoreOptions {
	/** The append-only JSON-lines file; created with its directory if missing. */
	readonly file: string;
	/** Keyed with the pepper, which is kept outside this file. */
	readonly keys: DirectoryKeys;
	readonly now: () => number;
	/**
	 * Records whose ts is further than this from the clock are refused before they reach the
	 * store, so replay state older than this is never consulted again and may be forgotten.
	 */
	readonly replayWindowMs: number;
	readonly maxEntries?: number;
	/** Rewrite the file once it holds this many more lines than twice what it needs. */
	readonly compactSlackLines?: number;
	readonly log?: (line: string) => void;
}

/** ~400 bytes of memory per handle: 100 000 handles stay around 40 MB. */
export const DEFAULT_MAX_ENTRIES = 100_000;
const DEFAULT_COMPACT_SLACK_LINES = 1000;
/** How often old releases are dropped from memory between compactions. */
const FORGET_EVERY_WRITES = 1000;

/**
 * The handle directory: who claims which handle hash, kept in memory and in an append-only file
 * of sealed records (`StoredEntry`), one JSON object per line. Neither the file nor memory holds
 * a client's handle hash, public key, peer id or signature in the clear: the key a lookup comes
 * with opens its one entry. Every accepted record is appended (and synced)
 * before it takes effect, so an answer of "stored" survives a crash. Replaying the file in order
 * rebuilds the state; it is rewritten (write-to-temp, then rename) when it has grown to hold
 * mostly superseded records or holds a damaged line.
 *
 * It only ever sees handle hashes: the plaintext handle never reaches the server.
 * Decisions and writes run one at a time, so two racing claims cannot both win.
 */
export class DirectoryStore {
	/** lookup key -> its current claim */
	readonly #claims = new Map<string, StoredEntry>();
	/** owner -> the lookup key it claims (at most one) */
	readonly #owned = new Map<string, string>();
	/** owner -> its last accepted entry (replay protection: ts must grow) */
	readonly #latest = new Map<string, StoredEntry>();
	#handle: FileHandle | undefined;
	#lines = 0;
	#writes = 0;
	#damaged = false;
	#queue: Promise<unknown> = Promise.resolve();
	#closed = false;

	private constructor(private readonly options: DirectoryStoreOptions) {}

	static async open(options: DirectoryStoreOptions): Promise<DirectoryStore> {
		const store = new DirectoryStore(options);
		await store.#load();
		return store;
	}

	get size(): number {
		return this.#claims.size;
	}

	/** The signed claim for the handle hash a client asked about; the hash is what unseals it. */
	lookup(handleHash: string): DirectoryRecord | undefined {
		const entry = this.#claims.get(this.options.keys.lookupKey(handleHash));
		return (entry && this.options.keys.open(entry, handleHash)) ?? undefined;
	}

	/**
	 * Stores a verified claim: free handle, or a refresh by its owner. Drops the key's other
	 * handle; `released` names it by its lookup key (the store cannot know its handle hash).
	 */
	claim(record: DirectoryRecord): Promise<ClaimOutcome> {
		return this.#serial(async () => {
			const entry = this.options.keys.seal(record);
			const current = this.#claims.get(entry.key);
			if (current && current.owner !== entry.owner) return { kind: 'taken' };
			const previous = this.#owned.get(entry.owner);
			const maxEntries = this.options.maxEntries ?? DEFAULT_MAX_ENTRIES;
			if (!current && previous === undefined && this.#claims.size >= maxEntries) return { kind: 'full' };
			const lastTs = this.#latest.get(entry.owner)?.ts;
			if (lastTs !== undefined && entry.ts <= lastTs) return { kind: 'replayed', lastTs };
			await this.#append(entry);
			this.#apply(entry);
			return {
				kind: 'stored',
				created: !current,
				...(previous !== undefined && previous !== entry.key ? { released: previous } : {})
			};
		});
	}

	/** Removes a verified release by the handle's owner. */
	release(record: DirectoryRecord): Promise<ReleaseOutcome> {
		return this.#serial(async () => {
			const entry = this.options.keys.seal(record);
			const current = this.#claims.get(entry.key);
			if (!current) return { kind: 'not-found' };
			if (current.owner !== entry.owner) return { kind: 'not-owner' };
			const lastTs = this.#latest.get(entry.owner)?.ts;
			if (lastTs !== undefined && entry.ts <= lastTs) return { kind: 'replayed', lastTs };
			await this.#append(entry);
			this.#apply(entry);
			return { kind: 'released' };
		});
	}

	/** Waits for pending writes, then closes the file; later calls do nothing. */
	close(): Promise<void> {
		return this.#serial(async () => {
			this.#closed = true;
			await this.#handle?.close();
			this.#handle = undefined;
		}, true);
	}

	#serial<T>(task: () => Promise<T>, evenIfClosed = false): Promise<T> {
		const run = this.#queue.then(() => {
			if (this.#closed && !evenIfClosed) throw new Error('the directory store is closed');
			return task();
		});
		// The queue survives a failed task; the caller still sees the failure.
		this.#queue = run.catch(() => undefined);
		return run;
	}

	/** The one place state changes, for loading and for accepted records alike. */
	#apply(entry: StoredEntry): void {
		const { owner, key } = entry;
		const latest = this.#latest.get(owner);
		if (!latest || latest.ts < entry.ts) this.#latest.set(owner, entry);
		const current = this.#claims.get(key);
		if (entry.op === 'release') {
			// Ignored unless it really ends this key's (older) claim, so load order cannot matter.
			if (current && current.owner === owner && current.ts < entry.ts) {
				this.#claims.delete(key);
				this.#owned.delete(owner);
			}
			return;
		}
		const previous = this.#owned.get(owner);
		if (previous !== undefined && previous !== key) this.#claims.delete(previous);
		if (current && current.owner !== owner) this.#owned.delete(current.owner);
		this.#claims.set(key, entry);
		this.#owned.set(owner, key);
	}

	async #load(): Promise<void> {
		const { file, log } = this.options;
		await mkdir(path.dirname(file), { recursive: true });
		let text = '';
		try {
			text = await readFile(file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
		let skipped = 0;
		for (const line of text.split('\n')) {
			if (!line.trim()) continue;
			this.#lines++;
			const entry = parseLine(line);
			if (entry) this.#apply(entry);
			else skipped++;
		}
		if (skipped > 0) log?.(`directory: skipped ${skipped} unreadable line(s) in ${file}`);
		// A torn last line (crash mid-write) would glue itself to the next append.
		this.#damaged = skipped > 0 || (text.length > 0 && !text.endsWith('\n'));
		if (this.#damaged || this.#needsCompaction()) await this.#compact();
		else this.#handle = await open(file, 'a', 0o600);
	}

	async #append(entry: StoredEntry): Promise<void> {
		if (this.#damaged || this.#needsCompaction()) await this.#compact();
		const handle = this.#handle;
		if (!handle) throw new Error('the directory store is not open');
		try {
			await handle.write(`${JSON.stringify(entry)}\n`);
			await handle.datasync();
		} catch (error) {
			// A partial line may be on disk now: rewrite from memory before the next append.
			this.#damaged = true;
			throw error;
		}
		this.#lines++;
		if (++this.#writes % FORGET_EVERY_WRITES === 0) this.#forgetOldReleases(this.options.now() - this.options.replayWindowMs);
	}

	#needsCompaction(): boolean {
		return this.#lines > 2 * this.#latest.size + (this.options.compactSlackLines ?? DEFAULT_COMPACT_SLACK_LINES);
	}

	/** Writes only what the state needs (live claims, recent releases) to a temp file, then renames. */
	async #compact(): Promise<void> {
		const { file, now, replayWindowMs } = this.options;
		this.#forgetOldReleases(now() - replayWindowMs);
		const keep = [...this.#claims.values(), ...[...this.#latest.values()].filter((entry) => entry.op === 'release')];
		const temporary = `${file}.tmp`;
		const out = await open(temporary, 'w', 0o600);
		try {
			await out.write(keep.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
			await out.datasync();
		} finally {
			await out.close();
		}
		await this.#handle?.close();
		this.#handle = undefined;
		await rename(temporary, file);
		this.#handle = await open(file, 'a', 0o600);
		this.#lines = keep.length;
		this.#damaged = false;
	}

	/** A key's last record matters only while a replay of it could still pass the clock check. */
	#forgetOldReleases(before: number): void {
		for (const [owner, entry] of this.#latest) {
			if (entry.op === 'release' && entry.ts < before) this.#latest.delete(owner);
		}
	}
}

/** Lines in the old clear-text format (before pepper) count as unreadable and are dropped. */
function parseLine(line: string): StoredEntry | null {
	try {
		const parsed = v.safeParse(StoredEntrySchema, JSON.parse(line));
		return parsed.success ? parsed.output : null;
	} catch {
		return null;
	}
}
