// What the page, the worker protocol and the engine agree on: a message as the index sees it,
// a hit, and the limits of a query. Kept apart from the engine so the page's code that only
// needs these never reaches MiniSearch.

/** One message as the index sees it; `direction` says which table it lives in. */
export interface SearchDoc {
	id: string;
	conversationId: string;
	peerId: string;
	direction: 'in' | 'out';
	text: string;
	time: number;
}

export interface SearchHit {
	id: string;
	time: number;
	score: number;
	/** The message's own words that matched (after prefix or typo expansion), normalized. */
	terms: string[];
}

/** Bump when tokenizing, normalizing, stored fields or the saved format change: old saves rebuild. */
export const SEARCH_SCHEMA_VERSION = 1;
/** Shorter queries match nearly everything and tell the reader nothing. */
export const MIN_QUERY_CHARS = 2;
export const DEFAULT_RESULT_LIMIT = 50;
/** Words beyond this in one query are ignored (a pasted paragraph is not a search). */
export const MAX_QUERY_TERMS = 8;
