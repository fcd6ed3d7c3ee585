import type { LockRequester } from '../../../src/lib/app/tab-owner';

/**
 * Exclusive Web Locks as the browser grants them, in one process: first come first served, the
 * next waiter gets the lock when the holder's callback settles, an aborted wait rejects. `crash`
 * drops a holder the way a closed or discarded page loses its lock.
 */
export class FakeLocks {
	#held = new Map<string, symbol>();
	#queue: { name: string; token: symbol; grant: () => void }[] = [];

	for(): LockRequester & { crash(): void } {
		let mine: symbol | null = null;
		return {
			request: (name, { signal }, granted) =>
				new Promise((resolve, reject) => {
					const token = Symbol(name);
					const grant = () => {
						mine = token;
						this.#held.set(name, token);
						granted().then(
							() => this.#free(name, token),
							() => this.#free(name, token)
						);
						resolve(undefined);
					};
					signal.addEventListener('abort', () => {
						const index = this.#queue.findIndex((entry) => entry.token === token);
						if (index < 0) return;
						this.#queue.splice(index, 1);
						reject(new DOMException('aborted', 'AbortError'));
					});
					if (this.#held.has(name)) this.#queue.push({ name, token, grant });
					else {
						this.#held.set(name, token);
						queueMicrotask(grant);
					}
				}),
			crash: () => {
				for (const [name, token] of this.#held) if (token === mine) this.#free(name, token);
			}
		};
	}

	#free(name: string, token: symbol): void {
		if (this.#held.get(name) !== token) return;
		this.#held.delete(name);
		const index = this.#queue.findIndex((entry) => entry.name === name);
		if (index >= 0) this.#queue.splice(index, 1)[0]!.grant();
	}
}

export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
