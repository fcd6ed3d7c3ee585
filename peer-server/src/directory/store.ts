import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { DirectoryRecordSchema, type DirectoryRecord } from '../../../src/lib/directory/record';

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
 * of signed records, one JSON object per line. Every accepted record is appended (and synced)
 * before it takes effect, so an answer of "stored" survives a crash. Replaying the file in order
 * rebuilds the state; it is rewritten (write-to-temp, then rename) when it has grown to hold
 * mostly superseded records or holds a damaged line.
 *
 * It only ever sees handle hashes: the plaintext handle never reaches the server.
 * Decisions and writes run one at a time, so two racing claims cannot both win.
 */
export class DirectoryStore {
	/** handle hash -> its current claim */
	readonly #claims = new Map<string, DirectoryRecord>();
	/** public key -> the handle hash it claims (at most one) */
	readonly #owned = new Map<string, string>();
	/** public key -> its last accepted record (replay protection: ts must grow) */
	readonly #latest = new Map<string, DirectoryRecord>();
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

	lookup(handleHash: string): DirectoryRecord | undefined {
		return this.#claims.get(handleHash);
	}

	/** Stores a verified claim: free handle, or a refresh by its owner. Drops the key's other handle. */
	claim(record: DirectoryRecord): Promise<ClaimOutcome> {
		return this.#serial(async () => {
			const current = this.#claims.get(record.handleHash);
			if (current && current.publicKey !== record.publicKey) return { kind: 'taken' };
			const previous = this.#owned.get(record.publicKey);
			const maxEntries = this.options.maxEntries ?? DEFAULT_MAX_ENTRIES;
			if (!current && previous === undefined && this.#claims.size >= maxEntries) return { kind: 'full' };
			const lastTs = this.#latest.get(record.publicKey)?.ts;
			if (lastTs !== undefined && record.ts <= lastTs) return { kind: 'replayed', lastTs };
			await this.#append(record);
			this.#apply(record);
			return {
				kind: 'stored',
				created: !current,
				...(previous !== undefined && previous !== record.handleHash ? { released: previous } : {})
			};
		});
	}

	/** Removes a verified release by the handle's owner. */
	release(record: DirectoryRecord): Promise<ReleaseOutcome> {
		return this.#serial(async () => {
			const current = this.#claims.get(record.handleHash);
			if (!current) return { kind: 'not-found' };
			if (current.publicKey !== record.publicKey) return { kind: 'not-owner' };
			const lastTs = this.#latest.get(record.publicKey)?.ts;
			if (lastTs !== undefined && record.ts <= lastTs) return { kind: 'replayed', lastTs };
			await this.#append(record);
			this.#apply(record);
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
	#apply(record: DirectoryRecord): void {
		const { publicKey, handleHash } = record;
		const latest = this.#latest.get(publicKey);
		if (!latest || latest.ts < record.ts) this.#latest.set(publicKey, record);
		const current = this.#claims.get(handleHash);
		if (record.op === 'release') {
			// Ignored unless it really ends this key's (older) claim, so load order cannot matter.
			if (current && current.publicKey === publicKey && current.ts < record.ts) {
				this.#claims.delete(handleHash);
				this.#owned.delete(publicKey);
			}
			return;
		}
		const previous = this.#owned.get(publicKey);
		if (previous !== undefined && previous !== handleHash) this.#claims.delete(previous);
		if (current && current.publicKey !== publicKey) this.#owned.delete(current.publicKey);
		this.#claims.set(handleHash, record);
		this.#owned.set(publicKey, handleHash);
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
			const record = parseLine(line);
			if (record) this.#apply(record);
			else skipped++;
		}
		if (skipped > 0) log?.(`directory: skipped ${skipped} unreadable line(s) in ${file}`);
		// A torn last line (crash mid-write) would glue itself to the next append.
		this.#damaged = skipped > 0 || (text.length > 0 && !text.endsWith('\n'));
		if (this.#damaged || this.#needsCompaction()) await this.#compact();
		else this.#handle = await open(file, 'a', 0o600);
	}

	async #append(record: DirectoryRecord): Promise<void> {
		if (this.#damaged || this.#needsCompaction()) await this.#compact();
		const handle = this.#handle;
		if (!handle) throw new Error('the directory store is not open');
		try {
			await handle.write(`${JSON.stringify(record)}\n`);
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
		const keep = [...this.#claims.values(), ...[...this.#latest.values()].filter((record) => record.op === 'release')];
		const temporary = `${file}.tmp`;
		const out = await open(temporary, 'w', 0o600);
		try {
			await out.write(keep.map((record) => `${JSON.stringify(record)}\n`).join(''));
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
		for (const [publicKey, record] of this.#latest) {
			if (record.op === 'release' && record.ts < before) this.#latest.delete(publicKey);
		}
	}
}

function parseLine(line: string): DirectoryRecord | null {
	try {
		const parsed = v.safeParse(DirectoryRecordSchema, JSON.parse(line));
		return parsed.success ? parsed.output : null;
	} catch {
		return null;
	}
}
