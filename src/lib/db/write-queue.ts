/** What one group commit wrote: a result per item, and what to announce once callers have them. */
export interface Committed<Result> {
	results: Result[];
	/**
	 * Runs after every caller's promise is resolved (their continuations are queued first), so
	 * work the announcement sets off (the change feed: rendering, indexing) runs after what the
	 * callers do next, e.g. putting a sent message on the wire.
	 */
	announce?: () => void;
}

/**
 * Group commit: items queued while a commit runs (or in the same tick as the first) are written
 * together by the next commit, one transaction for the lot. A burst of sends therefore costs a
 * few transactions instead of one each, and a lone write waits no longer than one microtask.
 * Commits run one at a time, so the order items were queued in is the order they are written.
 */
export class WriteQueue<Item, Result> {
	#waiting: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
	#running = false;

	/** `commit` writes a batch in ONE transaction and returns one result per item, in order. */
	constructor(private readonly commit: (items: Item[]) => Promise<Committed<Result>>) {}

	add(item: Item): Promise<Result> {
		return new Promise((resolve, reject) => {
			this.#waiting.push({ item, resolve, reject });
			if (!this.#running) {
				this.#running = true;
				queueMicrotask(() => void this.#run());
			}
		});
	}

	async #run(): Promise<void> {
		while (this.#waiting.length > 0) {
			const batch = this.#waiting.splice(0);
			let committed: Committed<Result>;
			try {
				committed = await this.commit(batch.map((entry) => entry.item));
			} catch (error) {
				// The whole transaction rolled back: every item of the batch failed, none half-written.
				for (const entry of batch) entry.reject(error);
				continue;
			}
			batch.forEach((entry, i) => entry.resolve(committed.results[i] as Result));
			committed.announce?.();
		}
		this.#running = false;
	}
}
