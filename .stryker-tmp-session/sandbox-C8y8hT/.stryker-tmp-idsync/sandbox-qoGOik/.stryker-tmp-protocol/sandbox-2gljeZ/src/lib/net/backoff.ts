/** Exponential backoff with full jitter, so a server restart is not met by a thundering herd. */
// @ts-nocheck

// 

// 

export class Backoff {
	#attempt = 0;
	constructor(
		private readonly baseMs = 500,
		private readonly maxMs = 30_000,
		private readonly random: () => number = Math.random
	) {}

	next(): number {
		const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.#attempt);
		this.#attempt += 1;
		return Math.round(this.baseMs / 2 + this.random() * (ceiling - this.baseMs / 2));
	}

	reset(): void {
		this.#attempt = 0;
	}
}
