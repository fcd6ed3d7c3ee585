// @ts-nocheck
// 
import { liveQuery } from 'dexie';

export interface Observation<T> {
	subscribe(next: (value: T) => void, error: (reason: unknown) => void): () => void;
}

/** Dexie's liveQuery behind a tiny interface, so UI state never imports Dexie itself. */
export function observe<T>(query: () => Promise<T>): Observation<T> {
	return {
		subscribe(next, error) {
			const subscription = liveQuery(query).subscribe({ next, error });
			return () => subscription.unsubscribe();
		}
	};
}
