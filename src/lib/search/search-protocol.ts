import type { SearchDoc, SearchHit } from './search-limits';

/**
 * Messages between the page and the search worker. Requests with an `id` get exactly one
 * reply with that id; `upsert` and `remove` are fire-and-forget (ordering is all they need:
 * the worker handles messages one at a time, in the order they were posted).
 */

export type SearchRequest =
	| { type: 'load'; id: number; json: Blob | ArrayBuffer | string | null }
	| { type: 'reset'; id: number }
	| { type: 'upsert'; docs: SearchDoc[] }
	| { type: 'remove'; ids: string[] }
	| { type: 'search'; id: number; query: string; limit: number }
	| { type: 'snapshot'; id: number }
	| { type: 'stats'; id: number }
	| { type: 'reconcile'; id: number; ids: string[] };

export type SearchReply =
	| { type: 'loaded'; id: number; count: number; error: string | null }
	| { type: 'reset'; id: number }
	| { type: 'results'; id: number; hits: SearchHit[]; count: number; tookMs: number; superseded: boolean }
	| { type: 'snapshot'; id: number; json: Blob; count: number }
	| { type: 'stats'; id: number; count: number }
	| { type: 'reconciled'; id: number; missing: string[]; removed: number }
	| { type: 'failed'; id: number; error: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isId = (value: unknown): value is number => Number.isSafeInteger(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

export function isSearchDoc(value: unknown): value is SearchDoc {
	return (
		isRecord(value) &&
		typeof value.id === 'string' &&
		typeof value.text === 'string' &&
		typeof value.time === 'number' &&
		Number.isFinite(value.time) &&
		typeof value.conversationId === 'string' &&
		typeof value.peerId === 'string' &&
		(value.direction === 'in' || value.direction === 'out')
	);
}

/**
 * A minimal structural check: both ends are our own code, but a worker that trusts its input
 * blindly turns a page bug into a corrupt index that is then saved. Bad documents are dropped
 * by the caller, not the whole batch.
 */
export function parseRequest(data: unknown): SearchRequest | null {
	if (!isRecord(data)) return null;
	switch (data.type) {
		case 'load':
			return isId(data.id) && (data.json === null || typeof data.json === 'string' || data.json instanceof Blob || data.json instanceof ArrayBuffer) ? (data as SearchRequest) : null;
		case 'reset':
		case 'snapshot':
		case 'stats':
			return isId(data.id) ? (data as SearchRequest) : null;
		case 'upsert':
			return Array.isArray(data.docs) ? { type: 'upsert', docs: data.docs.filter(isSearchDoc) } : null;
		case 'remove':
			return isStringArray(data.ids) ? (data as SearchRequest) : null;
		case 'search':
			return isId(data.id) && typeof data.query === 'string' && isId(data.limit) ? (data as SearchRequest) : null;
		case 'reconcile':
			return isId(data.id) && isStringArray(data.ids) ? (data as SearchRequest) : null;
		default:
			return null;
	}
}

export function parseReply(data: unknown): SearchReply | null {
	if (!isRecord(data) || !isId(data.id)) return null;
	switch (data.type) {
		case 'loaded':
			return typeof data.count === 'number' && (data.error === null || typeof data.error === 'string') ? (data as SearchReply) : null;
		case 'reset':
			return data as SearchReply;
		case 'results':
			return Array.isArray(data.hits) && typeof data.count === 'number' && typeof data.superseded === 'boolean' ? (data as SearchReply) : null;
		case 'snapshot':
			return data.json instanceof Blob && typeof data.count === 'number' ? (data as SearchReply) : null;
		case 'stats':
			return typeof data.count === 'number' ? (data as SearchReply) : null;
		case 'reconciled':
			return isStringArray(data.missing) && typeof data.removed === 'number' ? (data as SearchReply) : null;
		case 'failed':
			return typeof data.error === 'string' ? (data as SearchReply) : null;
		default:
			return null;
	}
}
