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
import type { ReceivedRow, SearchIndexRow, SentRow, ThreadMessage } from '../db/schema';
import { dropSearchStale, loadSearchStale, type StaleEntry } from '../db/search-stale';
import type { SearchClient } from '../search/search-client';
import { SEARCH_SCHEMA_VERSION, type SearchDoc } from '../search/search-limits';
import { indexedText } from '../search/message-words';
import { IndexMarks, type IndexedUpTo } from './search-marks';

export type { IndexedUpTo } from './search-marks';

/** Any stored message row; the direction follows from its table's fields. */
export type IndexableRow = SentRow | ReceivedRow | ThreadMessage;

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
	/** The start's catch-up (or rebuild) fed the worker more rows: answers on screen are stale. */
	onFed?: () => void;
	now?: () => number;
	/** The saved index's row, read already (at boot, beside the identity): the start uses it once. */
	savedIndex?: Promise<SearchIndexRow | undefined>;
}

const SAVE_DELAY_MS = 5_000;
/** Under a steady stream, a save still happens this many quiet-time delays after the first change. */
const MAX_SAVE_WAIT_FACTOR = 6;
const BATCH_SIZE = 1_000;
const TABLES: readonly MessageTable[] = ['sender', 'receiver'];

export function toSearchDoc(row: IndexableRow): SearchDoc {
	const direction = 'direction' in row ? row.direction : 'status' in row ? 'out' : 'in';
	return { id: row.id, conversationId: row.conversationId, peerId: row.peerId, direction, text: indexedText(row), time: row.time };
}

const isIdList = (value: unknown): value is string[] => Array.isArray(value) && value.every((id) => typeof id === 'string');

/** The saved ids on the marks, the lists that look right (a bad one only costs re-feeding its rows). */
function savedOnMark(saved: unknown): Partial<Record<keyof IndexedUpTo, string[]>> {
	if (typeof saved !== 'object' || saved === null) return {};
	const lists: Partial<Record<keyof IndexedUpTo, string[]>> = {};
	for (const mark of ['sender', 'receiver', 'edits'] as const) {
		const ids = (saved as Record<string, unknown>)[mark];
		if (isIdList(ids)) lists[mark] = ids;
	}
	return lists;
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
	#marks = new IndexMarks();
	#chain: Promise<unknown> = Promise.resolve();
	#saveTimer: ReturnType<typeof setTimeout> | null = null;
	#stopped = false;
	#ready = false;
	/** When the oldest change not yet in a save was made (null: all saved). */
	#unsavedSince: number | null = null;
	/** Something changed since the last snapshot was taken. */
	#dirty = false;
	#options: Required<Omit<IndexerOptions, 'onPhase' | 'onFed' | 'savedIndex'>> & Pick<IndexerOptions, 'onPhase' | 'onFed'>;
	#savedIndex: Promise<SearchIndexRow | undefined> | undefined;
	/** Noted changes behind the marks (`search-stale.ts`) fed this session, dropped from the note once saved. */
	#staleFed = new Map<string, StaleEntry>();

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
			onPhase: options.onPhase,
			onFed: options.onFed
		};
		this.#savedIndex = options.savedIndex;
	}

	get indexedUpTo(): Readonly<IndexedUpTo> {
		return this.#marks.upTo;
	}

	start(): Promise<StartReport> {
		return this.#serial(() => this.#start());
	}

	/**
	 * New or edited rows, as the app stores them. Safe to call twice for the same row. Before the
	 * start is done they wait for it (a `load` would replace an index that had them).
	 */
	index(rows: readonly IndexableRow[]): void {
		if (this.#stopped || rows.length === 0) return;
		if (!this.#ready) {
			void this.#serial(async () => this.#post(rows));
			return;
		}
		this.#post(rows);
	}

	/** Deleted rows that no one named (another tab cleared a conversation): the count check finds them. */
	repair(): Promise<void> {
		return this.#serial(async () => {
			if (this.#stopped || !this.#ready) return;
			if ((await this.#repair()) > 0) {
				this.#dirty = true;
				this.#scheduleSave();
			}
		});
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
	 * few edits since), a millisecond or two. Called after every answer, so results become
	 * current even if an `index` call was missed; returns how many rows it fed (the caller asks
	 * again when some were). Before the start has finished its own catch-up it does nothing, so
	 * a query never waits for a rebuild.
	 */
	async refresh(): Promise<number> {
		if (!this.#ready || this.#stopped) return 0;
		const fed = await this.#serial(() => this.#catchUp());
		if (fed > 0) {
			this.#dirty = true;
			this.#scheduleSave();
		}
		return fed;
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

	#post(rows: readonly IndexableRow[]): void {
		if (this.#stopped) return;
		const docs = rows.map(toSearchDoc);
		this.client.upsert(docs);
		for (const doc of docs) this.#marks.fedLive(doc.direction === 'out' ? 'sender' : 'receiver', doc.id, doc.time);
		this.#dirty = true;
		this.#scheduleSave();
	}

	async #start(): Promise<StartReport> {
		const started = this.#options.now();
		this.#options.onPhase?.('starting');
		let discarded: string | null = null;
		let loaded = 0;
		const early = this.#savedIndex;
		this.#savedIndex = undefined;
		const row = await (early ?? loadSearchIndex(this.db)).catch(() => undefined);
		if (row) {
			const upTo = row.indexedUpTo as (Partial<IndexedUpTo> & { onMark?: unknown }) | undefined;
			if (row.version !== SEARCH_SCHEMA_VERSION) discarded = `saved with schema ${row.version}`;
			else if (!(row.json instanceof Blob || row.json instanceof ArrayBuffer) || typeof upTo?.sender !== 'number' || typeof upTo.receiver !== 'number') discarded = 'incomplete row';
			else {
				const result = await this.client.load(row.json);
				if (result.error) discarded = result.error;
				else {
					loaded = result.count;
					// The rows on the marks are in the save: a start with nothing new feeds nothing (and
					// so re-indexes nothing and writes no new save).
					this.#marks.reset({ sender: upTo.sender, receiver: upTo.receiver, edits: typeof upTo.edits === 'number' ? upTo.edits : -Infinity }, savedOnMark(upTo.onMark));
				}
			}
		}
		const rebuilding = loaded === 0 && (row === undefined || discarded !== null);
		if (rebuilding) {
			await this.client.reset();
			this.#marks.reset();
			if (discarded) console.warn(`search: rebuilding the index (${discarded})`);
		}
		const loadMs = this.#options.now() - started;
		this.#options.onPhase?.(rebuilding ? 'rebuilding' : 'catching-up');
		const fed = await this.#catchUp();
		// Caught up past the marks: that is ready. The count check after it reads every key of
		// both tables when the counts differ, for drift that is rare; answers need not wait for it.
		this.#options.onPhase?.('ready');
		const repaired = await this.#repair();
		this.#ready = true;
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
		const edits = (await editsSince(this.db, this.#marks.upTo.edits)).filter((edit) => !this.#marks.onMark('edits', edit.id));
		const targets = [...new Set(edits.map((edit) => edit.target))];
		for (let i = 0; i < targets.length; i += this.#options.batchSize) {
			const rows = await messagesByIds(this.db, targets.slice(i, i + this.#options.batchSize));
			this.client.upsert(rows.map(toSearchDoc));
			fed += rows.length;
		}
		if (edits.length > 0) this.#marks.advance('edits', edits);
		return fed + (await this.#catchUpStale());
	}

	/**
	 * Messages whose text changed without a new `time` (a transcript), noted in the database by
	 * the writer: the range reads cannot see them, and a page that died before saving lost them.
	 * Each note is fed once per session; counted even when its message is gone, so a save follows
	 * and drops it.
	 */
	async #catchUpStale(): Promise<number> {
		const fresh = (await loadSearchStale(this.db)).filter((entry) => this.#staleFed.get(entry.id)?.at !== entry.at);
		if (fresh.length === 0) return 0;
		const rows = await messagesByIds(this.db, fresh.map((entry) => entry.id));
		this.client.upsert(rows.map(toSearchDoc));
		for (const entry of fresh) this.#staleFed.set(entry.id, entry);
		return fresh.length;
	}

	async #catchUpTable(table: MessageTable): Promise<number> {
		let fed = 0;
		const marks = this.#marks;
		for (;;) {
			if (this.#stopped) return fed;
			const limit = this.#options.batchSize + marks.onMarkCount(table);
			const rows = await messagesStoredSince(this.db, table, marks.upTo[table], limit);
			const fresh = rows.filter((row) => !marks.onMark(table, row.id));
			const unseen = fresh.filter((row) => !marks.takeLive(table, row.id));
			this.client.upsert(unseen.map(toSearchDoc));
			if (fresh.length > 0) marks.advance(table, fresh);
			fed += unseen.length;
			// A query asked early in a long catch-up (a rebuild of 100k rows) would otherwise show
			// what the index held then until the whole catch-up is done.
			if (!this.#ready && unseen.length > 0) this.#options.onFed?.();
			if (rows.length < limit) {
				marks.pruneLive(table);
				return fed;
			}
			await pause();
		}
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

	#scheduleSave(delay = this.#saveDelay()): void {
		if (this.#stopped) return;
		if (this.#saveTimer) clearTimeout(this.#saveTimer);
		this.#saveTimer = setTimeout(() => {
			this.#saveTimer = null;
			void this.#serial(() => this.#save());
		}, delay);
	}

	/**
	 * A quiet time after the last change; but a steady stream of messages never leaves one, so
	 * at the latest a few quiet times after the first unsaved change (a crash then costs the
	 * next start at most that much catch-up).
	 */
	#saveDelay(): number {
		const now = this.#options.now();
		this.#unsavedSince ??= now;
		return Math.min(this.#options.saveDelayMs, Math.max(0, this.#unsavedSince + this.#options.saveDelayMs * MAX_SAVE_WAIT_FACTOR - now));
	}

	async #save(): Promise<void> {
		if (this.#stopped) return;
		if (this.#options.busy()) {
			// Past the longest wait a changed index would retry at once: wait a quiet time again.
			this.#scheduleSave(this.#options.saveDelayMs);
			return;
		}
		// Rows indexed live since the last save are re-read (cheaply: only those) so the marks
		// move past them; then the snapshot, requested after, is known to contain the marks.
		if ((await this.#catchUp()) > 0) this.#dirty = true;
		if (!this.#dirty) return;
		this.#dirty = false;
		this.#unsavedSince = null;
		const indexedUpTo = { ...this.#marks.upTo, onMark: this.#marks.onMarkIds() };
		const staleSaved = [...this.#staleFed.values()];
		const { json, count } = await this.client.snapshot();
		await saveSearchIndex(this.db, { version: SEARCH_SCHEMA_VERSION, json, indexedUpTo, count, savedAt: this.#options.now() });
		await dropSearchStale(this.db, staleSaved);
		for (const entry of staleSaved) if (this.#staleFed.get(entry.id) === entry) this.#staleFed.delete(entry.id);
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
