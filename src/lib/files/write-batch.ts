/**
 * When a receiver writes the chunks that arrived (issue 12): a whole piece at a time while the
 * file streams in, and what is there once the stream pauses. Each write costs the receiver's
 * thread a transaction, a row read and a Blob whatever its size, so small batches cost CPU the
 * data channel's own threads need on a two-core machine (BENCHMARKS "Files (session 13)").
 * A fixed wait from the first unwritten chunk (session 11) cut a stream at 6–10 MB/s into
 * pieces of ~8 chunks: the wait now restarts with each chunk, up to a cap.
 */

/** A short batch is written once no chunk arrived for this long (the holder paused or stalled)... */
export const WRITE_IDLE_MS = 50;
/** ...or once its first chunk waited this long (a slow link still shows progress and stores it). */
export const WRITE_MAX_WAIT_MS = 1_000;

export class WriteBatch {
	/** When the oldest unwritten chunk arrived; null when nothing waits. */
	#firstAt: number | null = null;
	#lastAt = 0;

	/** A chunk arrived at `now` (ms). */
	arrived(now: number): void {
		this.#firstAt ??= now;
		this.#lastAt = now;
	}

	/** A batch was written at `now`; `left` chunks still wait (they count from now). */
	written(now: number, left: number): void {
		this.#firstAt = left > 0 ? now : null;
	}

	/** Ms until what waits is due to be written although short: 0 when due now, null when nothing waits. */
	dueIn(now: number): number | null {
		if (this.#firstAt === null) return null;
		return Math.max(0, Math.min(this.#lastAt + WRITE_IDLE_MS, this.#firstAt + WRITE_MAX_WAIT_MS) - now);
	}
}
