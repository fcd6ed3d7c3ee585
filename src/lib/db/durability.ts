import type { ChatDb } from './chat-db';

const BARRIER_KEY = 'durability-barrier';

/**
 * Waits until everything committed so far is on disk. Ordinary writes commit 'relaxed' (the
 * OS has them; a power cut can lose the last ones). This writes one tiny row with
 * `durability: 'strict'`, whose commit returns only after the storage backend synced its log.
 * Chromium keeps one log per database (LevelDB's write-ahead log; SQLite's WAL in newer
 * builds), written in commit order, so syncing it makes every earlier relaxed commit durable
 * too. That is the assumption this rests on; see docs/ARCHITECTURE.md, "Durability".
 */
export function commitDurably(db: ChatDb): Promise<void> {
	return new Promise((resolve, reject) => {
		const transaction = db.backendDB().transaction('settings', 'readwrite', { durability: 'strict' });
		// A real write: an empty transaction may commit without touching the log at all.
		transaction.objectStore('settings').put({ key: BARRIER_KEY, value: 0 });
		transaction.oncomplete = () => resolve();
		transaction.onerror = () => reject(transaction.error ?? new Error('durability barrier failed'));
		transaction.onabort = () => reject(transaction.error ?? new Error('durability barrier aborted'));
	});
}
