/**
 * Runs asynchronous steps (WebCrypto's seal or open of a chunk) a few at a time and hands their
 * results on in the order the steps were added, whatever order they finish in: the receiver's
 * whole-file BLAKE2b must be fed chunk after chunk, and the sender's channel must get frames in
 * the order they were asked for.
 *
 * Bounded: at most `limit` steps run at once; later ones wait, not started, until one finishes
 * (their inputs are already in memory: the caller's own window bounds how many it adds). A
 * result is delivered only after every earlier one; a step that rejects is delivered as its
 * error, in its place, so one failure neither stalls nor reorders the rest. `clear` drops what
 * is waiting and makes every result still on its way be dropped when it comes.
 */
export class InOrderQueue<TResult> {
	readonly #limit: number;
	readonly #deliver: (outcome: Outcome<TResult>) => void;
	/** Started, in the order added; each settles in its own time. */
	readonly #running: Slot<TResult>[] = [];
	/** Added while `limit` were running: started in order as slots free. */
	readonly #waiting: (() => Promise<TResult>)[] = [];
	#generation = 0;

	constructor(limit: number, deliver: (outcome: Outcome<TResult>) => void) {
		if (!Number.isInteger(limit) || limit < 1) throw new RangeError('a queue runs at least one step');
		this.#limit = limit;
		this.#deliver = deliver;
	}

	/** Steps added and not yet delivered (running or waiting). */
	get size(): number {
		return this.#running.length + this.#waiting.length;
	}

	add(step: () => Promise<TResult>): void {
		if (this.#running.length < this.#limit) this.#start(step);
		else this.#waiting.push(step);
	}

	clear(): void {
		this.#generation += 1;
		this.#running.length = 0;
		this.#waiting.length = 0;
	}

	#start(step: () => Promise<TResult>): void {
		const slot: Slot<TResult> = { outcome: null };
		this.#running.push(slot);
		const generation = this.#generation;
		const settle = (outcome: Outcome<TResult>) => {
			if (generation !== this.#generation) return;
			slot.outcome = outcome;
			this.#drain();
		};
		let promise: Promise<TResult>;
		try {
			promise = step();
		} catch (error) {
			promise = Promise.reject(error instanceof Error ? error : new Error(String(error)));
		}
		promise.then(
			(value) => settle({ ok: true, value }),
			(error: unknown) => settle({ ok: false, error })
		);
	}

	#drain(): void {
		const generation = this.#generation;
		while (this.#running[0]?.outcome != null) {
			const slot = this.#running.shift() as Slot<TResult>;
			const next = this.#waiting.shift();
			if (next !== undefined) this.#start(next);
			this.#deliver(slot.outcome as Outcome<TResult>);
			// The delivery cleared the queue (a transfer released): nothing more is handed on.
			if (generation !== this.#generation) return;
		}
	}
}

export type Outcome<TResult> = { ok: true; value: TResult } | { ok: false; error: unknown };

interface Slot<TResult> {
	outcome: Outcome<TResult> | null;
}
