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
	constructor(private readonly commit: (items: Item[]) => Promise<Result[]>) {}

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
			try {
				const results = await this.commit(batch.map((entry) => entry.item));
				batch.forEach((entry, i) => entry.resolve(results[i] as Result));
			} catch (error) {
				// The whole transaction rolled back: every item of the batch failed, none half-written.
				for (const entry of batch) entry.reject(error);
			}
		}
		this.#running = false;
	}
}
