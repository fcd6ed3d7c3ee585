import type { ChatDb } from '../db/chat-db';
import type { StoredChanges } from '../db/change-feed';
import { conversationSpan, messagePlace, newerPage, olderPage, openThread } from '../db/queries';
import type { ThreadMessage } from '../db/schema';
import { EarlyRows } from '../history/early-rows';
import { applyRows, tailCut } from '../history/live-rows';
import { capPages, localDay, localDayStart } from '../history/paging';
import type { PeerId } from '../ids/peer-id';
import { FrameBatch } from './frame-batch';

/** How many of the newest messages a thread opens with; it must cover the list's first render (≥ 100 rows). */
export const LIVE_WINDOW = 120;
/**
 * When the tail has grown to this many rows (messages arriving while the thread is open), its
 * older part leaves it: dropped while the reader follows the newest messages (paging back reads
 * it again), kept as a page while they read above. Memory stays flat however long the thread
 * stays open.
 */
export const TAIL_COMPACT_AT = LIVE_WINDOW * 4;
/** Messages per page of older (or, after a jump, newer) history. */
export const PAGE_SIZE = 100;
/** Pages kept loaded; beyond this the far end is dropped, so memory stays bounded too. */
export const MAX_PAGES = 20;
/** Messages loaded before a focused message, so it lands mid-page with context above it. */
const FOCUS_CONTEXT = 40;

/** One loaded stretch of history, [from, to) by local time, kept current from the change feed. */
export interface HistoryPage {
	from: number;
	to: number;
	rows: readonly ThreadMessage[];
}

/** Where the message list should scroll next; the list consumes it (sets it back to null). */
export type ScrollTarget =
	| { kind: 'message'; id: string; align: 'start' | 'center'; highlight: boolean; focus?: boolean }
	| { kind: 'latest' };

export type HistoryLoad = 'older' | 'newer' | 'jump';

/**
 * A batch from the feeds: committed rows of this conversation, "read it again" (it was cleared),
 * or arrivals shown before their commit and ones taken back (db.previews).
 */
type ThreadChange = readonly ThreadMessage[] | 'reload' | { early: readonly ThreadMessage[]; withdrawn: readonly string[] };

/**
 * A conversation as the list shows it: pages of older history followed by the tail (the
 * newest messages). Everything loaded follows the database's change feed (`ChatDb.changes`):
 * new rows of this conversation are inserted in order, changed ones (ticks, edits, read marks)
 * replaced where they stand, with no IndexedDB read per write; a cleared conversation is read
 * again. Normally the pages end where the tail starts ("attached"). A jump to a date or a
 * message replaces the pages with a stretch elsewhere in history ("detached": the tail is not
 * shown until paging forward reaches it or the reader jumps back to the latest).
 */
export class ThreadHistory {
	/** True once the newest messages are known. */
	ready = $state(false);
	loadError = $state<string | null>(null);
	pages = $state.raw<HistoryPage[]>([]);
	attached = $state(true);
	/** Whether messages older than the first loaded one may exist. */
	hasOlder = $state(false);
	loading = $state<HistoryLoad | null>(null);
	target = $state.raw<ScrollTarget | null>(null);
	/** The newest messages, from where the tail starts on, in thread order. */
	tail = $state.raw<readonly ThreadMessage[]>([]);

	/** Where the tail starts; pages never reach past it. */
	#since = -Infinity;
	#tailHasOlder = false;
	/** Bumped by jumps and reloads: a load that finishes after one is stale and dropped. */
	#generation = 0;
	/** Until the opening read answers, changes wait here and are applied on top of it. */
	#early: ThreadMessage[] | null = [];
	/** Changes seen while a page read is under way, applied to the page it returns. */
	#duringLoad: ThreadMessage[] | null = null;
	#batch = new FrameBatch<ThreadChange>((changes) => this.#apply(changes));
	/** Incoming rows in the tail shown before their commit (db.previews). */
	#shownEarly = new EarlyRows();
	#unsubscribe: () => void;

	/** Everything loaded, oldest first: the pages, then the tail when attached. */
	readonly messages: readonly ThreadMessage[] = $derived.by(() => {
		const parts = this.pages.map((page) => page.rows);
		if (this.attached) parts.push(this.tail);
		return this.withSystemRows(parts.length === 1 ? parts[0]! : parts.flat());
	});

	/** A group thread adds its system lines here (group-thread-state.svelte.ts); a direct one has none. */
	protected withSystemRows(rows: readonly ThreadMessage[]): readonly ThreadMessage[] {
		return rows;
	}

	get hasNewer(): boolean {
		return !this.attached;
	}

	get error(): string | null {
		return this.loadError;
	}

	constructor(
		private readonly db: ChatDb,
		readonly peer: PeerId
	) {
		// Subscribed before the opening read: nothing committed after it starts can be missed.
		const stopChanges = db.changes.subscribe((changes) => this.#onChanges(changes));
		const stopPreviews = db.previews.subscribe(({ rows, withdrawn = [] }) => {
			const early = rows.filter((row) => row.conversationId === this.peer);
			if (early.length > 0 || withdrawn.length > 0) this.#batch.push({ early, withdrawn });
		});
		this.#unsubscribe = () => {
			stopChanges();
			stopPreviews();
		};
		void this.#open();
	}

	/** Stops following the feed (the conversation was closed). */
	close(): void {
		this.#unsubscribe();
		this.#batch.clear();
		this.#generation++;
	}

	#onChanges(changes: StoredChanges): void {
		if (changes.cleared?.includes(this.peer)) this.#batch.push('reload');
		let mine: ThreadMessage[] | null = null;
		for (const row of changes.messages) if (row.conversationId === this.peer) (mine ??= []).push(row);
		if (mine) this.#batch.push(mine);
	}

	/** Reads the newest messages and shows them (again, after a clear), with what changed meanwhile. */
	async #open(): Promise<void> {
		const generation = ++this.#generation;
		this.#early ??= [];
		try {
			const opening = await openThread(this.db, this.peer, LIVE_WINDOW);
			if (generation !== this.#generation) return;
			const early = this.#early ?? [];
			this.#early = null;
			this.#since = opening.since;
			this.#tailHasOlder = opening.hasOlder;
			this.hasOlder = opening.hasOlder;
			this.pages = [];
			this.attached = true;
			this.loading = null;
			this.tail = applyRows(opening.rows, early, (row) => row.time >= opening.since);
			this.loadError = null;
			this.ready = true;
		} catch (error) {
			if (generation === this.#generation) this.loadError = errorText(error);
		}
	}

	#apply(batch: ThreadChange[]): void {
		if (batch.includes('reload')) {
			this.#shownEarly.clear();
			// What was published before the read is in it; what follows waits in #early.
			this.#early = [];
			void this.#open();
			return;
		}
		const changes: ThreadMessage[] = [];
		const early: ThreadMessage[] = [];
		const withdrawn: string[] = [];
		for (const change of batch) {
			if (change === 'reload') continue;
			if ('early' in change) {
				early.push(...change.early);
				withdrawn.push(...change.withdrawn);
			} else changes.push(...change);
		}
		this.#shownEarly.committed(changes);
		// While the opening read runs, early rows are left out: their commit follows.
		if (this.#early) {
			this.#early.push(...changes);
			return;
		}
		if (early.length > 0 || withdrawn.length > 0) this.#applyEarly(early, withdrawn);
		this.#duringLoad?.push(...changes);
		const since = this.#since;
		this.tail = applyRows(this.tail, changes, (row) => row.time >= since);
		let pagesChanged = false;
		const pages = this.pages.map((page) => {
			const rows = applyRows(page.rows, changes, (row) => row.time >= page.from && row.time < page.to);
			if (rows === page.rows) return page;
			pagesChanged = true;
			return { ...page, rows };
		});
		if (pagesChanged) this.pages = pages;
	}

	/** Arrivals shown before their commit join the tail (they are the newest); withdrawn ones leave. */
	#applyEarly(early: readonly ThreadMessage[], withdrawn: readonly string[]): void {
		const since = this.#since;
		this.tail = this.#shownEarly.apply(this.tail, early, withdrawn, (row) => row.time >= since);
	}

	/** Prepends the page before the first loaded message. */
	async loadOlder(): Promise<void> {
		if (!this.ready || this.loading || !this.hasOlder) return;
		const before = this.pages[0]?.from ?? this.#since;
		await this.#load('older', async () => {
			const page = await olderPage(this.db, this.peer, before, PAGE_SIZE);
			return () => {
				this.hasOlder = page.hasOlder;
				if (page.rows.length === 0) return;
				const capped = capPages([this.#page(page.from, before, page.rows), ...this.pages], MAX_PAGES, 'older');
				// Dropping the newest page leaves a gap before the tail: show the tail again only
				// when paging forward reaches it.
				if (capped.dropped) this.attached = false;
				this.pages = capped.pages;
			};
		});
	}

	/** Appends the page after the last loaded message (only while detached from the tail). */
	async loadNewer(): Promise<void> {
		const last = this.pages.at(-1);
		if (!this.ready || this.loading || this.attached || !last) return;
		await this.#load('newer', async () => {
			const page = await newerPage(this.db, this.peer, last.to, PAGE_SIZE, this.#since);
			return () => {
				const pages = page.rows.length > 0 ? [...this.pages, this.#page(last.to, page.to, page.rows)] : this.pages;
				const capped = capPages(pages, MAX_PAGES, 'newer');
				if (capped.dropped) this.hasOlder = true;
				this.pages = capped.pages;
				this.attached = page.reachesEnd;
			};
		});
	}

	/** Shows the conversation from the start of a local day (`yyyy-mm-dd`), first message at the top. */
	async jumpToDate(value: string): Promise<void> {
		const start = localDayStart(value);
		if (start === null) return;
		await this.#showFrom(start, (rows) => {
			const first = rows.find((row) => row.time >= start);
			return first ? { kind: 'message', id: first.id, align: 'start', highlight: false } : { kind: 'latest' };
		});
	}

	/**
	 * Scrolls to one message and highlights it. 'elsewhere': it belongs to another conversation
	 * (whose thread should handle it); 'missing': no such message.
	 */
	async focus(id: string): Promise<'shown' | 'elsewhere' | 'missing'> {
		const target: ScrollTarget = { kind: 'message', id, align: 'center', highlight: true };
		if (this.messages.some((row) => row.id === id)) {
			this.target = target;
			return 'shown';
		}
		const place = await messagePlace(this.db, id);
		if (!place) return 'missing';
		if (place.conversationId !== this.peer) return 'elsewhere';
		const before = place.time < this.#since ? await olderPage(this.db, this.peer, place.time, FOCUS_CONTEXT) : null;
		await this.#showFrom(before?.rows[0]?.time ?? place.time, () => target);
		return 'shown';
	}

	/**
	 * Cuts a grown tail back to its newest LIVE_WINDOW rows. While the reader follows the newest
	 * messages (`following`) or reads a stretch elsewhere (detached), the older part and any
	 * pages are simply let go: paging back reads them again, and the memory a long-open thread
	 * holds stays flat. While they read above the tail, the older part becomes a page, so what
	 * they look at stays put. Rows keep their objects, so nothing re-renders.
	 */
	compactTail(following: boolean): void {
		const tail = this.tail;
		const since = this.ready ? tailCut(tail, TAIL_COMPACT_AT, LIVE_WINDOW) : null;
		if (since === null) return;
		if (this.attached && !following) {
			const moved = tail.filter((row) => row.time < since);
			const capped = capPages([...this.pages, { from: this.#since, to: since, rows: moved }], MAX_PAGES, 'newer');
			this.pages = capped.pages;
			if (capped.dropped) this.hasOlder = true;
		} else if (this.attached) {
			this.pages = [];
			this.hasOlder = true;
		}
		// While detached the pages end before the old tail start; they keep paging up to the new one.
		this.#since = since;
		this.#tailHasOlder = true;
		this.tail = tail.filter((row) => row.time >= since);
	}

	/** Back to the newest messages, following new ones again. */
	jumpToLatest(): void {
		this.#generation++;
		this.loading = null;
		if (!this.attached) {
			this.pages = [];
			this.attached = true;
			this.hasOlder = this.#tailHasOlder;
		}
		this.target = { kind: 'latest' };
	}

	/** The first and last days with messages, for the date picker's bounds. */
	async dateBounds(): Promise<{ min: string; max: string } | null> {
		const span = await conversationSpan(this.db, this.peer);
		return span ? { min: localDay(span.first), max: localDay(span.last) } : null;
	}

	/**
	 * Replaces what is loaded with history from `from` on (one page, or the tail when `from`
	 * falls inside it), then asks the list to scroll to `pick`'s choice among the loaded rows.
	 */
	async #showFrom(from: number, pick: (rows: readonly ThreadMessage[]) => ScrollTarget): Promise<void> {
		if (!this.ready) return;
		const generation = ++this.#generation;
		if (from >= this.#since) {
			this.loading = null;
			this.pages = [];
			this.attached = true;
			this.hasOlder = this.#tailHasOlder;
			this.target = pick(this.tail);
			return;
		}
		this.loading = 'jump';
		const done = this.#watchDuringLoad();
		try {
			const page = await newerPage(this.db, this.peer, from, PAGE_SIZE, this.#since);
			if (generation !== this.#generation) return;
			this.pages = page.rows.length > 0 ? [this.#page(from, page.to, page.rows)] : [];
			this.attached = page.reachesEnd;
			// Unknown without another query; a load that finds nothing settles it.
			this.hasOlder = from > -Infinity;
			this.target = pick(page.reachesEnd ? [...page.rows, ...this.tail] : page.rows);
			this.loading = null;
		} catch (error) {
			if (generation === this.#generation) this.loading = null;
			this.loadError = errorText(error);
		} finally {
			done();
		}
	}

	async #load(kind: HistoryLoad, fetch: () => Promise<() => void>): Promise<void> {
		const generation = this.#generation;
		this.loading = kind;
		const done = this.#watchDuringLoad();
		try {
			const apply = await fetch();
			if (generation !== this.#generation) return;
			apply();
			this.loading = null;
		} catch (error) {
			if (generation === this.#generation) this.loading = null;
			this.loadError = errorText(error);
		} finally {
			done();
		}
	}

	#loadsUnderWay = 0;

	/**
	 * Collects the changes published while a page is being read: the read may have started
	 * before they committed, so #page applies them on top of what it returned.
	 */
	#watchDuringLoad(): () => void {
		this.#loadsUnderWay++;
		this.#duringLoad ??= [];
		return () => {
			if (--this.#loadsUnderWay === 0) this.#duringLoad = null;
		};
	}

	#page(from: number, to: number, rows: readonly ThreadMessage[]): HistoryPage {
		return { from, to, rows: applyRows(rows, this.#duringLoad ?? [], (row) => row.time >= from && row.time < to) };
	}
}

/** An error as one line for the thread's banner. */
export function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
