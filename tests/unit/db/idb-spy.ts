import type { ChatDb } from '../../../src/lib/db/chat-db';

export interface TransactionRecord {
	mode: IDBTransactionMode;
	durability: string;
	stores: string[];
	/** Set when the transaction completed (committed). */
	committed: boolean;
}

type Watcher = { records: TransactionRecord[]; onComplete?: (record: TransactionRecord) => void };
const watched = new Map<string, Watcher>();

// Dexie binds IDBDatabase.transaction when it opens, so the spy sits on the prototype and is
// installed when this module loads, before any test database opens.
const prototype = globalThis.IDBDatabase.prototype;
const original = prototype.transaction;
prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
	const transaction = original.apply(this, args);
	const watcher = watched.get(this.name);
	if (watcher) {
		const record: TransactionRecord = { mode: transaction.mode, durability: transaction.durability, stores: [...transaction.objectStoreNames], committed: false };
		watcher.records.push(record);
		transaction.addEventListener('complete', () => {
			record.committed = true;
			watcher.onComplete?.(record);
		});
	}
	return transaction;
};

/**
 * Records every IndexedDB transaction the database opens from now on, below Dexie, so a test
 * can count real transactions and see their durability.
 */
export function spyTransactions(db: ChatDb, onComplete?: (record: TransactionRecord) => void): TransactionRecord[] {
	const records: TransactionRecord[] = [];
	watched.set(db.name, { records, onComplete });
	return records;
}

export const writes = (records: readonly TransactionRecord[]) => records.filter((record) => record.mode === 'readwrite');
