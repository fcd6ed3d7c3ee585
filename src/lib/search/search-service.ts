import { SearchEngine } from './search-engine';
import { isBinarySave } from './saved-index';
import { parseRequest, type SearchReply, type SearchRequest } from './search-protocol';

type SearchQuery = Extract<SearchRequest, { type: 'search' }>;

/**
 * The search worker's behaviour, without the worker: it owns the engine and answers requests
 * through `send`. Kept apart from the `postMessage` glue so Node tests can drive it directly.
 *
 * Requests run one at a time in arrival order (loading awaits a Blob read, and nothing may
 * touch the engine meanwhile). Searches are coalesced: a query waits one macrotask before it
 * runs, so when the user types faster than queries finish, only the newest of the queued ones
 * runs and the others are answered as superseded.
 */
export class SearchService {
	#engine = new SearchEngine();
	#tail: Promise<void> = Promise.resolve();
	#waiting: SearchQuery | null = null;
	#timer = false;

	constructor(private readonly send: (reply: SearchReply, transfer?: Transferable[]) => void) {}

	get engine(): SearchEngine {
		return this.#engine;
	}

	handle(data: unknown): void {
		const request = parseRequest(data);
		if (!request) {
			const id = typeof data === 'object' && data !== null && 'id' in data && Number.isSafeInteger(data.id) ? (data.id as number) : null;
			if (id !== null) this.send({ type: 'failed', id, error: 'malformed search request' });
			return;
		}
		if (request.type !== 'search') {
			this.#enqueue(() => this.#run(request));
			return;
		}
		if (this.#waiting) this.send({ type: 'results', id: this.#waiting.id, hits: [], count: this.#engine.size, tookMs: 0, superseded: true });
		this.#waiting = request;
		if (this.#timer) return;
		this.#timer = true;
		setTimeout(() => {
			this.#timer = false;
			this.#enqueue(() => {
				const query = this.#waiting;
				this.#waiting = null;
				if (query) this.#search(query);
			});
		}, 0);
	}

	/** Resolves once every request handed in so far has been answered (for tests). */
	idle(): Promise<void> {
		return new Promise((resolve) => setTimeout(() => void this.#tail.then(resolve), 0));
	}

	#enqueue(task: () => void | Promise<void>): void {
		this.#tail = this.#tail.then(task).catch((error: unknown) => console.error('search worker:', error));
	}

	async #run(request: Exclude<SearchRequest, SearchQuery>): Promise<void> {
		try {
			switch (request.type) {
				case 'load':
					await this.#load(request.id, request.json);
					return;
				case 'reset':
					this.#engine = new SearchEngine();
					this.send({ type: 'reset', id: request.id });
					return;
				case 'upsert':
					this.#engine.upsert(request.docs);
					return;
				case 'remove':
					this.#engine.remove(request.ids);
					return;
				case 'snapshot': {
					// Serialized here, off the page's thread; a Blob crosses back without copying the bytes.
					// Binary when it can be (it loads several times faster), JSON otherwise.
					const binary = this.#engine.toBinary();
					const json = binary ? new Blob(binary as BlobPart[], { type: 'application/octet-stream' }) : new Blob([JSON.stringify(this.#engine)], { type: 'application/json' });
					this.send({ type: 'snapshot', id: request.id, json, count: this.#engine.size });
					return;
				}
				case 'stats':
					this.send({ type: 'stats', id: request.id, count: this.#engine.size });
					return;
				case 'reconcile': {
					const { missing, removed } = this.#engine.reconcile(request.ids);
					this.send({ type: 'reconciled', id: request.id, missing, removed });
					return;
				}
			}
		} catch (error) {
			if ('id' in request) this.send({ type: 'failed', id: request.id, error: error instanceof Error ? error.message : String(error) });
		}
	}

	async #load(id: number, json: Blob | ArrayBuffer | string | null): Promise<void> {
		if (json === null) {
			this.#engine = new SearchEngine();
			this.send({ type: 'loaded', id, count: 0, error: null });
			return;
		}
		try {
			if (typeof json === 'string') this.#engine = SearchEngine.loadJSON(json);
			else {
				// Bytes come as they are where the database refused the Blob (db/search-queries.ts).
				const bytes = json instanceof ArrayBuffer ? json : await json.arrayBuffer();
				this.#engine = isBinarySave(bytes) ? SearchEngine.loadBinary(bytes) : SearchEngine.loadJSON(new TextDecoder().decode(bytes));
			}
			this.send({ type: 'loaded', id, count: this.#engine.size, error: null });
		} catch (error) {
			// A bad save is not fatal: the page rebuilds from the database.
			this.#engine = new SearchEngine();
			this.send({ type: 'loaded', id, count: 0, error: error instanceof Error ? error.message : String(error) });
		}
	}

	#search(query: SearchQuery): void {
		const started = performance.now();
		const hits = this.#engine.search(query.query, query.limit);
		this.send({ type: 'results', id: query.id, hits, count: this.#engine.size, tookMs: performance.now() - started, superseded: false });
	}
}
