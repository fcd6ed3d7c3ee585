import type { StrengthLevel } from '../backup/passphrase-strength';
import { createStrengthWorker, type StrengthWorkerLike } from './strength-worker';

export type { StrengthWorkerLike } from './strength-worker';

/**
 * The strength of the passphrase being typed, rated in a worker. `level` is null until the
 * worker has rated the current text (typing makes it null again), so nothing can be gated on
 * a stale or missing rating; `failed` when the estimator could not be loaded.
 */
export class PassphraseMeter {
	level = $state<StrengthLevel | null>(null);
	failed = $state(false);
	#worker: StrengthWorkerLike;
	#latest = 0;

	constructor(makeWorker: () => StrengthWorkerLike = createStrengthWorker) {
		this.#worker = makeWorker();
		this.#worker.addEventListener('message', ({ data }) => {
			if (data.id !== this.#latest) return;
			if (data.level === null) this.failed = true;
			else this.level = data.level;
		});
		this.#worker.addEventListener('error', () => (this.failed = true));
	}

	rate(passphrase: string): void {
		this.#latest += 1;
		this.level = null;
		if (passphrase.length > 0) this.#worker.postMessage({ id: this.#latest, passphrase });
	}

	stop(): void {
		this.#worker.terminate();
	}
}
