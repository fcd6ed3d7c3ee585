import { DEFAULT_RESULT_LIMIT, type SearchDoc, type SearchHit } from './search-limits';
import { parseReply, type SearchReply, type SearchRequest } from './search-protocol';

/** The part of a Worker the client uses; tests pass an in-process stand-in. */
export interface WorkerLike {
	/** `transfer`: buffers that move to the worker instead of being copied. */
	postMessage(message: SearchRequest, transfer?: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
	addEventListener(type: 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

/** Starts the real worker; Vite bundles the module it points to as a separate worker chunk. */
export function createSearchWorker(): Worker {
	return new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module', name: 'parley-search' });
}

export interface SearchAnswer {
	hits: SearchHit[];
	/** Messages in the index when the query ran. */
	count: number;
	tookMs: number;
}

type Pending = { expects: SearchReply['type']; resolve: (reply: SearchReply) => void; reject: (error: Error) => void };

/**
 * The page's handle on the search worker: request ids, one promise per request, and only the
 * newest search alive. A search made while another is in flight settles the older one with
 * null at once, so callers never act on a stale answer, and the worker skips it if it has not
 * started it yet.
 */
export class SearchClient {
	#worker: WorkerLike;
	#nextId = 1;
	#pending = new Map<number, Pending>();
	#currentSearch: { id: number; settle: (answer: SearchAnswer | null) => void } | null = null;
	#broken: Error | null = null;

	constructor(worker: WorkerLike) {
		this.#worker = worker;
		worker.addEventListener('message', (event) => this.#receive(event.data));
		worker.addEventListener('error', (event) => {
			const message = 'message' in event && typeof event.message === 'string' && event.message ? event.message : 'the search worker stopped';
			this.#fail(new Error(message));
		});
	}

	/**
	 * Loads a saved index (null: start empty). `error` set: it was unusable and the index is
	 * empty. Saved bytes move to the worker: the caller's ArrayBuffer is empty afterwards.
	 */
	async load(json: Blob | ArrayBuffer | string | null): Promise<{ count: number; error: string | null }> {
		const transfer = json instanceof ArrayBuffer ? [json] : [];
		const reply = await this.#request<'loaded'>('loaded', (id) => ({ type: 'load', id, json }), transfer);
		return { count: reply.count, error: reply.error };
	}

	async reset(): Promise<void> {
		await this.#request<'reset'>('reset', (id) => ({ type: 'reset', id }));
	}

	upsert(docs: SearchDoc[]): void {
		if (docs.length > 0 && !this.#broken) this.#worker.postMessage({ type: 'upsert', docs });
	}

	remove(ids: string[]): void {
		if (ids.length > 0 && !this.#broken) this.#worker.postMessage({ type: 'remove', ids });
	}

	/** Resolves null when a newer search replaced this one before its answer arrived. */
	search(query: string, limit = DEFAULT_RESULT_LIMIT): Promise<SearchAnswer | null> {
		const previous = this.#currentSearch;
		if (previous) {
			// Forget it, so its late answer is dropped; the worker skips it if it has not started.
			this.#pending.delete(previous.id);
			previous.settle(null);
		}
		return new Promise<SearchAnswer | null>((resolve, reject) => {
			const id = this.#nextId++;
			const current = { id, settle: resolve };
			this.#currentSearch = current;
			const done = () => {
				if (this.#currentSearch === current) this.#currentSearch = null;
			};
			const answer = (reply: SearchReply) => {
				done();
				if (reply.type === 'results') resolve(reply.superseded ? null : { hits: reply.hits, count: reply.count, tookMs: reply.tookMs });
			};
			this.#send(id, 'results', { type: 'search', id, query, limit }, answer, (error) => {
				done();
				reject(error);
			});
		});
	}

	/** The index serialized by the worker, ready to store as is. */
	async snapshot(): Promise<{ json: Blob; count: number }> {
		const reply = await this.#request<'snapshot'>('snapshot', (id) => ({ type: 'snapshot', id }));
		return { json: reply.json, count: reply.count };
	}

	/** How many messages the index holds, once everything posted before has been applied. */
	async count(): Promise<number> {
		return (await this.#request<'stats'>('stats', (id) => ({ type: 'stats', id }))).count;
	}

	/** Makes the index hold exactly `ids`; returns the ids it still needs documents for. */
	async reconcile(ids: string[]): Promise<{ missing: string[]; removed: number }> {
		const reply = await this.#request<'reconciled'>('reconciled', (id) => ({ type: 'reconcile', id, ids }));
		return { missing: reply.missing, removed: reply.removed };
	}

	terminate(): void {
		this.#fail(new Error('search stopped'));
		this.#worker.terminate();
	}

	#request<T extends SearchReply['type']>(expects: T, build: (id: number) => SearchRequest, transfer: Transferable[] = []): Promise<Extract<SearchReply, { type: T }>> {
		return new Promise((resolve, reject) => {
			const id = this.#nextId++;
			this.#send(id, expects, build(id), (reply) => resolve(reply as Extract<SearchReply, { type: T }>), reject, transfer);
		});
	}

	#send(
		id: number,
		expects: SearchReply['type'],
		message: SearchRequest,
		resolve: (reply: SearchReply) => void,
		reject: (error: Error) => void,
		transfer: Transferable[] = []
	): void {
		if (this.#broken) {
			reject(this.#broken);
			return;
		}
		this.#pending.set(id, { expects, resolve, reject });
		if (transfer.length > 0) this.#worker.postMessage(message, transfer);
		else this.#worker.postMessage(message);
	}

	#receive(data: unknown): void {
		const reply = parseReply(data);
		if (!reply) {
			console.warn('search: ignored a malformed reply from the worker');
			return;
		}
		const pending = this.#pending.get(reply.id);
		if (!pending) return;
		this.#pending.delete(reply.id);
		if (reply.type === 'failed') pending.reject(new Error(reply.error));
		else if (reply.type !== pending.expects) pending.reject(new Error(`search worker answered ${reply.type} to a ${pending.expects} request`));
		else pending.resolve(reply);
	}

	#fail(error: Error): void {
		this.#broken ??= error;
		const pending = [...this.#pending.values()];
		this.#pending.clear();
		this.#currentSearch = null;
		for (const request of pending) request.reject(error);
	}
}
