// @ts-nocheck
// 
// 
import type { ChatDb } from '../db/chat-db';
import { observe } from '../db/live';
import { conversationSpan, messagePlace, messagesBetween, messagesSince, newerPage, olderPage, openThread, threadRowKey } from '../db/queries';
import type { ThreadMessage } from '../db/schema';
import { capPages, localDay, localDayStart } from '../history/paging';
import type { PeerId } from '../ids/peer-id';
import type { Messenger } from '../messenger/messenger';
import { LiveQueryState } from './live-query.svelte';
import { reuseUnchanged } from './reuse-unchanged';
import { requestOutboxSync } from '../pwa/outbox-sync';

/**
 * How many of the newest messages the live tail starts with. It is the only part re-read after
 * every new message, so it stays small; it must cover the list's first render (≥ 100 rows).
 */
export const LIVE_WINDOW = 120;
/**
 * When the tail has grown to this many rows (messages arriving while the thread is open), its
 * older part becomes a page and the tail restarts from the newest LIVE_WINDOW: the query that
 * re-runs on every write stays small however long the thread stays open.
 */
export const TAIL_COMPACT_AT = LIVE_WINDOW * 4;
/** Messages per page of older (or, after a jump, newer) history. */
export const PAGE_SIZE = 100;
/** Pages kept loaded; beyond this the far end is dropped, so memory stays bounded too. */
export const MAX_PAGES = 20;
/** Messages loaded before a focused message, so it lands mid-page with context above it. */
const FOCUS_CONTEXT = 40;
/** Marking read is a write that re-runs every live query; one per burst of arrivals is enough. */
const MARK_READ_DELAY_MS = 250;

/** One loaded stretch of history, [from, to) by local time, kept live like the tail. */
interface HistoryPage {
	from: number;
	to: number;
	rows: LiveQueryState<ThreadMessage[]>;
}

/** Where the message list should scroll next; the list consumes it (sets it back to null). */
export type ScrollTarget =
	| { kind: 'message'; id: string; align: 'start' | 'center'; highlight: boolean }
	| { kind: 'latest' };

export type HistoryLoad = 'older' | 'newer' | 'jump';

/**
 * A conversation as the list shows it: static-range pages of older history followed by the
 * live tail (the newest messages, re-queried on every write). Normally the pages end where the
 * tail starts ("attached"). A jump to a date or a message replaces the pages with a stretch
 * elsewhere in history ("detached": the tail is not shown until paging forward reaches it or
 * the reader jumps back to the latest).
 */
export class ThreadState {
	/** True once the newest messages are known (they show before the live query has run). */
	ready = $state(false);
	sendError = $state<string | null>(null);
	loadError = $state<string | null>(null);
	pages = $state.raw<HistoryPage[]>([]);
	attached = $state(true);
	/** Whether messages older than the first loaded one may exist. */
	hasOlder = $state(false);
	loading = $state<HistoryLoad | null>(null);
	target = $state.raw<ScrollTarget | null>(null);

	#live = $state.raw<LiveQueryState<ThreadMessage[]> | null>(null);
	#opening = $state.raw<ThreadMessage[]>([]);
	/** Where the live tail starts; pages never reach past it. */
	#since = -Infinity;
	#tailHasOlder = false;
	/** Bumped by jumps: a page load that finishes after one is stale and dropped. */
	#generation = 0;
	#reuse = reuseUnchanged<ThreadMessage>(threadRowKey);

	/** The newest messages, live (the opening rows until the live query first answers). */
	readonly tail: ThreadMessage[] = $derived(this.#live?.loaded ? this.#live.current : this.#opening);

	/** Everything loaded, oldest first: the pages, then the tail when attached. */
	readonly messages: ThreadMessage[] = $derived.by(() => {
		const parts = this.pages.map((page) => page.rows.current);
		if (this.attached) parts.push(this.tail);
		return parts.length === 1 ? parts[0]! : parts.flat();
	});

	get hasNewer(): boolean {
		return !this.attached;
	}

	get error(): string | null {
		return this.#live?.error ?? this.loadError;
	}

	constructor(
		private readonly db: ChatDb,
		private readonly messenger: Messenger,
		readonly peer: PeerId
	) {
		openThread(db, peer, LIVE_WINDOW).then(
			(opening) => {
				this.#since = opening.since;
				this.#tailHasOlder = opening.hasOlder;
				this.hasOlder = opening.hasOlder;
				// The opening rows render at once; priming the cache keeps their objects when the
				// live query returns the same rows, so its first answer re-renders nothing.
				this.#opening = this.#reuse(opening.rows);
				this.#live = new LiveQueryState(observe(() => messagesSince(db, peer, opening.since).then(this.#reuse)), this.#opening);
				this.ready = true;
			},
			(error: unknown) => (this.loadError = describe(error))
		);
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
	 * Moves all but the newest LIVE_WINDOW rows of a grown tail into a page (live over its fixed
	 * range, so ticks and edits still show) and restarts the tail after them. The rows keep
	 * their objects on both sides of the move, so nothing re-renders.
	 */
	compactTail(): void {
		const tail = this.tail;
		if (!this.ready || tail.length < TAIL_COMPACT_AT) return;
		const since = tail[tail.length - LIVE_WINDOW]!.time;
		const moved = tail.filter((row) => row.time < since);
		const kept = tail.filter((row) => row.time >= since);
		if (moved.length === 0) return;
		// While detached the pages end before the old tail start; they keep paging up to the new one.
		if (this.attached) {
			const capped = capPages([...this.pages, this.#page(this.#since, since, moved)], MAX_PAGES, 'newer');
			this.pages = capped.pages;
			if (capped.dropped) this.hasOlder = true;
		}
		this.#since = since;
		this.#tailHasOlder = true;
		const reuse = reuseUnchanged<ThreadMessage>(threadRowKey);
		this.#opening = reuse(kept);
		this.#live = new LiveQueryState(
			observe(() => messagesSince(this.db, this.peer, since).then(reuse)),
			this.#opening
		);
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
	async #showFrom(from: number, pick: (rows: ThreadMessage[]) => ScrollTarget): Promise<void> {
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
			this.loadError = describe(error);
		}
	}

	async #load(kind: HistoryLoad, fetch: () => Promise<() => void>): Promise<void> {
		const generation = this.#generation;
		this.loading = kind;
		try {
			const apply = await fetch();
			if (generation !== this.#generation) return;
			apply();
			this.loading = null;
		} catch (error) {
			if (generation === this.#generation) this.loading = null;
			this.loadError = describe(error);
		}
	}

	#page(from: number, to: number, rows: ThreadMessage[]): HistoryPage {
		const reuse = reuseUnchanged<ThreadMessage>(threadRowKey);
		const initial = reuse(rows);
		return { from, to, rows: new LiveQueryState(observe(() => messagesBetween(this.db, this.peer, from, to).then(reuse)), initial) };
	}

	async send(text: string): Promise<boolean> {
		try {
			await this.messenger.sendText(this.peer, text);
			this.sendError = null;
			// Your own message is where you want to be: back to the newest, following again.
			this.jumpToLatest();
			// Not deliverable now: ask the service worker to wake us when connectivity returns.
			if (!this.messenger.connections.channel(this.peer)) void requestOutboxSync();
			return true;
		} catch (error) {
			this.sendError = error instanceof Error && error.name === 'QuotaExceededError'
				? 'Not sent: this browser has no storage space left.'
				: describe(error);
			return false;
		}
	}

	#markReadTimer: ReturnType<typeof setTimeout> | null = null;

	markRead(): void {
		if (this.#markReadTimer) return;
		this.#markReadTimer = setTimeout(() => {
			this.#markReadTimer = null;
			void this.messenger.markRead(this.peer);
		}, MARK_READ_DELAY_MS);
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
