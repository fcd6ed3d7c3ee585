/**
 * Which rows of a long list to put in the DOM. Positions are in "list space": `offsets` are
 * prefix sums of row heights (see RowHeights.offsets), so row i spans [offsets[i], offsets[i+1]).
 * Pure arithmetic, no DOM: the component measures, these functions decide.
 */

/** Half-open index range [start, end). */
export interface RowRange {
	start: number;
	end: number;
}

export interface WindowLimits {
	/** Rows rendered at least (when the list has them): context around the viewport, and enough rows that a short jump or fling never shows blank space. */
	minRows: number;
	/** Rows rendered at most: the DOM bound, however far back the reader scrolls. */
	maxRows: number;
}

function rowCount(offsets: ArrayLike<number>): number {
	return Math.max(0, offsets.length - 1);
}

/** The row whose span contains `y`, clamped to the list; -1 for an empty list. */
export function rowAt(offsets: ArrayLike<number>, y: number): number {
	const n = rowCount(offsets);
	if (n === 0) return -1;
	// Largest i with offsets[i] <= y.
	let low = 0;
	let high = n - 1;
	while (low < high) {
		const mid = (low + high + 1) >> 1;
		if (offsets[mid]! <= y) low = mid;
		else high = mid - 1;
	}
	return low;
}

/** The rows intersecting the viewport [top, top + height). */
export function visibleRows(offsets: ArrayLike<number>, top: number, height: number): RowRange {
	const n = rowCount(offsets);
	if (n === 0) return { start: 0, end: 0 };
	const start = rowAt(offsets, top);
	const last = rowAt(offsets, top + Math.max(0, height) - 0.001);
	return { start, end: Math.max(start, last) + 1 };
}

/**
 * Grows `core` to at least `minRows` rows, adding the same number of rows on each side where
 * there are rows to add (a side that runs out gives its share to the other), and cuts it to
 * `maxRows` around its start if the core alone is larger.
 */
export function expand(core: RowRange, n: number, limits: WindowLimits): RowRange {
	let { start, end } = core;
	if (end - start > limits.maxRows) return { start, end: start + limits.maxRows };
	const want = Math.min(n, limits.minRows);
	const missing = want - (end - start);
	if (missing <= 0) return { start, end };
	const before = Math.min(start, Math.ceil(missing / 2));
	const after = Math.min(n - end, missing - before);
	start -= before;
	end += after;
	// The bottom ran out: give the rest to the top.
	start = Math.max(0, start - (want - (end - start)));
	return { start, end };
}

/** The window to render for a viewport: the visible rows plus even context on both sides. */
export function windowAround(offsets: ArrayLike<number>, top: number, height: number, limits: WindowLimits): RowRange {
	return expand(visibleRows(offsets, top, height), rowCount(offsets), limits);
}

/** The newest rows: where a conversation opens, and what it shows while following new messages. */
export function tailWindow(n: number, limits: WindowLimits): RowRange {
	return { start: Math.max(0, n - limits.minRows), end: n };
}

/**
 * The newest rows while following new messages: the window's top row stays where it was
 * (`previousStart`) until the window would pass `maxRows`, then it drops back to `minRows`.
 * With no previous top (the list opens) it starts from `opening` instead: a conversation opens
 * on a full window, and the first cut brings it down to the following size.
 * Sliding it by one row per arrival had each new message also destroy the oldest bubble and
 * move the top spacer (a second DOM change and a relayout on the latency path); this way an
 * arrival only appends, and the cut happens once per `maxRows - minRows` arrivals.
 */
export function followingWindow(n: number, previousStart: number | undefined, limits: WindowLimits, opening: WindowLimits = limits): RowRange {
	// Nothing rendered yet (the conversation opens): the newest `opening.minRows`, a full window.
	if (previousStart === undefined) return tailWindow(n, opening);
	if (previousStart >= 0 && previousStart <= n) {
		const rows = n - previousStart;
		if (rows <= limits.maxRows && (rows >= limits.minRows || previousStart === 0)) return { start: previousStart, end: n };
	}
	return tailWindow(n, limits);
}

/** The least height a row renders at (a one-line bubble): what sizes the following window. */
export const MIN_ROW_PX = 36;
/** Screens of rows the following window holds: the viewport and one screen above it. */
export const FOLLOW_SCREENS = 2;
/** The following window never holds fewer rows than this, however short the viewport. */
export const FOLLOW_MIN_ROWS = 40;

/**
 * Limits for the following window, sized from the viewport instead of the scrolled window's
 * fixed `limits.minRows`: enough rows of the smallest height to fill `FOLLOW_SCREENS` screens,
 * at least FOLLOW_MIN_ROWS, at most `limits.minRows`, with the same growing room. A burst that
 * arrives faster than frames replaces the whole window once per render, so every row in it is
 * a bubble created and laid out per batch, most of them never on screen; scrolling away from
 * the bottom widens the window again (windowAround with `limits`).
 */
export function followingLimits(viewHeightPx: number, limits: WindowLimits): WindowLimits {
	const wanted = Math.ceil((FOLLOW_SCREENS * Math.max(0, viewHeightPx)) / MIN_ROW_PX);
	const minRows = Math.min(limits.minRows, Math.max(FOLLOW_MIN_ROWS, wanted));
	return { minRows, maxRows: minRows + Math.max(0, limits.maxRows - limits.minRows) };
}

/** A window that contains row `index` with about `lead` rows of context before it (a jump target). */
export function windowAt(index: number, n: number, lead: number, limits: WindowLimits): RowRange {
	if (n === 0) return { start: 0, end: 0 };
	const at = Math.min(Math.max(0, index), n - 1);
	const want = Math.min(n, limits.minRows);
	const start = Math.max(0, Math.min(at - Math.min(lead, want - 1), n - want));
	return { start, end: start + want };
}

/**
 * Whether `range` still holds the viewport with `margin` pixels of rendered rows beyond each
 * edge (an edge of the list needs no margin). While true the window stays put, so scrolling
 * re-renders in batches rather than on every pixel.
 */
export function covers(range: RowRange, offsets: ArrayLike<number>, top: number, height: number, margin: number): boolean {
	const n = rowCount(offsets);
	if (n === 0) return range.start === 0 && range.end === 0;
	if (range.start >= range.end) return false;
	const topOk = range.start === 0 || offsets[range.start]! <= top - margin;
	const bottomOk = range.end >= n || offsets[range.end]! >= top + height + margin;
	return topOk && bottomOk;
}
