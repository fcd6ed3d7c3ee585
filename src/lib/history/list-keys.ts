// Arrow-key navigation in the message list (one tab stop, roving focus): which loaded row a key
// moves the focus to. Pure: rows are known by index and by their offsets (row i spans
// offsets[i]..offsets[i + 1], px from the top of the loaded history).

export const LIST_KEYS = ['ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

export function isListKey(key: string): key is ListKey {
	return (LIST_KEYS as readonly string[]).includes(key);
}

/**
 * The row to focus after `key` on row `at` of `count` loaded rows: Up/Down one row, Home/End the
 * first/last loaded, PageUp/PageDown the row about one viewport (`viewPx`) away, at least one.
 * Stays within the loaded rows (reaching the top is what loads older ones).
 */
export function movedFocus(key: ListKey, at: number, count: number, offsets: ArrayLike<number>, viewPx: number): number {
	const last = count - 1;
	const clamp = (index: number) => Math.min(Math.max(index, 0), Math.max(last, 0));
	switch (key) {
		case 'ArrowUp':
			return clamp(at - 1);
		case 'ArrowDown':
			return clamp(at + 1);
		case 'Home':
			return 0;
		case 'End':
			return clamp(last);
		case 'PageUp':
		case 'PageDown': {
			const step = key === 'PageUp' ? -1 : 1;
			const from = offsets[at] ?? 0;
			let index = clamp(at + step);
			while (index !== clamp(index + step) && Math.abs((offsets[index + step] ?? from) - from) <= viewPx) index += step;
			return index;
		}
	}
}
