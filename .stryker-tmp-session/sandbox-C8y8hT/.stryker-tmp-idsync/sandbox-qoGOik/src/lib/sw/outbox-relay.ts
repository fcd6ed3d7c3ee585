// @ts-nocheck
// 
import { FLUSH_OUTBOX, type FlushOutboxMessage } from './messages';

/** The slice of the worker's `Clients` this needs (structural, so it also type-checks under DOM). */
export interface WindowClients {
	matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly { postMessage(message: unknown): void }[]>;
}

/**
 * Answers the `parley-outbox` Background Sync. A service worker cannot hold the WebRTC
 * connections messages travel on, so it only wakes the open app windows, which flush their
 * outbox themselves. With no window open it resolves without doing anything: nothing can be
 * sent until the app is opened again (and the app flushes its outbox on start anyway).
 * Resolving rather than failing keeps the browser from retrying a sync that cannot help.
 * Returns how many windows were asked.
 */
export async function relayOutboxSync(clients: WindowClients): Promise<number> {
	const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
	const message: FlushOutboxMessage = { type: FLUSH_OUTBOX };
	for (const client of windows) client.postMessage(message);
	return windows.length;
}
