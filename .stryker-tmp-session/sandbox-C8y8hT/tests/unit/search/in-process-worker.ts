// @ts-nocheck
import type { WorkerLike } from '../../../src/lib/search/search-client';
import type { SearchRequest } from '../../../src/lib/search/search-protocol';
import { SearchService } from '../../../src/lib/search/search-service';

/**
 * The search worker without a thread: the real SearchService behind a postMessage-shaped
 * boundary that clones every message and delivers it in a later task, as a Worker would.
 */
export class InProcessWorker implements WorkerLike {
	readonly service: SearchService;
	readonly posted: SearchRequest[] = [];
	#listeners: ((event: MessageEvent<unknown>) => void)[] = [];
	#terminated = false;

	constructor() {
		this.service = new SearchService((reply) => {
			const copy = structuredClone(reply);
			setTimeout(() => {
				if (!this.#terminated) for (const listener of this.#listeners) listener({ data: copy } as MessageEvent<unknown>);
			}, 0);
		});
	}

	postMessage(message: SearchRequest): void {
		this.posted.push(message);
		const copy = structuredClone(message);
		setTimeout(() => {
			if (!this.#terminated) this.service.handle(copy);
		}, 0);
	}

	addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
		if (type === 'message') this.#listeners.push(listener as (event: MessageEvent<unknown>) => void);
	}

	terminate(): void {
		this.#terminated = true;
	}
}
