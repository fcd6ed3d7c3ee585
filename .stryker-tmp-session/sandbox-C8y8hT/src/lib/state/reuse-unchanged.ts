/**
 * A live query re-reads its whole result after every write. Handing back the previous object
 * for rows that did not change lets a keyed list skip them, so a new message costs one bubble,
 * not a re-render of the thread. Plain (non-reactive) on purpose: it is a cache, not state.
 */
// @ts-nocheck

export function reuseUnchanged<T extends { id: string }>(keyOf: (row: T) => string = (row) => row.id): (rows: T[]) => T[] {
	let previous = new Map<string, T>();
	return (rows) => {
		const next = new Map<string, T>();
		const out = rows.map((row) => {
			const key = keyOf(row);
			const old = previous.get(key);
			const kept = old !== undefined && shallowEqual(old, row) ? old : row;
			next.set(key, kept);
			return kept;
		});
		previous = next;
		return out;
	};
}

function shallowEqual(a: object, b: object): boolean {
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every((key) => Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
