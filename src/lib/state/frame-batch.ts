/**
 * Hands queued items to `flush` at most once per animation frame, without delaying the first:
 * a lone message renders in the same task it was stored (a microtask later), while a burst of
 * hundreds per second renders once per frame instead of once per write. Plain, not reactive.
 */
export class FrameBatch<T> {
	#queue: T[] = [];
	/** A flush ran in this frame: the next one waits for the frame to end. */
	#frameUsed = false;
	#scheduled = false;

	constructor(
		private readonly flush: (items: T[]) => void,
		private readonly nextFrame: (run: () => void) => void = defaultNextFrame
	) {}

	push(item: T): void {
		this.#queue.push(item);
		if (this.#scheduled) return;
		this.#scheduled = true;
		// In a frame that already flushed, the end of the frame runs it; otherwise a microtask
		// does, so changes published in the same task go out together.
		if (!this.#frameUsed) queueMicrotask(() => this.#run());
	}

	/** Drops what is queued (the reader is going away or reloading). */
	clear(): void {
		this.#queue = [];
	}

	#run(): void {
		this.#scheduled = false;
		const items = this.#queue;
		if (items.length === 0) return;
		this.#queue = [];
		this.#frameUsed = true;
		this.nextFrame(() => this.#endFrame());
		this.flush(items);
	}

	#endFrame(): void {
		this.#frameUsed = false;
		if (this.#scheduled) this.#run();
	}
}

/**
 * The next animation frame, or a timer where there is none (tests) or while the page is hidden
 * (no frames run then; the timer keeps the state current for when it shows again).
 */
function defaultNextFrame(run: () => void): void {
	let done = false;
	const once = () => {
		if (done) return;
		done = true;
		run();
	};
	if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
	setTimeout(once, HIDDEN_FRAME_MS);
}

/** How long a frame may take before the timer stands in for it (a hidden page runs none). */
const HIDDEN_FRAME_MS = 100;
