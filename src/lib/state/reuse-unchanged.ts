/**
 * A live query re-reads its whole result after every write. Handing back the previous object
 * for rows that did not change lets a keyed list skip them, so a new message costs one bubble,
 * not a re-render of the thread. Plain (non-reactive) on purpose: it is a cache, not state.
 */
export function reuseUnchanged<T extends { id: string }>(): (rows: T[]) => T[] {
	let previous = new Map<string, T>();
	return (rows) => {
		const next = new Map<string, T>();
		const out = rows.map((row) => {
			const old = previous.get(row.id);
			const kept = old !== undefined && shallowEqual(old, row) ? old : row;
			next.set(row.id, kept);
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
