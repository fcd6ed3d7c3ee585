/**
 * Keeping a loaded stretch of a thread current from committed changes (the change feed) instead
 * of re-reading it after every write. Pure: rows are plain objects in thread order, changes are
 * rows as committed; these functions only decide where each one goes.
 */

/** What the thread needs to know of a row to place it. */
export interface PlacedRow {
	id: string;
	direction: 'in' | 'out';
	time: number;
}

/**
 * A row's identity in a thread. Message ids are unique within each direction only: a peer that
 * sends back one of our own ids as theirs must not be able to replace our row, so the direction
 * is part of the key.
 */
export function rowKey(row: Pick<PlacedRow, 'direction' | 'id'>): string {
	// One string per row object: the list rebuilds its keys and offsets over every loaded row on
	// each change, and the same string (its hash computed once) makes those map lookups cheap.
	let key = keys.get(row);
	if (key === undefined) {
		key = `${row.direction}:${row.id}`;
		keys.set(row, key);
	}
	return key;
}

const keys = new WeakMap<object, string>();

/** Thread order: local time, then id, then direction (rows stored with the same time are rare). */
export function threadOrder(a: PlacedRow, b: PlacedRow): number {
	if (a.time !== b.time) return a.time - b.time;
	if (a.id !== b.id) return a.id < b.id ? -1 : 1;
	return a.direction === b.direction ? 0 : a.direction === 'in' ? -1 : 1;
}

/**
 * `rows` with `changes` applied: a row already there (same key) is replaced where it stands, a
 * new one inserted in thread order (usually at the end: appending is the common case and costs
 * no search), and rows `accepts` refuses (outside this stretch) are left out. Returns `rows`
 * itself when nothing changed, and keeps the old object for a change equal to what is shown, so
 * a keyed list re-renders only rows that really changed.
 */
export function applyRows<T extends PlacedRow>(rows: readonly T[], changes: readonly T[], accepts: (row: T) => boolean): readonly T[] {
	let out: T[] | null = null;
	for (const row of changes) {
		if (!accepts(row)) continue;
		const current: readonly T[] = out ?? rows;
		const at = findKey(current, row);
		if (at >= 0 && shallowEqual(current[at]!, row)) continue;
		out ??= rows.slice();
		if (at >= 0 && current[at]!.time === row.time) {
			out[at] = row;
			continue;
		}
		if (at >= 0) out.splice(at, 1);
		out.splice(insertionPoint(out, row), 0, row);
	}
	return out ?? rows;
}

/** Whether `rows` hold a row of this key (rowKey: id and direction). */
export function hasKey(rows: readonly PlacedRow[], row: PlacedRow): boolean {
	return findKey(rows, row) >= 0;
}

/**
 * Where a row of this key stands, or -1. Searched from the newest end: acks, edits and new
 * messages almost always concern the last rows, so this is a few comparisons, not a scan.
 */
function findKey(rows: readonly PlacedRow[], row: PlacedRow): number {
	for (let i = rows.length - 1; i >= 0; i--) {
		const candidate = rows[i]!;
		if (candidate.id === row.id && candidate.direction === row.direction) return i;
	}
	return -1;
}

/** The index before which `row` belongs (after every row that sorts before or with it). */
function insertionPoint(rows: readonly PlacedRow[], row: PlacedRow): number {
	const last = rows[rows.length - 1];
	if (!last || threadOrder(last, row) <= 0) return rows.length;
	let low = 0;
	let high = rows.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (threadOrder(rows[mid]!, row) <= 0) low = mid + 1;
		else high = mid;
	}
	return low;
}

function shallowEqual(a: object, b: object): boolean {
	if (a === b) return true;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every((key) => Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * Where to cut a tail that grew to `limit` rows or more so that the newest `keep` stay: the
 * time the kept part starts at, or null when there is nothing to cut. Rows sharing that time
 * all stay (stretches are time ranges), so the kept part may be a little longer than `keep`.
 */
export function tailCut(rows: readonly PlacedRow[], limit: number, keep: number): number | null {
	if (rows.length < limit || keep <= 0 || rows.length <= keep) return null;
	const since = rows[rows.length - keep]!.time;
	return rows[0]!.time < since ? since : null;
}

/** Ids of the received rows shown as unread. */
export function unreadIds(rows: readonly (PlacedRow & { unread?: number })[]): string[] {
	return rows.filter((row) => row.direction === 'in' && row.unread === 1).map((row) => row.id);
}

/** `rows` with the received ones among `ids` shown as read (new objects only for those). */
export function markedRead<T extends PlacedRow & { unread?: number }>(rows: readonly T[], ids: readonly string[]): readonly T[] {
	const read = new Set(ids);
	return rows.map((row) => (row.direction === 'in' && row.unread === 1 && read.has(row.id) ? { ...row, unread: 0 } : row));
}
