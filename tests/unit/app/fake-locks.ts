import type { LockRequester } from '../../../src/lib/app/tab-owner';

interface Holder {
	token: symbol;
	stolen: () => void;
}

/**
 * Exclusive Web Locks as the browser grants them, in one process: first come first served; the
 * request's promise settles when the holder's callback does; the next waiter gets the lock then;
 * an aborted wait rejects; `steal` takes the lock at once and rejects the holder's request.
 * `crash` drops a holder the way a closed or discarded page loses its lock.
 */
export class FakeLocks {
	#held = new Map<string, Holder>();
	#queue: { name: string; token: symbol; grant: () => void }[] = [];

	for(): LockRequester & { crash(): void } {
		let mine: symbol | null = null;
		return {
			request: (name, options, granted) =>
				new Promise((resolve, reject) => {
					const token = Symbol(name);
					const grant = () => {
						mine = token;
						this.#held.set(name, { token, stolen: () => reject(new DOMException('stolen', 'AbortError')) });
						granted().then(
							() => {
								if (this.#free(name, token)) resolve(undefined);
							},
							() => this.#free(name, token)
						);
					};
					if ('steal' in options) {
						const holder = this.#held.get(name);
						this.#held.delete(name);
						holder?.stolen();
						this.#held.set(name, { token, stolen: () => {} });
						queueMicrotask(grant);
						return;
					}
					options.signal.addEventListener('abort', () => {
						const index = this.#queue.findIndex((entry) => entry.token === token);
						if (index < 0) return;
						this.#queue.splice(index, 1);
						reject(new DOMException('aborted', 'AbortError'));
					});
					if (this.#held.has(name)) this.#queue.push({ name, token, grant });
					else {
						this.#held.set(name, { token, stolen: () => {} });
						queueMicrotask(grant);
					}
				}),
			crash: () => {
				for (const [name, holder] of this.#held) if (holder.token === mine) this.#free(name, holder.token);
			}
		};
	}

	#free(name: string, token: symbol): boolean {
		if (this.#held.get(name)?.token !== token) return false;
		this.#held.delete(name);
		const index = this.#queue.findIndex((entry) => entry.name === name);
		if (index >= 0) this.#queue.splice(index, 1)[0]!.grant();
		return true;
	}
}

export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
