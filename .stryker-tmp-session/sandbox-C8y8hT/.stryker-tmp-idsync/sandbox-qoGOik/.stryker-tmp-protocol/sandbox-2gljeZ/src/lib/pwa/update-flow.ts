// @ts-nocheck
// 
// 
// Pure wiring between workbox-window's lifecycle events and the update prompt, kept apart from
// Workbox itself so it can be unit-tested with a fake.

export interface UpdateSink {
	offer(apply: () => void): void;
}

/** The slice of workbox-window's Workbox this uses. */
export interface UpdateSource {
	addEventListener(type: 'waiting' | 'controlling', listener: () => void): void;
	messageSkipWaiting(): void;
}

/**
 * - `waiting` (a new version installed, or was already waiting at load): offer it; accepting
 *   tells the waiting worker to skip waiting.
 * - `controlling` after the user accepted here: reload into the new version.
 * - `controlling` that replaced an older worker without being accepted here (the user updated
 *   from another tab): this page still runs the old code on new caches, so offer a plain reload.
 * - `controlling` for the first install (no previous controller): nothing changes for the user.
 */
export function wireUpdateFlow(source: UpdateSource, sink: UpdateSink, options: { hadController: boolean; reload: () => void }): void {
	let accepted = false;
	let hadController = options.hadController;
	source.addEventListener('waiting', () => {
		sink.offer(() => {
			accepted = true;
			source.messageSkipWaiting();
		});
	});
	source.addEventListener('controlling', () => {
		const replaced = hadController;
		hadController = true;
		if (accepted) options.reload();
		else if (replaced) sink.offer(options.reload);
	});
}
