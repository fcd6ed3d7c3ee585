import type { ChatDb } from '../db/chat-db';
import type { SearchIndexRow } from '../db/schema';
import { hitsWithAuthors } from '../db/queries';
import { shownName } from '../text/shown-name';
import { SearchClient, createSearchWorker } from '../search/search-client';
import { MIN_QUERY_CHARS } from '../search/search-limits';
import { queryTerms } from '../search/search-text';
import { makeSnippet, type Snippet } from '../search/snippet';
import { searchText } from '../search/message-words';
import { SearchIndexer, type IndexableRow, type IndexerOptions, type IndexerPhase, type StartReport } from './search-indexer';
import { SearchFeed } from './search-feed';

/** One search result as the sidebar shows it. */
export interface SearchResultView {
	id: string;
	conversationId: string;
	peerId: string;
	/** The contact's display name (nickname first). */
	name: string;
	direction: 'in' | 'out';
	time: number;
	snippet: Snippet;
}

/**
 * Long enough to skip the queries of a fast typist's intermediate letters, short enough to feel
 * live. Only keys that follow another within this wait: a query typed after a pause (the first
 * key, a paste, autofill) is asked at once.
 */
export const SEARCH_DEBOUNCE_MS = 60;
/**
 * Results on screen follow new and edited messages at most this often: a burst of arrivals
 * re-runs the open query a few times a second, not once per message.
 */
export const RESULTS_REFRESH_MS = 250;
/**
 * Hits read and rendered before the rest of a new query's answer: more than a tall window
 * shows, a third of the answer's rows and DOM.
 */
export const FIRST_SCREEN_RESULTS = 16;

/**
 * Performance marks for `npm run bench` (and anyone profiling a start), at the first time each
 * happens in this page: `parley:search-answering` once searches are answered (from the saved
 * index, or from an empty one that a rebuild is filling), `parley:search-ready` once the index
 * has caught up with the database. Their `startTime` is ms since navigation.
 */
export const SEARCH_ANSWERING_MARK = 'parley:search-answering';
export const SEARCH_READY_MARK = 'parley:search-ready';

function markPhase(phase: IndexerPhase): void {
	const name = phase === 'ready' ? SEARCH_READY_MARK : phase === 'catching-up' || phase === 'rebuilding' ? SEARCH_ANSWERING_MARK : null;
	if (name && typeof performance !== 'undefined' && performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
}

/**
 * The search box's state: query, results, loading and error. Queries go to the worker after a
 * short pause in typing; an answer that arrives after a newer query was made is dropped (the
 * client also settles superseded searches with null). Hits are ids; the rows and contact
 * names are read here, so results always show the current text of a message.
 */
export class SearchState {
	query = $state('');
	results = $state.raw<SearchResultView[]>([]);
	/** A query is waiting for its answer (debounce included). */
	loading = $state(false);
	error = $state<string | null>(null);
	/** The index's state: 'ready' once loaded and caught up with the database. */
	phase = $state<IndexerPhase>('starting');
	/** Messages searched by the last answer, and how long the worker took for it. */
	indexed = $state(0);
	tookMs = $state(0);

	readonly #client: SearchClient;
	readonly #indexer: SearchIndexer;
	readonly #feed: SearchFeed;
	#timer: ReturnType<typeof setTimeout> | null = null;
	/** When the query last changed (ms, performance.now). */
	#lastChange = -Infinity;
	#refreshTimer: ReturnType<typeof setTimeout> | null = null;
	/** The index changed after the search on screen (or under way) was asked. */
	#refreshWanted = false;
	/** Searches under way: a refresh waits for them rather than throwing their answer away. */
	#running = 0;
	/** Increases with every query change; an answer for an older number is stale. */
	#generation = 0;

	/** `savedIndex`: the saved index's row if its read has already begun (at boot). `indexer`: for tests. */
	constructor(
		private readonly db: ChatDb,
		client: SearchClient = new SearchClient(createSearchWorker()),
		{ savedIndex, indexer }: { savedIndex?: Promise<SearchIndexRow | undefined>; indexer?: Pick<IndexerOptions, 'batchSize'> } = {}
	) {
		this.#client = client;
		this.#indexer = new SearchIndexer(db, client, {
			savedIndex,
			busy: () => this.query.trim().length > 0,
			onPhase: (phase) => {
				this.phase = phase;
				markPhase(phase);
				// Once the index caught up, an open query deserves a fresh answer (after the one under way).
				if (phase === 'ready') this.#refreshResults();
			},
			onFed: () => this.#refreshResults(),
			...indexer
		});
		// Committed rows reach the worker as they are stored, in this tab or another.
		this.#feed = new SearchFeed(db.changes, {
			rows: (rows) => this.indexMessages(rows),
			cleared: () => {
				void this.#indexer.repair().then(() => this.#refreshResults());
			}
		});
	}

	/** Loads the saved index and catches up; searches work (on the saved index) meanwhile. */
	start(): Promise<StartReport> {
		return this.#indexer.start();
	}

	/**
	 * Index rows the app just stored, sent or edited (the messenger calls this). Missing a call
	 * is not fatal: the next start catches up from the database.
	 */
	indexMessages(rows: readonly IndexableRow[]): void {
		this.#indexer.index(rows);
		this.#refreshResults();
	}

	/** Messages that were deleted. */
	unindexMessages(ids: readonly string[]): void {
		this.#indexer.unindex(ids);
		this.#refreshResults();
	}

	setQuery(query: string): void {
		this.query = query;
		this.#schedule();
	}

	clear(): void {
		this.setQuery('');
	}

	/** Saves the index now (the page is going away). */
	save(): Promise<void> {
		this.#feed.flush();
		return this.#indexer.save();
	}

	/** Stops the worker once the indexing step under way (if any) is done. */
	async dispose(): Promise<void> {
		this.#feed.stop();
		if (this.#timer) clearTimeout(this.#timer);
		if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
		await this.#indexer.stop();
		this.#client.terminate();
	}

	/**
	 * The index changed under an open query: answer it again, without the loading state (the
	 * results stay on screen until the new ones replace them). A query being typed runs anyway.
	 */
	#refreshResults(): void {
		if (this.query.trim().length < MIN_QUERY_CHARS) return;
		this.#refreshWanted = true;
		if (this.#refreshTimer) return;
		this.#refreshTimer = setTimeout(() => {
			this.#refreshTimer = null;
			// A typed query will run anyway, and one under way calls this again when it is done.
			if (this.#timer || this.#running > 0 || this.query.trim().length < MIN_QUERY_CHARS) return;
			void this.#run(this.query, ++this.#generation, false);
		}, RESULTS_REFRESH_MS);
	}

	#schedule(): void {
		const generation = ++this.#generation;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const now = performance.now();
		const afterPause = now - this.#lastChange >= SEARCH_DEBOUNCE_MS;
		this.#lastChange = now;
		const query = this.query;
		if (query.trim().length < MIN_QUERY_CHARS) {
			this.results = [];
			this.loading = false;
			this.error = null;
			return;
		}
		this.loading = true;
		if (afterPause) {
			void this.#run(query, generation, true);
			return;
		}
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.#run(query, generation, true);
		}, SEARCH_DEBOUNCE_MS);
	}

	/** `typed`: a new query (its first screenful shows first), not a refresh of the one on screen. */
	async #run(query: string, generation: number, typed: boolean): Promise<void> {
		this.#running++;
		try {
			await this.#answer(query, generation, typed);
		} finally {
			this.#running--;
			if (this.#refreshWanted && generation === this.#generation) this.#refreshResults();
		}
	}

	async #answer(query: string, generation: number, typed: boolean): Promise<void> {
		try {
			// Changes from here on are not in this answer: they ask for the next one.
			this.#refreshWanted = false;
			if (!(await this.#show(query, generation, typed ? FIRST_SCREEN_RESULTS : Infinity))) return;
			// Rows stored since the last look (an `indexMessages` call that was missed) are read
			// after the first answer, not before: the index answers at once, and the catch-up,
			// when it finds something, answers again (the "stale but usable meanwhile").
			if ((await this.#indexer.refresh()) > 0 && generation === this.#generation) await this.#show(query, generation, Infinity);
		} catch (error) {
			if (generation !== this.#generation) return;
			this.results = [];
			this.error = error instanceof Error ? error.message : String(error);
			this.loading = false;
		}
	}

	/**
	 * Asks the worker and shows its answer: the first `firstScreen` hits (read and rendered
	 * alone, since the first result on screen waits for both), then the rest; `loading` stays
	 * set until the rest is there. False when a newer query replaced this one.
	 */
	async #show(query: string, generation: number, firstScreen: number): Promise<boolean> {
		const answer = await this.#client.search(query);
		if (!answer || generation !== this.#generation) return false;
		const hits = answer.hits.map((hit) => ({ id: hit.id, terms: hit.terms }));
		this.indexed = answer.count;
		this.tookMs = answer.tookMs;
		const split = hits.length > firstScreen ? firstScreen : 0;
		let shown: SearchResultView[] = [];
		if (split > 0) {
			shown = await this.#views(query, hits.slice(0, split));
			if (generation !== this.#generation) return false;
			this.results = shown;
			this.error = null;
		}
		const rest = await this.#views(query, hits.slice(split));
		if (generation !== this.#generation) return false;
		this.results = split > 0 ? [...shown, ...rest] : rest;
		this.error = null;
		this.loading = false;
		return true;
	}

	async #views(query: string, hits: { id: string; terms: string[] }[]): Promise<SearchResultView[]> {
		const { rows, users } = await hitsWithAuthors(this.db, hits.map((hit) => hit.id));
		// The words the engine matched (typo corrections included) plus what was typed, so a
		// prefix still highlights the word it begins.
		const typed = queryTerms(query);
		return rows.map((row) => {
			const user = users.get(row.peerId);
			return {
				id: row.id,
				conversationId: row.conversationId,
				peerId: row.peerId,
				name: user ? shownName(user).text : row.peerId.slice(0, 8),
				direction: row.direction,
				time: row.time,
				snippet: makeSnippet(searchText(row), [...(hits.find((hit) => hit.id === row.id)?.terms ?? []), ...typed])
			};
		});
	}
}
