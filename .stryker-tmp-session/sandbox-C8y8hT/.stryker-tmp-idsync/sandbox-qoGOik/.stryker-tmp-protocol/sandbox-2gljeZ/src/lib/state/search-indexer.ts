// @ts-nocheck
// 
// 
import type { ChatDb } from '../db/chat-db';
import {
	allMessageIds,
	editsSince,
	loadSearchIndex,
	messageCount,
	messagesByIds,
	messagesStoredSince,
	saveSearchIndex,
	type MessageTable
} from '../db/search-queries';
import type { ReceivedRow, SentRow, ThreadMessage } from '../db/schema';
import type { SearchClient } from '../search/search-client';
import { SEARCH_SCHEMA_VERSION, type SearchDoc } from '../search/search-engine';

/** Any stored message row; the direction follows from its table's fields. */
export type IndexableRow = SentRow | ReceivedRow | ThreadMessage;

export interface IndexedUpTo {
	sender: number;
	receiver: number;
	edits: number;
}

export type IndexerPhase = 'starting' | 'catching-up' | 'rebuilding' | 'ready' | 'failed';

export interface StartReport {
	/** Messages in the saved index as loaded; 0 when there was none or it was unusable. */
	loaded: number;
	/** Why a saved index was not used, if one existed. */
	discarded: string | null;
	/** Rows fed from the database after loading (catch-up, or everything on a rebuild). */
	fed: number;
	/** Rows the count check found missing (or extra) and repaired. */
	repaired: number;
	loadMs: number;
	totalMs: number;
}

export interface IndexerOptions {
	/** Quiet time after the last change before the index is saved. */
	saveDelayMs?: number;
	/** Rows per database read while catching up; the page handles input between batches. */
	batchSize?: number;
	/** While true (someone is typing a query) saving waits: serializing holds the worker. */
	busy?: () => boolean;
	onPhase?: (phase: IndexerPhase) => void;
	now?: () => number;
}

const SAVE_DELAY_MS = 5_000;
const BATCH_SIZE = 1_000;
const TABLES: readonly MessageTable[] = ['sender', 'receiver'];

export function toSearchDoc(row: IndexableRow): SearchDoc {
	const direction = 'direction' in row ? row.direction : 'status' in row ? 'out' : 'in';
	return { id: row.id, conversationId: row.conversationId, peerId: row.peerId, direction, text: row.text, time: row.time };
}

/** Lets input events and rendering run between batches. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Keeps the worker's index in step with the database. The page feeds the worker (rather than
 * the worker opening IndexedDB itself) because the search code stays pure and storage stays in
 * db/ — one owner of the database, whose future version upgrades no second connection in a
 * worker can block — and because the page is where new and edited rows are known first.
 *
 * Start: load the saved index into the worker; catch up with rows stored after its
 * `indexedUpTo` (and with edits since); compare counts and repair if the index drifted (a
 * lost `index` call, a row placed before `indexedUpTo`). No saved index, an old schema or a
 * corrupt one: rebuild from every row, in batches. Then: rows are indexed as the app stores
 * them, and the index is saved a few seconds after the last change.
 */
export class SearchIndexer {
	#upTo: IndexedUpTo = { sender: -Infinity, receiver: -Infinity, edits: -Infinity };
	#chain: Promise<unknown> = Promise.resolve();
	#saveTimer: ReturnType<typeof setTimeout> | null = null;
	/**
	 * Per mark, the ids at exactly the mark's time that were already fed: ranges are read
	 * inclusively (several rows may share a time), so these are skipped rather than fed again.
	 */
	#boundary: Record<keyof IndexedUpTo, Set<string>> = { sender: new Set(), receiver: new Set(), edits: new Set() };
	#stopped = false;
	#ready = false;
	/** Something changed since the last snapshot was taken. */
	#dirty = false;
	#options: Required<Omit<IndexerOptions, 'onPhase'>> & Pick<IndexerOptions, 'onPhase'>;

	constructor(
		private readonly db: ChatDb,
		private readonly client: SearchClient,
		options: IndexerOptions = {}
	) {
		this.#options = {
			saveDelayMs: options.saveDelayMs ?? SAVE_DELAY_MS,
			batchSize: options.batchSize ?? BATCH_SIZE,
			busy: options.busy ?? (() => false),
			now: options.now ?? Date.now,
			onPhase: options.onPhase
		};
	}

	get indexedUpTo(): Readonly<IndexedUpTo> {
		return this.#upTo;
	}

	start(): Promise<StartReport> {
		return this.#serial(() => this.#start());
	}

	/** New or edited rows, as the app stores them. Safe to call twice for the same row. */
	index(rows: readonly IndexableRow[]): void {
		if (this.#stopped || rows.length === 0) return;
		this.client.upsert(rows.map(toSearchDoc));
		this.#dirty = true;
		this.#scheduleSave();
	}

	/** Deleted messages. */
	unindex(ids: readonly string[]): void {
		if (this.#stopped || ids.length === 0) return;
		this.client.remove([...ids]);
		this.#dirty = true;
		this.#scheduleSave();
	}

	/**
	 * Catches up with rows stored since the last look: a range read past the marks (plus the
	 * few edits since), a millisecond or two. Called before every search, so results are current
	 * even if an `index` call was missed. Before the start has finished its own catch-up it does
	 * nothing, so a query never waits for a rebuild.
	 */
	async refresh(): Promise<void> {
		if (!this.#ready || this.#stopped) return;
		const fed = await this.#serial(() => this.#catchUp());
		if (fed > 0) {
			this.#dirty = true;
			this.#scheduleSave();
		}
	}

	/** Saves now (after catching up), e.g. when the page is being hidden. */
	save(): Promise<void> {
		if (this.#saveTimer) clearTimeout(this.#saveTimer);
		this.#saveTimer = null;
		return this.#serial(() => this.#save());
	}

	/** Stops indexing and saving; resolves once the step under way (if any) has finished. */
	stop(): Promise<void> {
		this.#stopped = true;
		if (this.#saveTimer) clearTimeout(this.#saveTimer);
		return this.#chain.then(() => undefined);
	}

	async #start(): Promise<StartReport> {
		const started = this.#options.now();
		this.#options.onPhase?.('starting');
		let discarded: string | null = null;
		let loaded = 0;
		const row = await loadSearchIndex(this.db).catch(() => undefined);
		if (row) {
			const upTo = row.indexedUpTo as Partial<IndexedUpTo> | undefined;
			if (row.version !== SEARCH_SCHEMA_VERSION) discarded = `saved with schema ${row.version}`;
			else if (!(row.json instanceof Blob) || typeof upTo?.sender !== 'number' || typeof upTo.receiver !== 'number') discarded = 'incomplete row';
			else {
				const result = await this.client.load(row.json);
				if (result.error) discarded = result.error;
				else {
					loaded = result.count;
					this.#upTo = { sender: upTo.sender, receiver: upTo.receiver, edits: typeof upTo.edits === 'number' ? upTo.edits : -Infinity };
					this.#boundary = { sender: new Set(), receiver: new Set(), edits: new Set() };
				}
			}
		}
		const rebuilding = loaded === 0 && (row === undefined || discarded !== null);
		if (rebuilding) {
			await this.client.reset();
			this.#upTo = { sender: -Infinity, receiver: -Infinity, edits: -Infinity };
			this.#boundary = { sender: new Set(), receiver: new Set(), edits: new Set() };
			if (discarded) console.warn(`search: rebuilding the index (${discarded})`);
		}
		const loadMs = this.#options.now() - started;
		this.#options.onPhase?.(rebuilding ? 'rebuilding' : 'catching-up');
		const fed = await this.#catchUp();
		const repaired = await this.#repair();
		this.#ready = true;
		this.#options.onPhase?.('ready');
		if (rebuilding || fed > 0 || repaired > 0) {
			this.#dirty = true;
			// A fresh rebuild is worth keeping at once; a small catch-up can wait for the next save.
			if (rebuilding) await this.#save();
			else this.#scheduleSave();
		}
		return { loaded, discarded, fed, repaired, loadMs, totalMs: this.#options.now() - started };
	}

	/** Feeds every row stored at or after the marks, oldest first, and moves the marks. */
	async #catchUp(): Promise<number> {
		let fed = 0;
		for (const table of TABLES) fed += await this.#catchUpTable(table);
		const edits = (await editsSince(this.db, this.#upTo.edits)).filter((edit) => !this.#boundary.edits.has(edit.id));
		const targets = [...new Set(edits.map((edit) => edit.target))];
		for (let i = 0; i < targets.length; i += this.#options.batchSize) {
			const rows = await messagesByIds(this.db, targets.slice(i, i + this.#options.batchSize));
			this.client.upsert(rows.map(toSearchDoc));
			fed += rows.length;
		}
		if (edits.length > 0) this.#advance('edits', edits);
		return fed;
	}

	async #catchUpTable(table: MessageTable): Promise<number> {
		let fed = 0;
		for (;;) {
			if (this.#stopped) return fed;
			const boundary = this.#boundary[table];
			const limit = this.#options.batchSize + boundary.size;
			const rows = await messagesStoredSince(this.db, table, this.#upTo[table], limit);
			const fresh = rows.filter((row) => !boundary.has(row.id));
			if (fresh.length > 0) {
				this.client.upsert(fresh.map(toSearchDoc));
				this.#advance(table, fresh);
			}
			fed += fresh.length;
			if (rows.length < limit) return fed;
			await pause();
		}
	}

	/** Moves a mark to the newest of `items` (just fed), remembering who sits exactly on it. */
	#advance(mark: keyof IndexedUpTo, items: readonly { id: string; time: number }[]): void {
		const newest = items.reduce((top, item) => Math.max(top, item.time), -Infinity);
		if (newest < this.#upTo[mark]) return;
		const atNewest = items.filter((item) => item.time === newest).map((item) => item.id);
		if (newest > this.#upTo[mark]) this.#boundary[mark] = new Set(atNewest);
		else for (const id of atNewest) this.#boundary[mark].add(id);
		this.#upTo[mark] = newest;
	}

	/**
	 * The count check: rows the index never got (a lost `index` call for a row stored with a
	 * time before the mark) or still holds after they were deleted. Rare, so the full id
	 * comparison only runs when the counts differ.
	 */
	async #repair(): Promise<number> {
		const [rows, indexed] = await Promise.all([messageCount(this.db), this.client.count()]);
		if (rows === indexed) return 0;
		const { missing, removed } = await this.client.reconcile(await allMessageIds(this.db));
		for (let i = 0; i < missing.length; i += this.#options.batchSize) {
			const found = await messagesByIds(this.db, missing.slice(i, i + this.#options.batchSize));
			this.client.upsert(found.map(toSearchDoc));
			await pause();
		}
		return missing.length + removed;
	}

	#scheduleSave(): void {
		if (this.#stopped) return;
		if (this.#saveTimer) clearTimeout(this.#saveTimer);
		this.#saveTimer = setTimeout(() => {
			this.#saveTimer = null;
			void this.#serial(() => this.#save());
		}, this.#options.saveDelayMs);
	}

	async #save(): Promise<void> {
		if (this.#stopped) return;
		if (this.#options.busy()) {
			this.#scheduleSave();
			return;
		}
		// Rows indexed live since the last save are re-read (cheaply: only those) so the marks
		// move past them; then the snapshot, requested after, is known to contain the marks.
		if ((await this.#catchUp()) > 0) this.#dirty = true;
		if (!this.#dirty) return;
		this.#dirty = false;
		const indexedUpTo = { ...this.#upTo };
		const { json, count } = await this.client.snapshot();
		await saveSearchIndex(this.db, { version: SEARCH_SCHEMA_VERSION, json, indexedUpTo, count, savedAt: this.#options.now() });
	}

	/** Start, catch-up and saves never overlap: each waits for the one before. */
	#serial<T>(task: () => Promise<T>): Promise<T> {
		const run = this.#chain.then(task, task);
		this.#chain = run.catch((error: unknown) => {
			this.#options.onPhase?.('failed');
			console.error('search index:', error);
		});
		return run;
	}
}
