/**
 * Local timestamps that never repeat or go backwards (wall clocks do both). Threads are ordered by
 * these, so two messages stored in the same millisecond keep the order they were stored in.
 */
// @ts-nocheck

export function monotonicClock(wall: () => number = Date.now): () => number {
	let last = 0;
	return () => {
		const now = wall();
		last = now > last ? now : last + 0.001;
		return last;
	};
}
