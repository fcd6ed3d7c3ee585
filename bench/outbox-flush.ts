import type { Browser, Page } from '@playwright/test';
import { TEST_HOOKS_INIT, readStats, sendInParallel, setInvisible, waitForHooks } from '../tests/e2e/parley-hooks';
import { conversationButton } from '../tests/e2e/parley-ui';
import { connectPeers, openOnboardedPeer } from './app-peers';
import { cpuUsed, sampleBrowserCpu, type CpuUsed } from './process-cpu';

const APP_DB = 'parley';
const POLL_MS = 50;
const PARALLEL_SENDS = 200;
const FLUSH_TIMEOUT_MS = 300_000;

export interface OutboxFlushResult {
	messages: number;
	/** A's `send` calls until all rows were stored as pending (B invisible). */
	writeMs: number;
	/** B visible → A has nothing pending and B has stored every message. */
	flushMs: number;
	/** Baseline: the same number of rows of the same shape, one raw IndexedDB transaction. */
	rawBulkWriteMs: number;
	/** One `stats()` call on B once it holds every message (what polling it would cost). */
	statsMs: number;
	/** CPU the browser (all its processes) used during the flush and during the raw write; null off Linux. */
	flushCpu: CpuUsed | null;
	rawBulkWriteCpu: CpuUsed | null;
}

// Page functions below are anonymous arrows with no named locals: tsx would wrap named
// functions in __name(), which the page does not have.

/** In-page: polls the app's own database read-only until `count` rows match, then returns. */
export function waitForCount(page: Page, query: { store: 'sender' | 'receiver'; pendingFor?: string; target: number }): Promise<void> {
	return page.evaluate(
		async ({ db: name, store, pendingFor, target, pollMs, timeoutMs }) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const open = indexedDB.open(name);
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error ?? new Error('open failed'));
			});
			const deadline = performance.now() + timeoutMs;
			try {
				for (;;) {
					// Rows at or below the peer's delivery mark are acked though stored as pending
					// (src/lib/db/delivery-marks.ts); builds from before the marks have no such store.
					const from =
						pendingFor !== undefined && db.objectStoreNames.contains('deliveryMarks')
							? await new Promise<number>((resolve, reject) => {
									const request = db.transaction('deliveryMarks', 'readonly').objectStore('deliveryMarks').get(pendingFor);
									request.onsuccess = () => resolve((request.result as { sentThrough?: number } | undefined)?.sentThrough ?? -Infinity);
									request.onerror = () => reject(request.error ?? new Error('mark read failed'));
								})
							: -Infinity;
					const count = await new Promise<number>((resolve, reject) => {
						const source = db.transaction(store, 'readonly').objectStore(store);
						const request =
							pendingFor === undefined
								? source.count()
								: source.index('[peerId+status+seq]').count(IDBKeyRange.bound([pendingFor, 'pending', from], [pendingFor, 'pending', Infinity], true));
						request.onsuccess = () => resolve(request.result);
						request.onerror = () => reject(request.error ?? new Error('count failed'));
					});
					if (count === target) return;
					if (performance.now() > deadline) throw new Error(`${store}: ${count} rows, waiting for ${target}`);
					await new Promise((resolve) => setTimeout(resolve, pollMs));
				}
			} finally {
				db.close();
			}
		},
		{ db: APP_DB, ...query, pollMs: POLL_MS, timeoutMs: FLUSH_TIMEOUT_MS }
	);
}

/** In-page: `rows` outbox-shaped rows into a scratch database (same indexes), one transaction. */
function rawBulkWrite(page: Page, peerId: string, rows: number): Promise<number> {
	return page.evaluate(
		async ({ peerId, rows }) => {
			const name = `bench-scratch-${crypto.randomUUID()}`;
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const open = indexedDB.open(name, 1);
				open.onupgradeneeded = () => {
					const store = open.result.createObjectStore('sender', { keyPath: 'id' });
					store.createIndex('[conversationId+time]', ['conversationId', 'time']);
					store.createIndex('[conversationId+seq]', ['conversationId', 'seq']);
					store.createIndex('[peerId+status+seq]', ['peerId', 'status', 'seq']);
				};
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error ?? new Error('open failed'));
			});
			const now = Date.now();
			const started = performance.now();
			await new Promise<void>((resolve, reject) => {
				// The app's own durability (see src/lib/db/chat-db.ts).
				const tx = db.transaction('sender', 'readwrite', { durability: 'relaxed' });
				const store = tx.objectStore('sender');
				for (let i = 0; i < rows; i += 1) {
					store.put({ id: crypto.randomUUID(), conversationId: peerId, peerId, seq: i + 1, text: `A>B#${i}`, time: now + i, status: 'pending' });
				}
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
			});
			const elapsed = performance.now() - started;
			db.close();
			indexedDB.deleteDatabase(name);
			return elapsed;
		},
		{ peerId, rows }
	);
}

/** Drops the open thread (connectPeers leaves one open on each side): a reload shows no thread. */
async function closeThread(page: Page): Promise<void> {
	await page.reload();
	await waitForHooks(page);
	await page.getByText('Select a conversation').waitFor();
}

/**
 * Time for a recipient who comes online to receive (and the sender to see acknowledged) a full
 * outbox: B goes invisible, A writes `messages`, B becomes visible, until nothing is pending.
 * `openThreads`: both sides keep their conversation with each other open, else neither does.
 */
export async function measureOutboxFlush(
	browser: Browser,
	baseURL: string,
	messages: number,
	{ openThreads }: { openThreads: boolean }
): Promise<OutboxFlushResult> {
	const a = await openOnboardedPeer(browser, baseURL, 'Alice', [TEST_HOOKS_INIT]);
	try {
		const b = await openOnboardedPeer(browser, baseURL, 'Bob', [TEST_HOOKS_INIT]);
		try {
			await connectPeers(a, b);
			if (!openThreads) await Promise.all([closeThread(a.page), closeThread(b.page)]);
			const bId = await waitForHooks(b.page);
			await waitForHooks(a.page);
			const rawCpuBefore = sampleBrowserCpu();
			const rawBulkWriteMs = await rawBulkWrite(a.page, bId, messages);
			const rawBulkWriteCpu = cpuUsed(rawCpuBefore, sampleBrowserCpu());
			const receivedBefore = (await readStats(b.page)).received.length;

			await setInvisible(b.page, true);
			// Until A sees B leave, a write could still go out over the closing channel.
			await conversationButton(a.page, b.name).getByTitle('online').waitFor({ state: 'hidden' });
			const texts = Array.from({ length: messages }, (_, i) => `A>B#${i}`);
			const writeStarted = performance.now();
			await sendInParallel(a.page, bId, texts, PARALLEL_SENDS);
			const writeMs = performance.now() - writeStarted;
			await waitForCount(a.page, { store: 'sender', pendingFor: bId, target: messages });

			const flushCpuBefore = sampleBrowserCpu();
			const flushStarted = performance.now();
			await setInvisible(b.page, false);
			await Promise.all([
				waitForCount(a.page, { store: 'sender', pendingFor: bId, target: 0 }),
				waitForCount(b.page, { store: 'receiver', target: receivedBefore + messages })
			]);
			const flushMs = performance.now() - flushStarted;
			const flushCpu = cpuUsed(flushCpuBefore, sampleBrowserCpu());

			const statsStarted = performance.now();
			const bStats = await readStats(b.page);
			const statsMs = performance.now() - statsStarted;
			const aStats = await readStats(a.page);
			const distinct = new Set(bStats.received.map((row) => row.text));
			if (aStats.pending !== 0 || texts.some((text) => !distinct.has(text)) || bStats.received.length !== receivedBefore + messages) {
				throw new Error(`outbox flush incomplete: A pending ${aStats.pending}, B holds ${bStats.received.length} rows, ${distinct.size} distinct`);
			}
			return { messages, writeMs, flushMs, rawBulkWriteMs, statsMs, flushCpu, rawBulkWriteCpu };
		} finally {
			await b.context.close();
		}
	} finally {
		await a.context.close();
	}
}
