/**
 * Speed and time left for a transfer's progress bar: an exponentially weighted average of the
 * recent rate, so the figure follows a change within seconds without jumping with every chunk.
 */
export class TransferRate {
	#lastBytes: number | null = null;
	#lastTime = 0;
	#rate = 0;

	constructor(private readonly halfLifeMs = 2_000) {}

	/** Records that `bytes` are done at time `now` (ms); returns the smoothed rate in bytes/s. */
	update(bytes: number, now: number): number {
		if (this.#lastBytes === null || bytes < this.#lastBytes) {
			this.#lastBytes = bytes;
			this.#lastTime = now;
			return this.#rate;
		}
		const elapsed = now - this.#lastTime;
		if (elapsed <= 0) return this.#rate;
		const instant = ((bytes - this.#lastBytes) * 1000) / elapsed;
		const keep = Math.pow(0.5, elapsed / this.halfLifeMs);
		this.#rate = this.#rate === 0 ? instant : keep * this.#rate + (1 - keep) * instant;
		this.#lastBytes = bytes;
		this.#lastTime = now;
		return this.#rate;
	}

	get bytesPerSecond(): number {
		return this.#rate;
	}

	/** Seconds until `total` at the current rate, or null while there is no rate yet. */
	secondsLeft(done: number, total: number): number | null {
		if (this.#rate <= 0) return null;
		return Math.max(0, (total - done) / this.#rate);
	}
}

/** "5 s", "2 min", "1 h 5 min": time left, rounded up to what a person reads at a glance. */
export function formatSecondsLeft(seconds: number): string {
	if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
