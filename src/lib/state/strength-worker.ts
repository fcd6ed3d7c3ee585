import type { StrengthReply, StrengthRequest } from '../backup/passphrase-protocol';

/** The part of a Worker the meter uses; tests pass an in-process stand-in. */
export interface StrengthWorkerLike {
	postMessage(message: StrengthRequest): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<StrengthReply>) => void): void;
	addEventListener(type: 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

/** Started by Settings → Backup only: the estimator's word lists load with this worker, never with the app. */
export function createStrengthWorker(): StrengthWorkerLike {
	return new Worker(new URL('../backup/passphrase-worker.ts', import.meta.url), { type: 'module', name: 'parley-passphrase' }) as unknown as StrengthWorkerLike;
}
