// @ts-nocheck
// 
// 
import { OUTBOX_SYNC_TAG, isFlushOutboxMessage } from '../sw/messages';

// Background Sync (Chromium only) is not in TypeScript's DOM lib.
interface SyncManager {
	register(tag: string): Promise<void>;
	getTags(): Promise<string[]>;
}

type SyncRegistration = ServiceWorkerRegistration & { readonly sync: SyncManager };

/** The parts of ServiceWorkerContainer these helpers use (a fake in unit tests). */
export type WorkerContainer = Pick<ServiceWorkerContainer, 'getRegistration' | 'addEventListener' | 'removeEventListener' | 'startMessages'>;

export function supportsBackgroundSync(registration: ServiceWorkerRegistration): registration is SyncRegistration {
	return 'sync' in registration;
}

function browserContainer(): WorkerContainer | undefined {
	return typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
}

/**
 * Asks the browser to wake the service worker once connectivity is back, which then asks every
 * open window to flush its outbox (see onOutboxSyncRequest). Call it when a message is stored
 * while it cannot be delivered. Resolves to false, never rejects, when there is no active
 * service worker (dev server, first load still installing) or no Background Sync (Firefox,
 * Safari): the app's own reconnect-then-flush still delivers while it is open.
 */
export async function requestOutboxSync(container: WorkerContainer | undefined = browserContainer()): Promise<boolean> {
	if (!container) return false;
	try {
		const registration = await container.getRegistration();
		if (!registration?.active || !supportsBackgroundSync(registration)) return false;
		await registration.sync.register(OUTBOX_SYNC_TAG);
		return true;
	} catch {
		// Permission denied or the registration went away: nothing better to do.
		return false;
	}
}

/**
 * Calls `flush` whenever the service worker relays the outbox sync to this window. Returns the
 * unsubscribe function. A no-op where service workers are unavailable.
 */
export function onOutboxSyncRequest(flush: () => void, container: WorkerContainer | undefined = browserContainer()): () => void {
	if (!container) return () => {};
	const listener = (event: Event) => {
		if (isFlushOutboxMessage((event as MessageEvent).data)) flush();
	};
	container.addEventListener('message', listener);
	// Messages from the worker are queued until the page opts in (DOMContentLoaded also does it).
	container.startMessages();
	return () => container.removeEventListener('message', listener);
}
