import Dexie, { type Table } from 'dexie';

/**
 * Adds rows inside the current read-write transaction with one plain IndexedDB request each.
 * A burst adds hundreds of rows per transaction, and Dexie's `bulkAdd` hangs an error handler on
 * every request and walks all of them again once they are done: in a burst profile that cost
 * about as much renderer time as IndexedDB's own `add` (docs/BENCHMARKS.md, Burst, round 2).
 * Only the last row goes through Dexie: requests on one store run and succeed in the order they
 * were made, so its promise settles after every other row is written. A row that cannot be added
 * (its key is taken) fails its request; Dexie's transaction handler then rejects and aborts the
 * whole transaction, as a failed `bulkAdd` awaited inside it would: nothing of it is written.
 * Outside a transaction that holds the table this is simply `bulkAdd`.
 */
export function addRows<Row, Key>(table: Table<Row, Key>, rows: readonly Row[]): Promise<unknown> {
	const store = rows.length > 1 ? storeInTransaction(table) : null;
	if (!store) return table.bulkAdd([...rows]);
	const last = rows.length - 1;
	for (let i = 0; i < last; i++) store.add(rows[i]);
	return table.add(rows[last]!);
}

function storeInTransaction(table: Table<unknown, unknown>): IDBObjectStore | null {
	const transaction = Dexie.currentTransaction;
	if (!transaction?.active || transaction.db !== table.db || transaction.mode !== 'readwrite' || !transaction.idbtrans) return null;
	if (!transaction.storeNames.includes(table.name)) return null;
	return transaction.idbtrans.objectStore(table.name);
}
