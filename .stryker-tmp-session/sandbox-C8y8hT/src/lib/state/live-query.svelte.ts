// @ts-nocheck
import { createSubscriber } from 'svelte/reactivity';
import type { Observation } from '../db/live';

/**
 * A Dexie live query as reactive state. The database is watched only while something in the UI
 * reads `current`, and the subscription ends when the last reader goes away.
 */
export class LiveQueryState<T> {
	// Raw: query results are replaced wholesale, never mutated, so deep proxies would be pure cost.
	#value = $state.raw<T>() as T;
	#loaded = $state(false);
	#error = $state<string | null>(null);
	#subscribe: () => void;

	constructor(observation: Observation<T>, initial: T) {
		this.#value = initial;
		this.#subscribe = createSubscriber((update) =>
			observation.subscribe(
				(value) => {
					this.#value = value;
					this.#loaded = true;
					this.#error = null;
					update();
				},
				(reason) => {
					this.#error = reason instanceof Error ? reason.message : String(reason);
					update();
				}
			)
		);
	}

	get current(): T {
		this.#subscribe();
		return this.#value;
	}

	get loaded(): boolean {
		this.#subscribe();
		return this.#loaded;
	}

	get error(): string | null {
		this.#subscribe();
		return this.#error;
	}
}
