// @ts-nocheck
// 
import type { ChatDb } from '../db/chat-db';
import { messagesByIds, usersByIds } from '../db/queries';
import { shownName } from '../text/shown-name';
import { SearchClient, createSearchWorker } from '../search/search-client';
import { MIN_QUERY_CHARS } from '../search/search-engine';
import { queryTerms } from '../search/search-text';
import { makeSnippet, type Snippet } from '../search/snippet';
import { SearchIndexer, type IndexableRow, type IndexerPhase, type StartReport } from './search-indexer';

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

/** Long enough to skip the queries of a fast typist's intermediate letters, short enough to feel live. */
const DEBOUNCE_MS = 60;

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
	#timer: ReturnType<typeof setTimeout> | null = null;
	/** Increases with every query change; an answer for an older number is stale. */
	#generation = 0;

	constructor(
		private readonly db: ChatDb,
		client: SearchClient = new SearchClient(createSearchWorker())
	) {
		this.#client = client;
		this.#indexer = new SearchIndexer(db, client, {
			busy: () => this.query.trim().length > 0,
			onPhase: (phase) => {
				this.phase = phase;
				// Once the index caught up, an open query deserves a fresh answer.
				if (phase === 'ready' && this.query.trim()) this.#schedule();
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
		if (this.query.trim()) this.#schedule();
	}

	/** Messages that were deleted. */
	unindexMessages(ids: readonly string[]): void {
		this.#indexer.unindex(ids);
		if (this.query.trim()) this.#schedule();
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
		return this.#indexer.save();
	}

	/** Stops the worker once the indexing step under way (if any) is done. */
	async dispose(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		await this.#indexer.stop();
		this.#client.terminate();
	}

	#schedule(): void {
		const generation = ++this.#generation;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const query = this.query;
		if (query.trim().length < MIN_QUERY_CHARS) {
			this.results = [];
			this.loading = false;
			this.error = null;
			return;
		}
		this.loading = true;
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.#run(query, generation);
		}, DEBOUNCE_MS);
	}

	async #run(query: string, generation: number): Promise<void> {
		try {
			// Rows stored since the last look are fed first, so a missed `indexMessages` call
			// never hides a message from search.
			await this.#indexer.refresh();
			if (generation !== this.#generation) return;
			const answer = await this.#client.search(query);
			if (!answer || generation !== this.#generation) return;
			const views = await this.#views(query, answer.hits.map((hit) => ({ id: hit.id, terms: hit.terms })));
			if (generation !== this.#generation) return;
			this.results = views;
			this.indexed = answer.count;
			this.tookMs = answer.tookMs;
			this.error = null;
		} catch (error) {
			if (generation !== this.#generation) return;
			this.results = [];
			this.error = error instanceof Error ? error.message : String(error);
		}
		this.loading = false;
	}

	async #views(query: string, hits: { id: string; terms: string[] }[]): Promise<SearchResultView[]> {
		const rows = await messagesByIds(this.db, hits.map((hit) => hit.id));
		const users = await usersByIds(this.db, rows.map((row) => row.peerId));
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
				snippet: makeSnippet(row.text, [...(hits.find((hit) => hit.id === row.id)?.terms ?? []), ...typed])
			};
		});
	}
}
