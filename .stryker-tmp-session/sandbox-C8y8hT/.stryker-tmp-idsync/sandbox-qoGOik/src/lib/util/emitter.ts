// @ts-nocheck
// 
type Listener<Args extends unknown[]> = (...args: Args) => void;

/** A minimal typed event emitter; listeners are removed with the function `on` returns. */
export class Emitter<Events extends Record<string, unknown[]>> {
	#listeners: { [K in keyof Events]?: Set<Listener<Events[K]>> } = {};

	on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
		const set = (this.#listeners[event] ??= new Set());
		set.add(listener);
		return () => set.delete(listener);
	}

	emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
		for (const listener of [...(this.#listeners[event] ?? [])]) listener(...args);
	}

	clear(): void {
		this.#listeners = {};
	}
}
