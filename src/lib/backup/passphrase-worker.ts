// The passphrase worker: postMessage glue around passphrase-estimator.ts (tested in Node).
// zxcvbn builds its matcher once here (~1 s on a slow machine) and a check may take a few
// hundred milliseconds; the page keeps answering keystrokes meanwhile. Requests that arrive
// during a check replace each other: only the newest text is rated next.
import { createEstimator } from './passphrase-estimator';
import type { StrengthReply, StrengthRequest } from './passphrase-protocol';

interface WorkerScope {
	postMessage(message: StrengthReply): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<StrengthRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;
const estimator = createEstimator();
let next: StrengthRequest | null = null;
let busy = false;

scope.addEventListener('message', (event) => {
	next = event.data;
	if (!busy) void drain();
});

async function drain(): Promise<void> {
	busy = true;
	try {
		const estimate = await estimator.catch(() => null);
		for (;;) {
			// Lets the messages already queued arrive first, so a burst of keystrokes costs one check.
			await new Promise((resolve) => setTimeout(resolve, 0));
			const request = next;
			next = null;
			if (!request) return;
			scope.postMessage({ id: request.id, level: estimate ? estimate(request.passphrase).level : null });
		}
	} finally {
		busy = false;
	}
}
