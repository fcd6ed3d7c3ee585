// @ts-nocheck
// The small contract between the service worker and the page. Pure: imported by both
// src/service-worker.ts and src/lib/pwa/*, and by unit tests in Node.

/** Background Sync tag the page registers when it has messages waiting to be sent. */
export const OUTBOX_SYNC_TAG = 'parley-outbox';

/** Posted by the service worker to every window when the browser fires the outbox sync. */
export const FLUSH_OUTBOX = 'parley-flush-outbox';

/** Sent by workbox-window's `messageSkipWaiting()`; the waiting worker then activates. */
export const SKIP_WAITING = 'SKIP_WAITING';

export interface FlushOutboxMessage {
	type: typeof FLUSH_OUTBOX;
}

function hasType(data: unknown, type: string): boolean {
	return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === type;
}

export function isFlushOutboxMessage(data: unknown): data is FlushOutboxMessage {
	return hasType(data, FLUSH_OUTBOX);
}

export function isSkipWaitingMessage(data: unknown): boolean {
	return hasType(data, SKIP_WAITING);
}
