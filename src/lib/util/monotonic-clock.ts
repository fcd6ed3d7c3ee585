/** The smallest step between two readings: distinct keys even within one millisecond. */
export const CLOCK_TICK_MS = 0.001;
/**
 * A step back of the wall clock larger than this is a jump (the user or NTP set the clock back),
 * not two readings in the same millisecond: the clock absorbs it into its offset and goes on at
 * the wall's pace, instead of creeping by ticks until the wall catches up (durations measured
 * with it, such as heartbeat deadlines, would stand still meanwhile).
 */
export const CLOCK_JUMP_MS = 1_000;
/**
 * While ahead of the wall, the clock runs this much slower than it (0.1: 54 min per real hour)
 * until it meets the wall again, so a clock set back by a day is not shown a day ahead for ever.
 * Durations measured with it come out at most this much short.
 */
export const CLOCK_CATCH_UP_RATE = 0.1;

/**
 * A hybrid logical clock for one device: readings follow the wall clock, never repeat and never
 * go backwards, even across restarts (start it from the newest time already stored, `floor`) and
 * across tabs (`observe` the times other tabs wrote). Threads are ordered by these readings, so a
 * message stored after the wall clock was set back still sorts after everything before it.
 */
export class HybridClock {
	/** How far the readings run ahead of the wall clock (> 0 only after the wall went back). */
	#offset: number;
	#last: number;
	#lastWall: number;

	constructor(
		private readonly wall: () => number = Date.now,
		floor = 0
	) {
		this.#lastWall = wall();
		// A floor ahead of the wall is taken as a jump back at the first reading (see now()).
		this.#last = floor;
		this.#offset = 0;
	}

	/** Bound so it can be handed around as a plain `() => number`. */
	readonly now = (): number => {
		const wall = this.wall();
		if (this.#offset > 0 && wall > this.#lastWall) this.#offset = Math.max(0, this.#offset - (wall - this.#lastWall) * CLOCK_CATCH_UP_RATE);
		this.#lastWall = wall;
		let reading = wall + this.#offset;
		if (reading < this.#last - CLOCK_JUMP_MS) {
			this.#offset += this.#last - reading;
			reading = this.#last;
		}
		this.#last = reading > this.#last ? reading : this.#last + CLOCK_TICK_MS;
		return this.#last;
	};

	/** A time written elsewhere (another tab): every later reading here comes after it. */
	observe(time: number): void {
		if (!Number.isFinite(time) || time <= this.#last) return;
		this.#last = time;
		this.#offset = Math.max(this.#offset, time - this.wall());
	}
}

/** An in-memory clock that never repeats or goes backwards (see HybridClock). */
export function monotonicClock(wall: () => number = Date.now): () => number {
	return new HybridClock(wall).now;
}
